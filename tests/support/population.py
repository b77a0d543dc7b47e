"""Arranging the population registry's state directly in its own database."""

from __future__ import annotations

from datetime import date
from itertools import count

from sqlmodel import Session

from engine.kernel.iin import make_iin
from mock_registries.common.context import RegistryContext
from mock_registries.population.models import Person

_serials = count(9000)


def add_person(
    ctx: RegistryContext,
    *,
    sex: str,
    birth_date: date,
    citizenship: str = "citizen",
    first_name: str = "Айгуль",
    last_name: str = "Нурланова",
    language: str = "kk",
    mother_iin: str | None = None,
    alive: bool = True,
) -> Person:
    iin = None
    while iin is None:
        iin = make_iin(birth_date, sex, next(_serials))
    person = Person(
        iin=iin,
        last_name=last_name,
        first_name=first_name,
        last_name_kk=last_name,
        first_name_kk=first_name,
        sex=sex,
        birth_date=birth_date,
        citizenship=citizenship,
        region="astana",
        address="г. Астана, ул. Кенесары, д. 12, кв. 45",
        mother_iin=mother_iin,
        language=language,
        alive=alive,
        has_bank_account=True,
    )
    with Session(ctx.engine) as session:
        session.add(person)
        session.commit()
        session.refresh(person)
    return person
