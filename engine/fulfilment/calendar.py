"""Working days in Kazakhstan, for the SLAs of agency steps.

Public holidays under the Law "On holidays in the Republic of Kazakhstan" (13 Dec 2001
No. 267-II): 1-2 January, 8 March, 21-23 March (Nauryz), 1 May, 7 May, 9 May, 6 July,
30 August, 25 October, 16 December, and the first day of Kurban ait (set each year). A holiday
that falls on a weekend moves to the next working day.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

FIXED_HOLIDAYS = (
    (1, 1),
    (1, 2),
    (3, 8),
    (3, 21),
    (3, 22),
    (3, 23),
    (5, 1),
    (5, 7),
    (5, 9),
    (7, 6),
    (8, 30),
    (10, 25),
    (12, 16),
)

KURBAN_AIT = {2024: date(2024, 6, 16), 2025: date(2025, 6, 6), 2026: date(2026, 5, 27)}


@lru_cache(maxsize=16)
def holidays(year: int) -> frozenset[date]:
    days: set[date] = set()
    for month, day in FIXED_HOLIDAYS:
        holiday = date(year, month, day)
        days.add(holiday)
        if holiday.weekday() >= 5:
            shifted = holiday + timedelta(days=1)
            while shifted.weekday() >= 5 or shifted in days:
                shifted += timedelta(days=1)
            days.add(shifted)
    if year in KURBAN_AIT:
        days.add(KURBAN_AIT[year])
    return frozenset(days)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (start itself not counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current
