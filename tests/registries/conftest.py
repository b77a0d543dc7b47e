"""Fixtures of the registry contract tests: every registry on its own database (SQLite files
or PostgreSQL schemas), served under /registries/NAME as in the embedded demo, with a client
that carries official tokens."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func
from sqlmodel import Session, select

from engine.clock import SimulatedClock
from mock_registries.bundle import KINDS, RegistryBundle, build_registries
from mock_registries.common.auth import official_token
from mock_registries.population.models import Person
from tests.conftest import TEST_SECRET
from tests.support.population import add_person
from tests.support.postgres import SchemaPool, require_postgres

OWNERS = {
    "population": "digital",
    "civil": "civil",
    "vehicles": "mvd",
    "social_insurance": "gfss",
    "pension": "enpf",
    "tax": "kgd",
    "education": "education",
    "disability": "labour",
    "payments": "gfc",
}


def official(agency: str, role: str = "officer", **headers: str) -> dict[str, str]:
    """An official's headers; reads state the purpose ``contract test`` unless told."""
    extra = {key.replace("_", "-").title(): value for key, value in headers.items()}
    token = official_token(TEST_SECRET, agency, role)
    return {"Authorization": f"Bearer {token}", "X-Purpose": "contract test", **extra}


@pytest.fixture
def registry_urls(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[dict[str, str]]:
    names = list(KINDS)
    if backend == "sqlite":
        yield {name: f"sqlite:///{tmp_path / f'registry_{name}.db'}" for name in names}
        return
    require_postgres()
    pool: SchemaPool = request.getfixturevalue("registries_postgres")
    with pool.lease() as urls:
        yield urls


@pytest.fixture
def bundle(registry_urls: dict[str, str], clock: SimulatedClock) -> Iterator[RegistryBundle]:
    built = build_registries(
        registry_urls.__getitem__, clock.now, secret=TEST_SECRET, demo_features=True, fault_seed=7
    )
    yield built
    built.dispose()


@pytest.fixture
def site(bundle: RegistryBundle) -> FastAPI:
    app = FastAPI()
    app.state.bundle = bundle
    for name, registry_app in bundle.apps.items():
        app.mount(f"/registries/{name}", registry_app)
    return app


@pytest.fixture
async def client(site: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=site), base_url="http://registries.test"
    ) as http:
        yield http


class People:
    """Arranges persons directly in the population registry's database."""

    def __init__(self, bundle: RegistryBundle) -> None:
        self.ctx = bundle.contexts["population"]

    def add(self, sex: str, born: date | str, **fields: Any) -> Person:
        birth = date.fromisoformat(born) if isinstance(born, str) else born
        return add_person(self.ctx, sex=sex, birth_date=birth, **fields)

    def woman(self, born: str = "1994-05-05", **fields: Any) -> Person:
        return self.add("F", born, **fields)

    def man(self, born: str = "1990-02-02", **fields: Any) -> Person:
        return self.add("M", born, first_name=fields.pop("first_name", "Ерлан"), **fields)

    def couple(
        self, husband_born: str = "1985-01-01", wife_born: str = "1987-01-01"
    ) -> tuple[Person, Person]:
        husband = self.man(husband_born)
        wife = self.woman(wife_born, spouse_iin=husband.iin)
        with Session(self.ctx.engine) as session:
            stored = session.exec(select(Person).where(Person.iin == husband.iin)).one()
            stored.spouse_iin = wife.iin
            session.add(stored)
            session.commit()
        husband.spouse_iin = wife.iin
        return husband, wife


@pytest.fixture
def people(bundle: RegistryBundle) -> People:
    return People(bundle)


def table_counts(bundle: RegistryBundle) -> dict[str, int]:
    """Rows in every table of every registry, except the record of reads (validations read)."""
    counts: dict[str, int] = {}
    for name, ctx in bundle.contexts.items():
        with ctx.engine.connect() as conn:
            for table in ctx.metadata.sorted_tables:
                if table.name in ("access_record", "registry_meta"):
                    continue
                rows = conn.execute(select(func.count()).select_from(table)).scalar_one()
                counts[f"{name}.{table.name}"] = int(rows)
    return counts


def names_field(response: httpx.Response, field: str) -> bool:
    """Whether a refusal (a problem document) names ``field`` (last element of an error's
    loc)."""
    problem = response.json()
    errors = problem.get("errors", [])
    return response.headers["content-type"] == "application/problem+json" and any(
        error["loc"][-1] == field for error in errors
    )
