"""Shared fixtures: every test builds its own databases (SQLite in a temporary folder, or a
throw-away PostgreSQL database) and never touches a developer's data."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from engine.app import build_services, create_app
from engine.clock import SimulatedClock
from engine.config import Settings
from engine.db import migrate
from engine.services import Services
from mock_registries.bundle import KINDS, RegistryBundle, build_registries
from tests.support.postgres import (
    SchemaPool,
    database_name,
    require_postgres,
    temporary_database,
)

ROOT = Path(__file__).resolve().parent.parent
TEST_SECRET = "test-secret-0123456789abcdef0123456789abcdef"
TEST_AUDIT_KEY = "test-audit-key-0123456789abcdef0123456789"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(datetime(2026, 3, 16, 9, 0, tzinfo=UTC), frozen=True)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@dataclass
class Databases:
    engine_url: str
    registry_urls: dict[str, str]

    def registry_url(self, name: str) -> str:
        return self.registry_urls[name]


@pytest.fixture(scope="session")
def registries_postgres() -> Iterator[SchemaPool]:
    """One PostgreSQL database for the registries of every test: each test leases a set of
    empty schemas in it, one per registry (making the tables afresh for every test would
    take seconds)."""
    require_postgres()
    with temporary_database("proactive_registries") as url:
        yield SchemaPool(url, list(KINDS))


@pytest.fixture(scope="session")
def engine_template_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The engine's schema built once from the migrations; each test gets a copy."""
    path = tmp_path_factory.mktemp("engine-template") / "engine.db"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def engine_template_postgres() -> Iterator[str]:
    """A database migrated once; each test's engine database is created from it."""
    require_postgres()
    with temporary_database("proactive_engine_template") as url:
        migrate(url)
        yield database_name(url)


@pytest.fixture
def databases(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Databases]:
    names = list(KINDS)
    if backend == "sqlite":
        template: Path = request.getfixturevalue("engine_template_sqlite")
        shutil.copyfile(template, tmp_path / "engine.db")
        yield Databases(
            engine_url=f"sqlite:///{tmp_path / 'engine.db'}",
            registry_urls={n: f"sqlite:///{tmp_path / f'registry_{n}.db'}" for n in names},
        )
        return
    require_postgres()
    pool: SchemaPool = request.getfixturevalue("registries_postgres")
    with ExitStack() as stack:
        template_name: str = request.getfixturevalue("engine_template_postgres")
        engine_url = stack.enter_context(
            temporary_database("proactive_engine", template=template_name)
        )
        registry_urls = stack.enter_context(pool.lease())
        yield Databases(engine_url=engine_url, registry_urls=registry_urls)


@pytest.fixture
def settings(databases: Databases, tmp_path: Path) -> Settings:
    return Settings(
        mode="test",
        data_dir=tmp_path,
        database_url=databases.engine_url,
        secret=TEST_SECRET,
        audit_key=TEST_AUDIT_KEY,
        rules_dir=ROOT / "rules",
        life_events_dir=ROOT / "life_events",
        poll_wait_seconds=0,
    )


@pytest.fixture
def registries(databases: Databases, clock: SimulatedClock) -> Iterator[RegistryBundle]:
    bundle = build_registries(
        databases.registry_url, clock.now, secret=TEST_SECRET, demo_features=True
    )
    yield bundle
    bundle.dispose()


@pytest.fixture
def services(
    settings: Settings, clock: SimulatedClock, registries: RegistryBundle
) -> Iterator[Services]:
    transports: dict[str, httpx.AsyncBaseTransport] = {
        name: httpx.ASGITransport(app=app) for name, app in registries.apps.items()
    }
    built = build_services(settings, clock=clock, registry_transports=transports)
    yield built
    built.db.dispose()


@pytest.fixture
def web(services: Services, registries: RegistryBundle) -> FastAPI:
    return create_app(services, mounts=registries.apps)


@pytest.fixture
async def http(web: FastAPI, services: Services) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the whole embedded app (engine plus mounted registries)."""
    async with web.router.lifespan_context(web):
        transport = httpx.ASGITransport(app=web)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://proactive.test"
        ) as client:
            yield client
