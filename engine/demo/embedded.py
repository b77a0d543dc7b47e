"""The embedded demo: every mock registry, the engine, its jobs and the dashboard in one
process on SQLite."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from fastapi import FastAPI

from engine.app import build_services, create_app
from engine.clock.store import has_offset, save_offset
from engine.config import Settings
from engine.demo.actors import DemoActors
from engine.demo.daytime import start_demo_in_daytime
from engine.demo.routes import router as demo_router
from engine.demo.stories import DemoSwitch, Presenter
from engine.pipeline.claims import release_all
from engine.scheduler import JobSpec, guarded
from engine.services import Services

if TYPE_CHECKING:
    from mock_registries.serve import RegistryOptions

log = logging.getLogger("engine.demo")


def build_demo(
    settings: Settings, *, scenario: bool = True, registries: RegistryOptions | None = None
) -> FastAPI:
    """``registries`` sets the mock registries' population, faults and scenario rate (by
    default from the settings); ``scenario`` False starts no automatic life events."""
    # The demo plays the registries' side too; the engine itself never imports them.
    from mock_registries.serve import (
        RegistryOptions,
        build_bundle,
        scenario_runner,
        seed_bundle,
    )

    options = registries or RegistryOptions(population=settings.population, seed=settings.seed)
    options.scenario = options.scenario and scenario
    services = build_services(settings)
    if not has_offset(services.db):
        shift = start_demo_in_daytime(services.clock)
        save_offset(services.db, services.clock)
        if shift:
            log.info(
                "engine.demo.clock_moved by=%s now=%s reason=SMS are held at night in Kazakhstan",
                shift,
                services.clock.now().isoformat(timespec="minutes"),
            )
    bundle = build_bundle(
        options,
        settings.registry_url_for,
        services.clock.now,
        peers_url=settings.registries_url,
        secret=settings.secret,
        demo_features=settings.demo_features,
        faults_remote=settings.demo_remote,
    )
    runner = scenario_runner(bundle, options, settings.secret, services.clock.now)

    def seed(svc: Services) -> None:
        taken_back = release_all(svc.db)
        if taken_back:
            log.info("engine.demo.claims_taken_back events=%d", taken_back)
        seed_bundle(bundle, options, svc.clock.now(), log.info)
        if runner is not None:
            runner.start()

    switch = DemoSwitch()
    actors = DemoActors(services, settings.seed, switch) if scenario else None
    jobs = (
        [JobSpec("demo:actors", 2, guarded(services, "demo:actors", actors.tick))] if actors else []
    )
    app = create_app(
        services, mounts=bundle.apps, background=True, on_startup=[seed], extra_jobs=jobs
    )
    stop_engine_jobs = app.state.stop_jobs

    def stop_jobs() -> None:
        if runner is not None:
            runner.stop()
        stop_engine_jobs()

    app.state.stop_jobs = stop_jobs
    app.state.presenter = Presenter(services, switch, runner)
    app.include_router(demo_router)
    return app
