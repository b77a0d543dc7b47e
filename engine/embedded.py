"""The embedded demo: every mock registry, the engine, its jobs and the dashboard in one
process on SQLite."""

from __future__ import annotations

import logging

from fastapi import FastAPI

from engine.app import build_services, create_app
from engine.config import Settings
from engine.services import Services

log = logging.getLogger("engine.demo")


def build_demo(settings: Settings, *, scenario: bool = True) -> FastAPI:
    # The demo plays the registries' side too; the engine itself never imports them.
    from mock_registries.bundle import build_registries
    from mock_registries.population.seed import seed_population

    services = build_services(settings)
    bundle = build_registries(
        settings.registry_url_for, services.clock.now, peers_url=settings.registries_url
    )

    def seed(svc: Services) -> None:
        population = bundle.contexts["population"]
        step = max(1, settings.population // 10)

        def progress(done: int) -> None:
            if done % step < 5000 or done == settings.population:
                log.info("demo.seed.progress persons=%d of %d", done, settings.population)

        total = seed_population(
            population,
            seed=settings.seed,
            size=settings.population,
            today=svc.clock.today(),
            progress=progress,
        )
        log.info("demo.seed.done persons=%d", total)

    return create_app(services, mounts=bundle.apps, background=True, on_startup=[seed])
