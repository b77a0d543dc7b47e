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
    father_iin: str | None = None,
    spouse_iin: str | None = None,
    region: str = "astana",
    address: str = "г. Астана, ул. Кенесары, д. 12, кв. 45",
    death_date: date | None = None,
    patronymic: str | None = None,
    phone: str | None = None,
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
        region=region,
        address=address,
        mother_iin=mother_iin,
        father_iin=father_iin,
        spouse_iin=spouse_iin,
        patronymic=patronymic,
        phone=phone,
        language=language,
        alive=alive,
        death_date=death_date,
        has_bank_account=True,
    )
    with Session(ctx.engine) as session:
        session.add(person)
        session.commit()
        session.refresh(person)
    return person
