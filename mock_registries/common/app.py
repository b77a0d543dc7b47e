"""The FastAPI app of one registry: its own routes plus what every registry has (change feed,
access log, fault switches, health)."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from mock_registries.common.access import access_router
from mock_registries.common.context import RegistryContext
from mock_registries.common.errors import (
    Problem,
    http_handler,
    problem_handler,
    validation_handler,
)
from mock_registries.common.fault_routes import fault_router, health_router
from mock_registries.common.faults import FaultMiddleware, Sleep
from mock_registries.common.feed_routes import feed_router
from mock_registries.common.gateway import GatewayMiddleware
from mock_registries.common.openapi import API_VERSION, registry_openapi


def create_registry_app(ctx: RegistryContext, title: str, routers: list[APIRouter]) -> FastAPI:
    """The app of one registry. Routers are built once per process and shared between apps
    (their routes find the registry in ``app.state``): their routes are added as they are,
    without the per-app analysis ``include_router`` would repeat."""
    ctx.create_schema()
    app = FastAPIOffline(  # its documentation page carries its own assets: no CDN
        title=title,
        version=API_VERSION,
        description=f"Mock registry `{ctx.name}` with its change feed.",
    )
    app.openapi = lambda: registry_openapi(app)  # type: ignore[method-assign]
    app.state.registry = ctx
    app.add_exception_handler(Problem, problem_handler)
    app.add_exception_handler(RequestValidationError, validation_handler)
    app.add_exception_handler(StarletteHTTPException, http_handler)

    def sleep() -> Sleep:
        return ctx.sleep

    app.add_middleware(
        FaultMiddleware,
        registry=ctx.name,
        faults=ctx.faults,
        optional_fields=ctx.optional_fields,
        sleep=sleep,
    )
    app.add_middleware(GatewayMiddleware)
    for router in [feed_router(), *routers, access_router(), fault_router(), health_router()]:
        app.router.routes.extend(router.routes)
    return app
