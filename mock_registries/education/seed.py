"""The kindergarten queue's seed: most children under six are registered (many right after
birth), most of those of three and more already have a place; children of large families
are in a priority category."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import Table

from mock_registries.education.models import QueueEntry
from mock_registries.seeding.world import SeedWorld

QUEUE_AGE_LIMIT = 6
REGISTERED_SHARE = (0.35, 0.65, 0.65, 0.80, 0.80, 0.80)  # by age in whole years
PLACED_SHARE = (0.0, 0.05, 0.30, 0.60, 0.80, 0.85)
LARGE_FAMILY = 4
OTHER_PRIORITY_SHARE = 0.05


def _rows(world: SeedWorld) -> Iterator[dict[str, Any]]:
    rng = world.rng("education")
    today = world.today
    for child in world.people:
        if not child.alive or child.birth_date > today:
            continue
        age = world.age(child)
        if age >= QUEUE_AGE_LIMIT or rng.random() >= REGISTERED_SHARE[age]:
            continue
        days_old = (today - child.birth_date).days
        requested = child.birth_date + timedelta(days=min(days_old, rng.randint(3, 365)))
        large = (
            child.mother_iin is not None and world.minor_children(child.mother_iin) >= LARGE_FAMILY
        )
        placed = rng.random() < PLACED_SHARE[age]
        placed_on = None
        if placed:
            earliest = max(requested, child.birth_date + timedelta(days=548))
            placed_on = min(today, earliest + timedelta(days=rng.randint(0, 500)))
        yield {
            "child_iin": child.iin,
            "region": child.region,
            "requested_on": requested,
            "preferential": large or rng.random() < OTHER_PRIORITY_SHARE,
            "status": "placed" if placed else "waiting",
            "kindergarten": f"Ясли-сад № {rng.randint(1, 240)}" if placed else None,
            "placed_on": placed_on,
            "created_at": datetime.combine(requested, time(9), tzinfo=UTC),
        }


def seed_tables(world: SeedWorld) -> list[tuple[Table, Iterable[dict[str, Any]]]]:
    return [(QueueEntry.__table__, _rows(world))]  # type: ignore[attr-defined]
