"""The social insurance fund's seed: an account for every living person of 16 or more; the
insured have 24 months of income with contributions (a little month-to-month variation, a
few months off), some of the uninsured a history that ended when they stopped working."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Table

from engine.kernel.dates import add_years
from mock_registries.seeding.world import SeedWorld
from mock_registries.social_insurance.contributions import (
    WINDOW_MONTHS,
    index_of_date,
    minimum_wage,
    month_of,
)
from mock_registries.social_insurance.models import InsuranceAccount

ACCOUNT_AGE = 16
MONTH_OFF_SHARE = 0.04
FORMER_WORKER_SHARE = 0.30
FORMER_WORKER_AGES = (18, 62)
MEDIAN_PAST_INCOME_KZT = 220_000


def _month_start(index: int) -> date:
    year, month = divmod(index, 12)
    return date(year, month + 1, 1)


def _vary(rng: random.Random, income: int, floor: int) -> int:
    """A month's income: within 10% of the usual one, in whole thousands."""
    return max(floor, int(income * (0.9 + 0.2 * rng.random()) / 1000 + 0.5) * 1000)


def _rows(world: SeedWorld) -> Iterator[dict[str, Any]]:
    rng = world.rng("social_insurance")
    today = world.today
    last = index_of_date(today) - 1
    first = last - WINDOW_MONTHS + 1
    floor = minimum_wage(today.year)
    for person in world.people:
        if not person.alive or world.age(person) < ACCOUNT_AGE:
            continue
        working_from = index_of_date(add_years(person.birth_date, ACCOUNT_AGE))
        row: dict[str, Any] = {
            "iin": person.iin,
            "insured": False,
            "since": None,
            "monthly_income_kzt": None,
            "history_start": None,
            "history": [],
        }
        if person.insured and person.monthly_income_kzt:
            income = person.monthly_income_kzt
            started = min(last, max(working_from, last - int(rng.expovariate(1 / 60))))
            since = _month_start(started) + timedelta(days=rng.randrange(28))
            history = [
                0
                if index < started or rng.random() < MONTH_OFF_SHARE
                else _vary(rng, income, floor)
                for index in range(first, last + 1)
            ]
            if not any(history):  # a new job: its first month is paid
                history[-1] = _vary(rng, income, floor)
            row.update(
                insured=True,
                since=min(since, today),
                monthly_income_kzt=income,
                history_start=month_of(first),
                history=history,
            )
        elif (
            FORMER_WORKER_AGES[0] <= world.age(person) <= FORMER_WORKER_AGES[1]
            and rng.random() < FORMER_WORKER_SHARE
        ):
            ended = last - rng.randrange(1, WINDOW_MONTHS - 2)
            began = max(first, working_from, ended - rng.randrange(3, WINDOW_MONTHS))
            past = int(rng.lognormvariate(math.log(MEDIAN_PAST_INCOME_KZT), 0.5))
            history = [
                _vary(rng, past, floor) if began <= index <= ended else 0
                for index in range(first, last + 1)
            ]
            row.update(
                since=_month_start(ended + 1),
                history_start=month_of(first),
                history=history if any(history) else [],
            )
        yield row


def seed_tables(world: SeedWorld) -> list[tuple[Table, Iterable[dict[str, Any]]]]:
    return [(InsuranceAccount.__table__, _rows(world))]  # type: ignore[attr-defined]
