"""The FastAPI app of one registry: its own routes plus what every registry has (change feed,
access log, fault switches, health)."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from mock_registries.common.access import build_access_router
from mock_registries.common.context import RegistryContext
from mock_registries.common.fault_routes import build_fault_router
from mock_registries.common.faults import FaultMiddleware, Sleep
from mock_registries.common.feed_routes import build_feed_router


def create_registry_app(ctx: RegistryContext, title: str, routers: list[APIRouter]) -> FastAPI:
    ctx.create_schema()
    app = FastAPI(title=title, description=f"Mock registry `{ctx.name}` with its change feed.")
    app.state.registry = ctx

    def sleep() -> Sleep:
        return ctx.sleep

    app.add_middleware(
        FaultMiddleware,
        registry=ctx.name,
        faults=ctx.faults,
        optional_fields=ctx.optional_fields,
        sleep=sleep,
    )
    app.include_router(build_feed_router(ctx))
    for router in routers:
        app.include_router(router)
    app.include_router(build_access_router(ctx))
    app.include_router(build_fault_router(ctx))

    @app.get("/health", tags=["health"])
    def health() -> dict[str, str]:
        return {"status": "ok", "registry": ctx.name}

    return app
