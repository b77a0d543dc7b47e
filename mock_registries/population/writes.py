"""Changes to the population registry, each checked against the register itself inside the
write transaction: newborns, deaths, marriages, divorces and corrections of a record."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from engine.kernel.dates import age_on
from mock_registries.common.codes import Citizenship, Language, Region, Sex
from mock_registries.common.errors import FieldError
from mock_registries.common.feed import append_change
from mock_registries.common.validators import IIN, Day, Name, check_past_date
from mock_registries.population.models import FEED, Person
from mock_registries.population.service import birth_order, find_person, next_iin, person_json

MARRIAGE_AGE = 18
MIN_PARENT_AGE = 12
CITIZENSHIPS = ("citizen", "kandas", "permanent_resident", "foreigner")
PHONE_PATTERN = r"^\+7 7\d{2} \d{3} \d{2} \d{2}$"


class NewbornIn(BaseModel):
    first_name: Name
    last_name: Name
    first_name_kk: Name | None = None
    last_name_kk: Name | None = None
    patronymic: Name | None = None
    patronymic_kk: Name | None = None
    sex: Sex
    birth_date: Day
    mother_iin: IIN
    father_iin: IIN | None = None


class DeathIn(BaseModel):
    iin: IIN
    death_date: Day


class MarriageIn(BaseModel):
    spouse1_iin: IIN
    spouse2_iin: IIN
    marriage_date: Day


class DivorceIn(BaseModel):
    spouse1_iin: IIN
    spouse2_iin: IIN
    divorce_date: Day


class PersonChanges(BaseModel):
    """Corrections of a person's record; only the fields given change."""

    model_config = ConfigDict(extra="forbid")

    first_name: Name | None = None
    last_name: Name | None = None
    patronymic: Name | None = None
    first_name_kk: Name | None = None
    last_name_kk: Name | None = None
    patronymic_kk: Name | None = None
    sex: Sex | None = None
    birth_date: Day | None = None
    father_iin: IIN | None = None
    citizenship: Citizenship | None = None
    region: Region | None = None
    address: str | None = Field(default=None, min_length=5, max_length=200)
    phone: str | None = Field(default=None, pattern=PHONE_PATTERN)
    language: Language | None = None
    has_bank_account: bool | None = None


def _person(session: Session, field: str, iin: str) -> Person:
    person = find_person(session, iin, for_update=True)
    if person is None:
        raise FieldError(field, "person.unknown")
    return person


def _alive_on(field: str, person: Person, day: date) -> None:
    if not person.alive:
        raise FieldError(field, "person.dead", death_date=person.death_date)
    if person.birth_date > day:
        raise FieldError(field, "person.not_born", birth_date=person.birth_date, day=day)


def _updated(session: Session, person: Person, changed: dict[str, Any], now: Any) -> str | None:
    if not changed:
        return None
    session.add(person)
    session.flush()
    data = {"iin": person.iin, "changed": changed}
    return append_change(
        session.connection(), FEED, type="person.updated", occurred_at=now, data=data
    )


def register_newborn(
    session: Session, body: NewbornIn, today: date, now: Any, iin_issued_on: date | None
) -> dict[str, Any]:
    check_past_date("birth_date", body.birth_date, today)
    mother = _person(session, "mother_iin", body.mother_iin)
    if mother.sex != "F":
        raise FieldError("mother_iin", "mother.male")
    age = age_on(mother.birth_date, body.birth_date)
    if age < MIN_PARENT_AGE:
        raise FieldError("birth_date", "mother.too_young", age=age)
    if body.father_iin is not None:
        father = _person(session, "father_iin", body.father_iin)
        if father.sex != "M":
            raise FieldError("father_iin", "father.female")
    child = Person(
        iin=next_iin(session, body.birth_date, body.sex, iin_issued_on),
        last_name=body.last_name,
        first_name=body.first_name,
        last_name_kk=body.last_name_kk or body.last_name,
        first_name_kk=body.first_name_kk or body.first_name,
        patronymic=body.patronymic,
        patronymic_kk=body.patronymic_kk or body.patronymic,
        sex=body.sex,
        birth_date=body.birth_date,
        citizenship=mother.citizenship,
        region=mother.region,
        address=mother.address,
        mother_iin=mother.iin,
        father_iin=body.father_iin,
        language=mother.language,
        has_bank_account=False,
    )
    session.add(child)
    session.flush()
    order = birth_order(session, child)
    append_change(
        session.connection(),
        FEED,
        type="person.registered",
        occurred_at=now,
        data=person_json(child, order),
    )
    return {"iin": child.iin, "birth_order": order}


