"""Months, incomes and social contributions.

Social contributions (социальные отчисления) are paid by the employer on the monthly income,
counted between one and seven minimum wages; the rate was 3.5% until 2024 and is 5% from
1 January 2025 (Social Code of 20 Apr 2023 No. 224-VII). The fund's answer shows the incomes of
the 24 months before the month asked about and their average over the months with
contributions: the base of the 40% childcare payment.
"""

from __future__ import annotations

from datetime import date

WINDOW_MONTHS = 24
KEPT_MONTHS = 36
MINIMUM_WAGE_KZT = {2022: 60_000, 2023: 70_000, 2024: 85_000, 2025: 85_000, 2026: 85_000}
CONTRIBUTION_RATE_PERCENT = {2024: 3.5, 2025: 5.0}
BASE_CAP_MINIMUM_WAGES = 7


def month_index(month: str) -> int:
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def month_of(index: int) -> str:
    year, month = divmod(index, 12)
    return f"{year:04d}-{month + 1:02d}"


def index_of_date(day: date) -> int:
    return day.year * 12 + day.month - 1


def minimum_wage(year: int) -> int:
    known = [y for y in MINIMUM_WAGE_KZT if y <= year]
    return MINIMUM_WAGE_KZT[max(known)] if known else MINIMUM_WAGE_KZT[min(MINIMUM_WAGE_KZT)]


def contribution(month: str, income: int) -> int:
    year = int(month[:4])
    rate = CONTRIBUTION_RATE_PERCENT[2025] if year >= 2025 else CONTRIBUTION_RATE_PERCENT[2024]
    wage = minimum_wage(year)
    base = min(max(income, wage), BASE_CAP_MINIMUM_WAGES * wage)
    return round(base * rate / 100)


def window(on: date) -> tuple[int, int]:
    """First and last month index of the 24 months before the month of ``on``."""
    last = index_of_date(on) - 1
    return last - WINDOW_MONTHS + 1, last
