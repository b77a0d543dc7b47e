"""The app factory: nothing is built at import time."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

import httpx
from fastapi import Depends, FastAPI
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel

from engine.api.openapi import API_VERSION, VersionHeader, engine_openapi
from engine.api.problems import answer_with_problems, problem_responses
from engine.audit.chain import use_key
from engine.audit.recording import RecordingRegistryClient
from engine.audit.routes import router as access_log_router
from engine.auth.deps import local_demo_caller
from engine.auth.tokens import Principal, issue
from engine.clock import SimulatedClock
from engine.clock.routes import router as clock_router
from engine.clock.store import load_offset
from engine.config import Settings
from engine.control_room.routes import router as control_room_router
from engine.db import make_engine, migrate
from engine.dead_letters.routes import router as dead_letters_router
from engine.fulfilment.routes import router as tasks_router
from engine.inbox.page import demo_router as citizen_demo_router
from engine.inbox.page import router as citizen_page_router
from engine.inbox.representation_routes import router as representation_router
from engine.inbox.routes import router as inbox_router
from engine.notify.routes import faults_router as notify_faults_router
from engine.notify.routes import router as notify_router
from engine.pipeline.milestones import remember_start
from engine.rules_api.routes import router as rules_router
from engine.scheduler import BackgroundJobs, JobSpec, periodic_jobs, worker_jobs
from engine.service_catalogue.routes import router as service_catalogue_router
from engine.services import CatalogueHolder, Services
from engine.sms.routes import router as sms_router
from engine.web.routes import router as web_router

log = logging.getLogger("engine.app")

StartupHook = Callable[[Services], None]


class Health(BaseModel):
    status: Literal["ok", "starting"]


def engine_token(settings: Settings) -> str:
    """The engine's own credential towards the registries (it reads through the e-government
    gateway operated by the digital ministry)."""
    principal = Principal(kind="official", subject="digital", role="engine")
    return issue(principal, settings.secret, datetime.now(UTC), timedelta(days=3650))


def build_services(
    settings: Settings,
    *,
    clock: SimulatedClock | None = None,
    registry_transports: dict[str, httpx.AsyncBaseTransport] | None = None,
) -> Services:
    url = settings.engine_database_url()
    migrate(url)
    db = make_engine(url)
    use_key(db, settings.audit_key)
    if clock is None:
        clock = SimulatedClock()
        load_offset(db, clock)
    return Services(
        settings=settings,
        db=db,
        clock=clock,
        catalogue=CatalogueHolder(
            settings.rules_dir,
            settings.life_events_dir,
            project_missing_law=settings.projects_missing_law,
        ),
        registries=RecordingRegistryClient(
            settings.registries_url,
            registry_transports,
            token=engine_token(settings),
            db=db,
            clock=clock,
        ),
    )


def create_app(
    services: Services,
    *,
    mounts: dict[str, FastAPI] | None = None,
    background: bool = False,
    on_startup: list[StartupHook] | None = None,
    extra_jobs: list[JobSpec] | None = None,
) -> FastAPI:
    """The engine's HTTP app. ``mounts`` are registry apps served under ``/registries/NAME``
    (the embedded demo); ``background`` starts the feed watchers and the event processor."""
    services.settings.check_secret()
    services.settings.check_audit_key()
    jobs = (
        BackgroundJobs(
            services, periodic_jobs(services) + worker_jobs(services) + (extra_jobs or [])
        )
        if background
        else None
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        remember_start(services)
        for hook in on_startup or []:
            hook(services)
        if jobs is not None:
            jobs.start()
        services.started.set()
        log.info("engine.app.started mode=%s", services.settings.mode)
        try:
            yield
        finally:
            services.started.clear()
            if jobs is not None:
                jobs.stop()

    app = FastAPIOffline(  # the API's documentation page carries its own assets: no CDN
        favicon_url="/static/favicon.svg",
        title="proactive",
        description="Proactive public services: life events in state registries become "
        "entitlements in the citizen's inbox, without an application.",
        version=API_VERSION,
        lifespan=lifespan,
    )
    app.openapi = lambda: engine_openapi(app)  # type: ignore[method-assign]
    # a server stops the jobs before closing its sockets (see engine/serving.py)
    app.state.stop_jobs = jobs.stop if jobs is not None else (lambda: None)
    app.state.services = services
    answer_with_problems(app)
    app.add_middleware(VersionHeader)

    @app.get(
        "/health",
        tags=["health"],
        response_model=Health,
        responses={503: {"model": Health, "description": "still starting"}},
    )
    def health() -> JSONResponse:
        if not services.started.is_set():
            return JSONResponse({"status": "starting"}, status_code=503)
        return JSONResponse({"status": "ok"})

    app.include_router(inbox_router)
    app.include_router(rules_router)
    app.include_router(control_room_router)
    app.include_router(dead_letters_router)
    app.include_router(tasks_router)
    app.include_router(service_catalogue_router)
    app.include_router(representation_router)
    app.include_router(access_log_router)
    app.include_router(sms_router)
    app.include_router(notify_router)
    app.include_router(citizen_page_router)
    if services.settings.demo_features:
        local = [Depends(local_demo_caller)]
        refused = problem_responses(403)  # a caller not on this machine
        app.include_router(clock_router, dependencies=local, responses=refused)
        app.include_router(notify_faults_router, dependencies=local, responses=refused)
        app.include_router(citizen_demo_router, dependencies=local, responses=refused)
    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "web" / "static"), "static")
    for name, registry_app in (mounts or {}).items():
        app.mount(f"/registries/{name}", registry_app)
    return app
