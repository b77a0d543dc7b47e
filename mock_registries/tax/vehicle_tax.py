"""The annual vehicle tax on a passenger car, as the tax office computes it.

Rates in MRP by engine size (Tax Code, arts. 490-496; the new Tax Code from 2026 keeps them):
up to 1 100 cc 1 MRP; up to 1 500 cc 2 MRP; up to 2 000 cc 3 MRP plus 7 tenge per cc above
1 500; up to 2 500 cc 6 MRP plus 7 tenge per cc above 2 000. Above 2 500 cc this mock uses the
general schedule: up to 3 000 cc 9 MRP, up to 4 000 cc 15 MRP, above 117 MRP, each plus
7 tenge per cc above the lower bound (the higher bands differ by production date in the law;
not modelled). From tax year 2026 cars 10 to 20 years old pay 70%, older ones 50%. A car
registered during the year pays for the months from the month of registration.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

MRP_KZT = {2024: 3_692, 2025: 3_932, 2026: 4_325}
PER_CC_OVER_KZT = 7
# (upper bound in cc, MRP, lower bound from which 7 tenge per cc are added, or None)
BANDS: tuple[tuple[int | None, int, int | None], ...] = (
    (1_100, 1, None),
    (1_500, 2, None),
    (2_000, 3, 1_500),
    (2_500, 6, 2_000),
    (3_000, 9, 2_500),
    (4_000, 15, 3_000),
    (None, 117, 4_000),
)
AGE_COEFFICIENTS_FROM = 2026


class UnknownYear(ValueError):
    pass


def mrp(year: int) -> int:
    if year not in MRP_KZT:
        raise UnknownYear(f"no MRP known for {year} (known: {', '.join(map(str, MRP_KZT))})")
    return MRP_KZT[year]


def annual_tax(engine_cc: int, tax_year: int, vehicle_year: int) -> Decimal:
    index = mrp(tax_year)
    amount = Decimal(0)
    for upper, rate, over in BANDS:
        if upper is None or engine_cc <= upper:
            amount = Decimal(rate * index)
            if over is not None:
                amount += PER_CC_OVER_KZT * (engine_cc - over)
            break
    age = tax_year - vehicle_year
    if tax_year >= AGE_COEFFICIENTS_FROM:
        if age > 20:
            amount *= Decimal("0.5")
        elif age >= 10:
            amount *= Decimal("0.7")
    return amount


def tax_for_year(engine_cc: int | None, tax_year: int, vehicle_year: int, registered: date) -> int:
    """Whole tenge due for ``tax_year``: a car registered in that year pays from the month
    of registration; an electric car (no engine size) pays nothing."""
    if not engine_cc:
        return 0
    amount = annual_tax(engine_cc, tax_year, vehicle_year)
    if registered.year == tax_year:
        amount = amount * (13 - registered.month) / 12
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def due_date(tax_year: int) -> date:
    """Individuals pay by 1 April of the next year."""
    return date(tax_year + 1, 4, 1)
