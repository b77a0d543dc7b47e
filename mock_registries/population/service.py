"""Reads and writes of the population registry."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from engine.kernel.dates import add_years, age_on
from engine.kernel.iin import make_iin
from mock_registries.population.models import Person

HOUSEHOLD_LIMIT = 60
ADULT_AGE = 18
LARGE_FAMILY_STUDENT_AGE = 23


FIELD_ORDER = [name for name in Person.model_fields if name != "id"]


def person_json(person: Person, birth_order: int | None = None) -> dict[str, Any]:
    dumped = person.model_dump(exclude={"id"}, mode="json")
    data = {name: dumped[name] for name in FIELD_ORDER}
    if birth_order is not None:
        data["birth_order"] = birth_order
    return data


def find_person(session: Session, iin: str, *, for_update: bool = False) -> Person | None:
    query = select(Person).where(Person.iin == iin)
    if for_update:
        query = query.with_for_update()
    return session.exec(query).first()


def children_of(session: Session, iin: str) -> list[Person]:
    """A person's children, eldest first; twins in the order they were registered."""
    query = (
        select(Person)
        .where(or_(col(Person.mother_iin) == iin, col(Person.father_iin) == iin))
        .order_by(col(Person.birth_date), col(Person.id))
    )
    return list(session.exec(query).all())


def children_of_mother(session: Session, mother_iin: str) -> list[Person]:
    query = (
        select(Person)
        .where(Person.mother_iin == mother_iin)
        .order_by(col(Person.birth_date), col(Person.id))
    )
    return list(session.exec(query).all())


def birth_order(session: Session, person: Person) -> int | None:
    """The person's place among the mother's children (1 for the first), counting twins
    separately; None when no mother is recorded."""
    if person.mother_iin is None:
        return None
    siblings = children_of_mother(session, person.mother_iin)
    for position, sibling in enumerate(siblings, start=1):
        if sibling.iin == person.iin:
            return position
    return None


def years_before(day: date, years: int) -> date:
    return add_years(day, -years)


def household(session: Session, person: Person, on: date) -> dict[str, Any]:
    """The living people registered at the person's address, and how many of them are the
    children (of the person or the spouse) under 18 and under 23."""
    members = list(
        session.exec(
            select(Person)
            .where(Person.address == person.address, col(Person.alive).is_(True))
            .order_by(col(Person.birth_date), col(Person.id))
            .limit(HOUSEHOLD_LIMIT)
        ).all()
    )
    parents = {person.iin} | ({person.spouse_iin} if person.spouse_iin else set())
    children = [m for m in members if m.mother_iin in parents or m.father_iin in parents]
    born = [c for c in children if c.birth_date <= on]
    return {
        "iin": person.iin,
        "address": person.address,
        "members": [person_json(m) for m in members],
        "minor_children_count": sum(1 for c in born if age_on(c.birth_date, on) < ADULT_AGE),
        "children_under_23_count": sum(
            1 for c in born if age_on(c.birth_date, on) < LARGE_FAMILY_STUDENT_AGE
        ),
    }


def next_iin(session: Session, birth_date: date, sex: str, issued_on: date | None = None) -> str:
    """The first unused valid IIN for a birth date and sex. With ``issued_on`` the date part
    is that day instead (IINs need not encode the birth date since 2013)."""
    day = issued_on or birth_date
    sample = make_iin(day, sex, 0) or make_iin(day, sex, 1) or ""
    prefix = sample[:7]
    used = set(session.exec(select(Person.iin).where(col(Person.iin).startswith(prefix))).all())
    for serial in range(1, 10000):
        candidate = make_iin(day, sex, serial)
        if candidate is not None and candidate not in used:
            return candidate
    raise RuntimeError(f"no free IIN serial left for {day}")


def mismatched_issue_date(birth_date: date, today: date) -> date:
    """The day put in an IIN that does not encode the birth date: the day it was issued."""
    return today if today != birth_date else birth_date - timedelta(days=1)


def count_persons(session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(Person)).one())
