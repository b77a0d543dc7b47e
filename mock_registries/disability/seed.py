"""The disability register's seed: about one person in thirty, more among the old; children
with the cause 'child' until 18, adults mostly 'general', some 'since childhood'; terms of a
year or two, or none for lasting conditions; some decisions have run out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Table

from engine.kernel.dates import add_years
from mock_registries.disability.models import Decision
from mock_registries.population.vectorised import (  # one set of figures for both generators
    EXPIRED_SHARE,
    GROUPS,
    NO_TERM_SHARE,
    NO_TERM_SHARE_OLDER,
    OLDER,
    SHARE_BY_AGE,
    SINCE_CHILDHOOD_SHARE,
)
from mock_registries.seeding.world import SeedWorld

_EPOCH = date(1970, 1, 1)


@dataclass(frozen=True, slots=True)
class SeededDecision:
    iin: str
    group: int
    cause: str
    valid_from: date
    valid_to: date | None
    age: int

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)


def _share(age: int) -> float:
    share = 0.0
    for first, value in SHARE_BY_AGE:
        if age >= first:
            share = value
    return share


def derive_decisions(world: SeedWorld) -> list[SeededDecision]:
    if world.columns is not None:
        return _decisions_of_columns(world)
    rng = world.rng("disability")
    today = world.today
    decisions: list[SeededDecision] = []
    for person in world.people:
        if not person.alive:
            continue
        age = world.age(person)
        if rng.random() >= _share(age):
            continue
        group = rng.choices([g for g, _ in GROUPS], weights=[w for _, w in GROUPS])[0]
        if age < 18:
            cause = "child"
            term_years = rng.randint(1, 5)
        else:
            cause = "childhood" if rng.random() < SINCE_CHILDHOOD_SHARE else "general"
            term_years = 2 if group == 1 else 1
        lasting = age >= 18 and rng.random() < (
            NO_TERM_SHARE_OLDER if age >= OLDER else NO_TERM_SHARE
        )
        expired = not lasting and rng.random() < EXPIRED_SHARE
        if lasting:
            back = rng.randint(30, 15 * 365)
        elif expired:
            back = term_years * 365 + rng.randint(30, 700)
        else:
            back = rng.randint(1, term_years * 365 - 1)
        valid_from = max(person.birth_date, today - timedelta(days=back))
        if cause != "child" and valid_from < add_years(person.birth_date, 18):
            valid_from = add_years(person.birth_date, 18)
        valid_to = None if lasting else add_years(valid_from, term_years) - timedelta(days=1)
        if cause == "child" and valid_to is not None:
            valid_to = min(valid_to, add_years(person.birth_date, 18) - timedelta(days=1))
        if valid_from > today or (valid_to is not None and valid_to <= valid_from):
            continue
        decisions.append(SeededDecision(person.iin, group, cause, valid_from, valid_to, age))
    return decisions


def _decisions_of_columns(world: SeedWorld) -> list[SeededDecision]:
    """The vectorised population's decisions: those an analyst's simulation counts."""
    columns = world.columns
    assert columns is not None
    from mock_registries.population.vectorised import DISABILITY_CAUSES

    decided = columns.decisions
    ends = ~np.isnat(decided.valid_to)
    people = world.people
    made: list[SeededDecision] = []
    for row, group, cause, start, end, has_end in zip(
        decided.person.tolist(),
        decided.group.tolist(),
        decided.cause.tolist(),
        decided.valid_from.astype(np.int64).tolist(),
        np.where(ends, decided.valid_to.astype(np.int64), 0).tolist(),
        ends.tolist(),
        strict=True,
    ):
        person = people[row]
        made.append(
            SeededDecision(
                person.iin,
                group,
                DISABILITY_CAUSES[cause],
                _EPOCH + timedelta(days=start),
                _EPOCH + timedelta(days=end) if has_end else None,
                world.age(person),
            )
        )
    return made


def decisions(world: SeedWorld) -> list[SeededDecision]:
    return world.memo("disability", derive_decisions)


def _rows(world: SeedWorld) -> Iterator[dict[str, Any]]:
    for decision in decisions(world):
        yield {
            "iin": decision.iin,
            "group": decision.group,
            "cause": decision.cause,
            "valid_from": decision.valid_from,
            "valid_to": decision.valid_to,
            "decision_date": decision.valid_from,
            "created_at": datetime.combine(decision.valid_from, time(12), tzinfo=UTC),
        }


def seed_tables(world: SeedWorld) -> list[tuple[Table, Iterable[dict[str, Any]]]]:
    return [(Decision.__table__, _rows(world))]  # type: ignore[attr-defined]
