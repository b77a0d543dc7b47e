"""Seeding every registry of a process from one generated population, with progress.

A registry is seeded once: an empty registry gets its records and a note of the seed, size
and date it was made from; a registry with that note is left alone. When some registries of a
process are seeded already, the others are derived from the same seed, size and date, so that
they describe the same people."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Table

from mock_registries.common.context import RegistryContext
from mock_registries.common.tables import read_meta, write_meta
from mock_registries.population.vectorised import generate_columns
from mock_registries.seeding.load import bulk_insert
from mock_registries.seeding.people import people_of
from mock_registries.seeding.world import SeedWorld, with_iin_quirks

log = logging.getLogger("mock_registries.seed")

Report = Callable[[str], None]
TableRows = list[tuple[Table, Iterable[dict[str, Any]]]]
SEED_KEY = "seed"
REPORT_EVERY = 100_000


@dataclass(frozen=True)
class SeedParameters:
    seed: int
    size: int
    today: date

    def as_json(self) -> str:
        return json.dumps({"seed": self.seed, "size": self.size, "today": self.today.isoformat()})

    @classmethod
    def from_json(cls, text: str) -> SeedParameters:
        data = json.loads(text)
        return cls(int(data["seed"]), int(data["size"]), date.fromisoformat(data["today"]))


def _seeders() -> dict[str, Callable[[SeedWorld], TableRows]]:
    from mock_registries.civil.seed import seed_tables as civil
    from mock_registries.disability.seed import seed_tables as disability
    from mock_registries.education.seed import seed_tables as education
    from mock_registries.payments.seed import seed_tables as payments
    from mock_registries.pension.seed import seed_tables as pension
    from mock_registries.population.seed import seed_tables as population
    from mock_registries.social_insurance.seed import seed_tables as social_insurance
    from mock_registries.tax.seed import seed_tables as tax
    from mock_registries.vehicles.seed import seed_tables as vehicles

    return {
        "population": population,
        "civil": civil,
        "vehicles": vehicles,
        "social_insurance": social_insurance,
        "pension": pension,
        "tax": tax,
        "education": education,
        "disability": disability,
        "payments": payments,
    }


def seeded_with(ctx: RegistryContext) -> SeedParameters | None:
    with ctx.engine.connect() as conn:
        text = read_meta(conn, ctx.tables, SEED_KEY)
    return None if text is None else SeedParameters.from_json(text)


def seed_registries(
    contexts: dict[str, RegistryContext],
    wanted: SeedParameters,
    report: Report | None = None,
) -> dict[str, int]:
    """Seed every empty registry of ``contexts``; returns the rows loaded per registry."""
    say = report or log.info
    done = {name: seeded_with(ctx) for name, ctx in contexts.items()}
    empty = [name for name, params in done.items() if params is None]
    if not empty:
        say("registries already seeded: " + ", ".join(contexts))
        return {}
    earlier = next((params for params in done.values() if params is not None), None)
    params = earlier or wanted
    if earlier is not None and earlier != wanted:
        say(
            f"seeding {', '.join(empty)} like the registries seeded before: seed {params.seed}, "
            f"{params.size:,} persons, as of {params.today}"
        )
    started = time.monotonic()
    say(f"generating {params.size:,} persons (seed {params.seed}, as of {params.today})")
    world = seed_world(params)
    say(f"  generated {params.size:,} of {params.size:,} persons")
    say(f"generated in {time.monotonic() - started:.1f} s")
    seeders = _seeders()
    loaded: dict[str, int] = {}
    for name in empty:
        loaded[name] = load_registry(contexts[name], seeders[name](world), params, say)
    say(f"seeded {', '.join(empty)} in {time.monotonic() - started:.1f} s")
    return loaded


def seed_world(params: SeedParameters) -> SeedWorld:
    """The persons of (seed, size, date) as the registries hold them: the same persons, family
    links and register records as an analyst's simulation of that population."""
    columns = generate_columns(params.seed, params.size, params.today)
    people = with_iin_quirks(people_of(columns, params.seed), params.seed, params.today)
    return SeedWorld(people, params.seed, params.today, columns)


def load_registry(
    ctx: RegistryContext, tables: TableRows, params: SeedParameters, say: Report
) -> int:
    started = time.monotonic()
    total = 0
    with ctx.engine.begin() as conn:
        for table, rows in tables:

            def progress(count: int, table: Table = table) -> None:
                if count % REPORT_EVERY == 0:
                    say(f"  {ctx.name}.{table.name}: {count:,} rows")

            # an index built once over the loaded rows is much faster than one kept up to
            # date row by row
            indexes = list(table.indexes)
            for index in indexes:
                index.drop(conn)
            total += bulk_insert(conn, table, rows, progress)
            for index in indexes:
                index.create(conn)
        write_meta(conn, ctx.tables, SEED_KEY, params.as_json())
    say(f"  {ctx.name}: {total:,} rows in {time.monotonic() - started:.1f} s")
    return total
