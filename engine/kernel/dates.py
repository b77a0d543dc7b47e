"""Date helpers for rules, with their rounding stated.

- ``age_on(birth, day)``: whole years completed on ``day`` (a person born on 29 February
  completes a year on 28 February in common years).
- ``add_months(day, n)``: the same day n months later; when that month is shorter, its last day.
- ``months_between(a, b)`` and ``years_between(a, b)``: whole months or years, rounded down.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal


def age_on(birth: date, day: date) -> int:
    years = day.year - birth.year
    anniversary = add_years(birth, years)
    return years - 1 if day < anniversary else years


def years_between(start: date, end: date) -> int:
    """Whole years from start to end, rounded down."""
    return age_on(start, end)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + (day.month - 1) + int(months)
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * int(years))


def parse_date(text: str) -> date:
    return date.fromisoformat(text)


def round_half_up(value: Decimal | int, digits: int = 0) -> Decimal:
    quantum = Decimal(1).scaleb(-int(digits))
    return Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)


def months_between(start: date, end: date) -> int:
    """Whole months from start to end, rounded down (same clamping as ``add_months``)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    return months - 1 if end < add_months(start, months) else months


def days_between(start: date, end: date) -> int:
    return (end - start).days
