"""The population registry's seed: the generated people as they are."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Table

from mock_registries.population.models import Person
from mock_registries.seeding.world import SeedWorld

PERSON_TABLE: Table = Person.__table__  # type: ignore[attr-defined]
_COLUMNS = [c.name for c in PERSON_TABLE.columns if c.name != "id"]


def _rows(world: SeedWorld) -> Iterator[dict[str, Any]]:
    for person in world.people:
        yield {column: getattr(person, column) for column in _COLUMNS}


def seed_tables(world: SeedWorld) -> list[tuple[Table, Iterable[dict[str, Any]]]]:
    return [(PERSON_TABLE, _rows(world))]
