"""The FastAPI app of one registry."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from mock_registries.common.context import RegistryContext
from mock_registries.common.feed_routes import build_feed_router


def create_registry_app(ctx: RegistryContext, title: str, routers: list[APIRouter]) -> FastAPI:
    ctx.create_schema()
    app = FastAPI(title=title, description=f"Mock registry `{ctx.name}` with its change feed.")
    app.state.registry = ctx
    app.include_router(build_feed_router(ctx))
    for router in routers:
        app.include_router(router)

    @app.get("/health", tags=["health"])
    def health() -> dict[str, str]:
        return {"status": "ok", "registry": ctx.name}

    return app