def register_death(session: Session, body: DeathIn, today: date, now: Any) -> dict[str, Any]:
    check_past_date("death_date", body.death_date, today)
    person = _person(session, "iin", body.iin)
    if not person.alive:
        raise FieldError("iin", "death.recorded", death_date=person.death_date)
    if body.death_date < person.birth_date:
        raise FieldError("death_date", "death.before_birth", birth_date=person.birth_date)
    person.alive = False
    person.death_date = body.death_date
    session.add(person)
    session.flush()
    event_id = append_change(
        session.connection(),
        FEED,
        type="person.died",
        occurred_at=now,
        data={"iin": person.iin, "death_date": body.death_date.isoformat()},
    )
    return {"iin": person.iin, "event_id": event_id}


def _related(one: Person, other: Person) -> bool:
    """Parent and child, or brother and sister through a common parent."""
    if other.iin in (one.mother_iin, one.father_iin) or one.iin in (
        other.mother_iin,
        other.father_iin,
    ):
        return True
    one_parents = {one.mother_iin, one.father_iin} - {None}
    return bool(one_parents & ({other.mother_iin, other.father_iin} - {None}))


def _married_to_living(session: Session, person: Person) -> Person | None:
    if person.spouse_iin is None:
        return None
    spouse = find_person(session, person.spouse_iin)
    return spouse if spouse is not None and spouse.alive else None


def register_marriage(session: Session, body: MarriageIn, today: date, now: Any) -> dict[str, Any]:
    check_past_date("marriage_date", body.marriage_date, today)
    if body.spouse1_iin == body.spouse2_iin:
        raise FieldError("spouse2_iin", "marriage.self")
    first_iin, second_iin = sorted((body.spouse1_iin, body.spouse2_iin))  # lock in one order
    locked = {iin: _person(session, _field(body, iin), iin) for iin in (first_iin, second_iin)}
    spouses = (locked[body.spouse1_iin], locked[body.spouse2_iin])
    for field, person in zip(("spouse1_iin", "spouse2_iin"), spouses, strict=True):
        _alive_on(field, person, body.marriage_date)
        age = age_on(person.birth_date, body.marriage_date)
        if age < MARRIAGE_AGE:
            raise FieldError(field, "marriage.under_age", age=age)
        current = _married_to_living(session, person)
        if current is not None:
            raise FieldError(field, "marriage.married", spouse_iin=current.iin)
    one, other = spouses
    if one.sex == other.sex:
        raise FieldError("spouse2_iin", "marriage.same_sex")
    if _related(one, other):
        raise FieldError("spouse2_iin", "marriage.relatives")
    events = [
        _updated(session, person, _set_spouse(person, partner.iin), now)
        for person, partner in ((one, other), (other, one))
    ]
    return {"event_ids": [e for e in events if e]}


def register_divorce(session: Session, body: DivorceIn, today: date, now: Any) -> dict[str, Any]:
    check_past_date("divorce_date", body.divorce_date, today)
    first_iin, second_iin = sorted((body.spouse1_iin, body.spouse2_iin))
    locked = {iin: _person(session, _field(body, iin), iin) for iin in (first_iin, second_iin)}
    one, other = locked[body.spouse1_iin], locked[body.spouse2_iin]
    if one.spouse_iin != other.iin or other.spouse_iin != one.iin:
        raise FieldError("spouse2_iin", "divorce.not_married")
    for field, person in (("spouse1_iin", one), ("spouse2_iin", other)):
        _alive_on(field, person, body.divorce_date)
    events = [_updated(session, person, _set_spouse(person, None), now) for person in (one, other)]
    return {"event_ids": [e for e in events if e]}


def _field(body: MarriageIn | DivorceIn, iin: str) -> str:
    return "spouse1_iin" if iin == body.spouse1_iin else "spouse2_iin"


def _set_spouse(person: Person, spouse_iin: str | None) -> dict[str, Any]:
    if person.spouse_iin == spouse_iin:
        return {}
    person.spouse_iin = spouse_iin
    return {"spouse_iin": spouse_iin}


def change_person(
    session: Session, iin: str, body: PersonChanges, today: date, now: Any
) -> dict[str, Any]:
    person = find_person(session, iin, for_update=True)
    if person is None:
        raise FieldError("iin", "person.unknown", where="path")
    given = body.model_dump(exclude_unset=True)
    if not given:
        raise FieldError("body", "request.nothing_to_change")
    if body.birth_date is not None:
        check_past_date("birth_date", body.birth_date, today)
        if person.death_date is not None and body.birth_date > person.death_date:
            raise FieldError("birth_date", "person.after_death", death_date=person.death_date)
    if body.father_iin is not None:
        father = find_person(session, body.father_iin)
        if father is None:
            raise FieldError("father_iin", "person.unknown")
        if father.sex != "M":
            raise FieldError("father_iin", "father.female")
        if body.father_iin == iin:
            raise FieldError("father_iin", "father.self")
    changed: dict[str, Any] = {}
    for field, value in given.items():
        if getattr(person, field) != value:
            setattr(person, field, value)
            changed[field] = value.isoformat() if isinstance(value, date) else value
    event_id = _updated(session, person, changed, now)
    return {"iin": iin, "changed": changed, "event_id": event_id}
