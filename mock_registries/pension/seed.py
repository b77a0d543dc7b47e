"""The pension fund's seed: the savings and years of participation the generator gave each
person; pensioners with savings left receive payments from them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Table

from mock_registries.pension.models import PensionAccount
from mock_registries.seeding.world import SeedWorld, has_reached, retirement_age


def _rows(world: SeedWorld) -> Iterator[dict[str, Any]]:
    today = world.today
    for person in world.people:
        if person.pension_savings_kzt <= 0 and person.pension_years <= 0:
            continue
        retired = has_reached(person.birth_date, retirement_age(person.sex, today), today)
        yield {
            "iin": person.iin,
            "balance_kzt": person.pension_savings_kzt,
            "years_of_participation": person.pension_years,
            "receiving_pension": person.alive and retired and person.pension_savings_kzt > 0,
            "updated_on": person.death_date or today,
        }


def seed_tables(world: SeedWorld) -> list[tuple[Table, Iterable[dict[str, Any]]]]:
    return [(PensionAccount.__table__, _rows(world))]  # type: ignore[attr-defined]
