"""The tax registry's seed: the vehicle tax of the last two tax years for every car owned by
a person, most of the older year paid, part of the last one paid before 1 April."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Table

from mock_registries.seeding.world import SeedWorld
from mock_registries.tax.models import Obligation
from mock_registries.tax.vehicle_tax import MRP_KZT, due_date, tax_for_year
from mock_registries.vehicles.seed import fleet

PAID_SHARE_AFTER_DUE = 0.88
PAID_SHARE_BEFORE_DUE = 0.45


def _rows(world: SeedWorld) -> Iterator[dict[str, Any]]:
    rng = world.rng("tax")
    today = world.today
    years = [y for y in (today.year - 2, today.year - 1) if y in MRP_KZT]
    for car in fleet(world):
        if car.owner_iin is None:
            continue
        for tax_year in years:
            if car.registration_date.year > tax_year or car.year > tax_year:
                continue
            amount = tax_for_year(car.engine_cc, tax_year, car.year, car.registration_date)
            if amount == 0:
                continue
            due = due_date(tax_year)
            paid_share = PAID_SHARE_AFTER_DUE if today > due else PAID_SHARE_BEFORE_DUE
            paid = rng.random() < paid_share
            opened = date(tax_year + 1, 1, 1)
            closed_on = None
            if paid:
                last = min(today, due)
                closed_on = opened + timedelta(days=rng.randrange(max(1, (last - opened).days)))
            yield {
                "iin": car.owner_iin,
                "kind": "vehicle_tax",
                "amount_kzt": amount,
                "tax_year": tax_year,
                "due_date": due,
                "reference": car.vin,
                "status": "closed" if paid else "open",
                "closed_on": closed_on,
                "close_reason": "paid" if paid else None,
                "created_at": datetime.combine(opened, time(6), tzinfo=UTC),
            }


def seed_tables(world: SeedWorld) -> list[tuple[Table, Iterable[dict[str, Any]]]]:
    return [(Obligation.__table__, _rows(world))]  # type: ignore[attr-defined]
