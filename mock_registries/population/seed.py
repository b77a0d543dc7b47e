"""Loading a synthetic population into an empty population registry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date

from sqlalchemy import insert
from sqlmodel import Session

from mock_registries.common.context import RegistryContext
from mock_registries.population.generator import generate_population
from mock_registries.population.models import Person
from mock_registries.population.service import count_persons

BATCH = 5000
_PERSON_COLUMNS = {c.name for c in Person.__table__.columns} - {"id"}  # type: ignore[attr-defined]


def seed_population(
    ctx: RegistryContext,
    *,
    seed: int,
    size: int,
    today: date,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Fill an empty registry; a registry that already holds people is left as it is.
    Returns the number of persons now in the registry."""
    with Session(ctx.engine) as session:
        existing = count_persons(session)
    if existing:
        return existing
    people = generate_population(seed, size, today)
    with ctx.engine.begin() as conn:
        for start in range(0, len(people), BATCH):
            rows = [
                {k: v for k, v in asdict(p).items() if k in _PERSON_COLUMNS}
                for p in people[start : start + BATCH]
            ]
            conn.execute(insert(Person), rows)
            if progress is not None:
                progress(min(start + BATCH, len(people)))
    return len(people)
