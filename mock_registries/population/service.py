"""Reads and writes of the population registry."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from engine.kernel.iin import make_iin
from mock_registries.population.models import Person


def person_json(person: Person, birth_order: int | None = None) -> dict[str, Any]:
    data = person.model_dump(exclude={"id"}, mode="json")
    if birth_order is not None:
        data["birth_order"] = birth_order
    return data


def find_person(session: Session, iin: str) -> Person | None:
    return session.exec(select(Person).where(Person.iin == iin)).first()


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


def next_iin(session: Session, birth_date: date, sex: str) -> str:
    """The first unused valid IIN for this birth date and sex."""
    sample = make_iin(birth_date, sex, 0) or make_iin(birth_date, sex, 1) or ""
    prefix = sample[:7]
    used = set(session.exec(select(Person.iin).where(col(Person.iin).startswith(prefix))).all())
    for serial in range(1, 10000):
        candidate = make_iin(birth_date, sex, serial)
        if candidate is not None and candidate not in used:
            return candidate
    raise RuntimeError(f"no free IIN serial left for {birth_date}")


def count_persons(session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(Person)).one())
