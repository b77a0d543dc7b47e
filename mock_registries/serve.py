"""Running mock registries as a process of their own (``proactive registries``) or inside the
embedded demo: build them, seed them, switch faults on, start the scenario."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

from fastapi import FastAPI

from mock_registries.bundle import KINDS, RegistryBundle, build_registries
from mock_registries.common.faults import FaultSettings
from mock_registries.scenario import Scenario, ScenarioRunner
from mock_registries.seeding.run import Report, SeedParameters, seed_registries

log = logging.getLogger("mock_registries.serve")


@dataclass
class RegistryOptions:
    """What ``proactive registries`` and ``proactive demo`` let the user choose."""

    only: list[str] | None = None
    population: int = 2000
    seed: int = 2026
    scenario: bool = True
    scenario_rate: float = 12.0
    faults: FaultSettings = field(default_factory=FaultSettings)
    faults_in: list[str] | None = None  # registries the faults apply to (default: all)

    def check(self) -> None:
        for name in [*(self.only or []), *(self.faults_in or [])]:
            if name not in KINDS:
                raise ValueError(f"unknown registry {name!r}; known: {', '.join(KINDS)}")
        if self.scenario_rate <= 0:
            raise ValueError("the scenario rate must be above 0 life events per minute")


def frozen_on(today: date, now: Callable[[], datetime]) -> Callable[[], datetime]:
    """A clock whose date is always ``today`` (the time of day still runs), so that a test
    suite against standalone registries sees the same ages every day."""

    def clock() -> datetime:
        return datetime.combine(today, now().timetz())

    return clock


def build_bundle(
    options: RegistryOptions,
    database_url_for: Callable[[str], str],
    now: Callable[[], datetime],
    *,
    peers_url: str,
    secret: str,
    demo_features: bool,
    faults_remote: bool = False,
) -> RegistryBundle:
    options.check()
    if options.faults.active and not demo_features:
        raise ValueError("fault switches exist only in demo and test mode; set PROACTIVE_MODE=demo")
    bundle = build_registries(
        database_url_for,
        now,
        only=options.only,
        peers_url=peers_url,
        secret=secret,
        demo_features=demo_features,
        faults_remote=faults_remote,
        fault_seed=options.faults.seed or 0,
    )
    for name, ctx in bundle.contexts.items():
        if options.faults_in is None or name in options.faults_in:
            ctx.faults.set(options.faults)
    return bundle


def seed_bundle(
    bundle: RegistryBundle, options: RegistryOptions, now: datetime, report: Report
) -> None:
    wanted = SeedParameters(options.seed, options.population, now.date())
    seed_registries(bundle.contexts, wanted, report)


def scenario_runner(
    bundle: RegistryBundle,
    options: RegistryOptions,
    secret: str,
    now: Callable[[], datetime],
) -> ScenarioRunner | None:
    """The demo's life events, when asked for and when the population registry is here to
    choose people from."""
    if not options.scenario or "population" not in bundle.contexts:
        return None
    peers = bundle.contexts["population"].peers
    scenario = Scenario(
        peers, secret, now, rate_per_minute=options.scenario_rate, seed=options.seed
    )
    return ScenarioRunner(scenario)


def registries_site(
    bundle: RegistryBundle,
    options: RegistryOptions,
    secret: str,
    now: Callable[[], datetime],
    report: Report,
) -> FastAPI:
    """One app serving the registries under ``/registries/NAME``: seeded on start, with the
    scenario running while it serves."""
    runner = scenario_runner(bundle, options, secret, now)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        seed_bundle(bundle, options, now(), report)
        if runner is not None:
            runner.start()
        try:
            yield
        finally:
            if runner is not None:
                runner.stop()
            bundle.dispose()

    site = FastAPI(
        title="proactive mock registries",
        description="Mock state registries: " + ", ".join(bundle.apps),
        lifespan=lifespan,
    )

    @site.get("/health", tags=["health"])
    def health() -> dict[str, object]:
        return {"status": "ok", "registries": list(bundle.apps)}

    for name, app in bundle.apps.items():
        site.mount(f"/registries/{name}", app)
    return site
