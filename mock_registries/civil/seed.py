"""The civil registry's seed: a birth act for everyone whose mother is in the population, a
marriage act for every couple, a death act for everyone who died."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Table

from engine.kernel.dates import add_years
from mock_registries.civil.models import BirthRecord, DeathRecord, MarriageRecord
from mock_registries.population.generator import GeneratedPerson
from mock_registries.seeding.world import SeedWorld

MARRIAGE_AGE = 18
_EPOCH = date(1970, 1, 1)


def _at(day: date, days_later: int) -> datetime:
    return datetime.combine(day + timedelta(days=days_later), time(10), tzinfo=UTC)


def _births(world: SeedWorld) -> Iterator[dict[str, Any]]:
    rng = world.rng("civil:births")
    for person in world.people:
        if person.mother_iin is None:
            continue
        yield {
            "child_iin": person.iin,
            "mother_iin": person.mother_iin,
            "father_iin": person.father_iin,
            "child_first_name": person.first_name,
            "child_last_name": person.last_name,
            "child_sex": person.sex,
            "birth_date": person.birth_date,
            "registered_at": _at(person.birth_date, rng.randint(2, 25)),
        }


def marriage_date(
    world: SeedWorld, husband: GeneratedPerson, wife: GeneratedPerson, rng: random.Random
) -> date:
    """Some months before their first child, or some day since both were adults."""
    earliest = max(
        add_years(husband.birth_date, MARRIAGE_AGE), add_years(wife.birth_date, MARRIAGE_AGE)
    )
    latest = min(world.today, husband.death_date or world.today, wife.death_date or world.today)
    common = [
        child.birth_date
        for child in world.children_of_mother.get(wife.iin, ())
        if child.father_iin == husband.iin
    ]
    if common:
        latest = min(latest, common[0] - timedelta(days=rng.randint(120, 900)))
    if latest <= earliest:
        return earliest
    span = (latest - earliest).days
    # most couples marry within a few years of the earliest possible day
    return earliest + timedelta(days=min(span, int(rng.expovariate(1 / 1500))))


def marriages(world: SeedWorld) -> Iterator[dict[str, Any]]:
    """A marriage act for every couple (the rows of the civil registry's marriage table)."""
    if world.columns is not None:
        yield from _marriages_of_columns(world)
        return
    rng = world.rng("civil:marriages")
    for wife in world.people:
        if wife.sex != "F" or wife.spouse_iin is None:
            continue
        husband = world.by_iin.get(wife.spouse_iin)
        if husband is None:
            continue
        married = marriage_date(world, husband, wife, rng)
        yield {
            "spouse1_iin": husband.iin,
            "spouse2_iin": wife.iin,
            "marriage_date": married,
            "divorce_date": None,
            "registered_at": _at(married, 0),
        }


def _marriages_of_columns(world: SeedWorld) -> Iterator[dict[str, Any]]:
    """The vectorised population's marriage acts, with the dates a simulation reads."""
    columns = world.columns
    assert columns is not None
    couples = columns.marriages
    people = world.people
    for husband, wife, day in zip(
        couples.husband.tolist(),
        couples.wife.tolist(),
        couples.marriage_date.astype(np.int64).tolist(),
        strict=True,
    ):
        married = _EPOCH + timedelta(days=day)
        yield {
            "spouse1_iin": people[husband].iin,
            "spouse2_iin": people[wife].iin,
            "marriage_date": married,
            "divorce_date": None,
            "registered_at": _at(married, 0),
        }


def _deaths(world: SeedWorld) -> Iterator[dict[str, Any]]:
    rng = world.rng("civil:deaths")
    for person in world.people:
        if person.death_date is None:
            continue
        yield {
            "iin": person.iin,
            "death_date": person.death_date,
            "registered_at": _at(person.death_date, rng.randint(1, 7)),
        }


def seed_tables(world: SeedWorld) -> list[tuple[Table, Iterable[dict[str, Any]]]]:
    return [
        (BirthRecord.__table__, _births(world)),  # type: ignore[attr-defined]
        (MarriageRecord.__table__, marriages(world)),  # type: ignore[attr-defined]
        (DeathRecord.__table__, _deaths(world)),  # type: ignore[attr-defined]
    ]
