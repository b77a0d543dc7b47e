"""The payments ledger's seed: last month's payments. The base pension to everyone of pension
age, payments from pension savings, disability benefits and the large-family allowance, each
with the amounts of the law in force (ПМ and MRP of the year)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Table

from mock_registries.disability.seed import decisions
from mock_registries.payments.models import Payment
from mock_registries.seeding.world import SeedWorld, age_on, has_reached, retirement_age
from mock_registries.tax.vehicle_tax import MRP_KZT

SUBSISTENCE_MINIMUM_KZT = {2024: 43_407, 2025: 46_228, 2026: 50_851}  # ПМ
BASE_PENSION_PERCENT = {2024: (65, 105), 2025: (70, 110), 2026: (70, 118)}  # of ПМ: min, max
SAVINGS_PAYMENT_RATE = Decimal("0.065")
SAVINGS_FLOOR_PERCENT = 70
# disability benefit in ПМ by cause and group (Social Code art. 177)
DISABILITY_COEFFICIENT = {
    ("general", 1): Decimal("2.20"),
    ("general", 2): Decimal("1.76"),
    ("general", 3): Decimal("1.20"),
    ("childhood", 1): Decimal("2.20"),
    ("childhood", 2): Decimal("1.83"),
    ("childhood", 3): Decimal("1.61"),
}
CHILD_UNDER_7 = Decimal("1.61")
CHILD_7_TO_18 = Decimal("2.20")
# large-family allowance in MRP by the number of minor children
LARGE_FAMILY_MRP = {
    4: Decimal("16.03"),
    5: Decimal("20.04"),
    6: Decimal("24.05"),
    7: Decimal("28.06"),
}
PAY_DAY = 5


def _tenge(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _in_force(table: dict[int, Any], year: int) -> int:
    """The latest year of the table not after ``year`` (the earliest when all are after)."""
    known = [y for y in table if y <= year]
    return max(known) if known else min(table)


def base_pension(years: int, year: int) -> int:
    """70% of ПМ for up to 10 years of participation, 2% more per year above, capped."""
    minimum, maximum = BASE_PENSION_PERCENT[_in_force(BASE_PENSION_PERCENT, year)]
    percent = min(maximum, minimum + 2 * max(0, years - 10))
    pm = SUBSISTENCE_MINIMUM_KZT[_in_force(SUBSISTENCE_MINIMUM_KZT, year)]
    return _tenge(Decimal(pm) * percent / 100)


def _payment(iin: str, agency: str, kind: str, amount: int, paid_on: date) -> dict[str, Any]:
    return {
        "iin": iin,
        "agency": agency,
        "kind": kind,
        "amount_kzt": amount,
        "paid_on": paid_on,
        "reference": f"{kind}:{iin}:{paid_on:%Y-%m}",
        "created_at": datetime.combine(paid_on, time(8), tzinfo=UTC),
    }


def _rows(world: SeedWorld) -> Iterator[dict[str, Any]]:
    today = world.today
    paid_on = (today.replace(day=1) - timedelta(days=1)).replace(day=PAY_DAY)
    year = paid_on.year
    pm = Decimal(SUBSISTENCE_MINIMUM_KZT[_in_force(SUBSISTENCE_MINIMUM_KZT, year)])
    mrp = Decimal(MRP_KZT[_in_force(MRP_KZT, year)])
    for person in world.people:
        if not person.alive:
            continue
        if has_reached(person.birth_date, retirement_age(person.sex, paid_on), paid_on):
            yield _payment(
                person.iin, "gfc", "base_pension", base_pension(person.pension_years, year), paid_on
            )
            if person.pension_savings_kzt > 0:
                monthly = Decimal(person.pension_savings_kzt) * SAVINGS_PAYMENT_RATE / 12
                floor = pm * SAVINGS_FLOOR_PERCENT / 100
                amount = min(max(monthly, floor), Decimal(person.pension_savings_kzt))
                yield _payment(
                    person.iin, "enpf", "pension_savings_payment", _tenge(amount), paid_on
                )
        if person.sex == "F":
            children = world.minor_children(person.iin)
            if children >= 4:
                coefficient = LARGE_FAMILY_MRP.get(children, Decimal(4) * children)
                yield _payment(
                    person.iin, "gfc", "large_family_allowance", _tenge(coefficient * mrp), paid_on
                )
    for decision in decisions(world):
        if not decision.in_force(paid_on):
            continue
        if decision.cause == "child":
            person = world.by_iin[decision.iin]
            age = age_on(person.birth_date, paid_on)
            coefficient = CHILD_UNDER_7 if age < 7 else CHILD_7_TO_18
        else:
            coefficient = DISABILITY_COEFFICIENT[decision.cause, decision.group]
        yield _payment(decision.iin, "gfc", "disability_benefit", _tenge(coefficient * pm), paid_on)


def seed_tables(world: SeedWorld) -> list[tuple[Table, Iterable[dict[str, Any]]]]:
    return [(Payment.__table__, _rows(world))]  # type: ignore[attr-defined]
