"""Registering a birth: checks against the population registry, the child's IIN from it, the
act and its change in this registry's own database."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, select

from engine.kernel.dates import age_on
from mock_registries.civil.models import FEED, BirthRecord, act_json
from mock_registries.common.codes import Sex
from mock_registries.common.errors import AlreadyRegistered, FieldError, Problem
from mock_registries.common.feed import append_change
from mock_registries.common.validators import IIN, Day, Name, check_past_date

MIN_MOTHER_AGE = 12
MIN_DAYS_BETWEEN_BIRTHS = 180  # a second birth sooner than this is a recording error


class BirthIn(BaseModel):
    mother_iin: IIN
    father_iin: IIN | None = None
    child_first_name: Name
    child_last_name: Name | None = None
    child_first_name_kk: Name | None = None
    child_last_name_kk: Name | None = None
    child_patronymic: Name | None = None
    child_patronymic_kk: Name | None = None
    child_sex: Sex
    birth_date: Day


def check_dates(body: BirthIn, today: date) -> None:
    check_past_date("birth_date", body.birth_date, today)


def check_mother(mother: dict[str, Any] | None, birth_date: date) -> None:
    if mother is None:
        raise FieldError("mother_iin", "person.unknown")
    if mother["sex"] != "F":
        raise FieldError("mother_iin", "mother.male")
    age = age_on(date.fromisoformat(mother["birth_date"]), birth_date)
    if age < MIN_MOTHER_AGE:
        raise FieldError("birth_date", "mother.too_young", age=age)
    death = mother.get("death_date")
    if death is not None and date.fromisoformat(death) < birth_date:
        raise FieldError("mother_iin", "mother.dead", death_date=death)


def check_father(father: dict[str, Any] | None, birth_date: date) -> None:
    if father is None:
        raise FieldError("father_iin", "person.unknown")
    if father["sex"] != "M":
        raise FieldError("father_iin", "father.female")
    if date.fromisoformat(father["birth_date"]) >= birth_date:
        raise FieldError("father_iin", "father.born_after_child")


def check_not_repeated(session: Session, body: BirthIn) -> None:
    """A birth as a civil registry sees it: the same mother, date and child's first name is
    the act already registered, whatever the client's request id; another birth to the same
    mother less than ``MIN_DAYS_BETWEEN_BIRTHS`` days from one on record is refused (twins
    share the date)."""
    acts = session.exec(select(BirthRecord).where(BirthRecord.mother_iin == body.mother_iin)).all()
    name = body.child_first_name.casefold()
    for act in acts:
        if act.birth_date == body.birth_date and act.child_first_name.casefold() == name:
            raise AlreadyRegistered("birth", act_json(act))
    for act in acts:
        days = abs((body.birth_date - act.birth_date).days)
        if 0 < days < MIN_DAYS_BETWEEN_BIRTHS:
            raise Problem(
                409,
                "birth.too_soon",
                field="birth_date",
                extra={"existing": act_json(act)},
                previous_date=act.birth_date,
                act_id=act.id,
                days=days,
                min_days=MIN_DAYS_BETWEEN_BIRTHS,
            )


def birth_event(record: BirthRecord, birth_order: int | None) -> dict[str, Any]:
    return {
        "act_id": record.id,
        "child_iin": record.child_iin,
        "mother_iin": record.mother_iin,
        "father_iin": record.father_iin,
        "child_first_name": record.child_first_name,
        "child_last_name": record.child_last_name,
        "child_sex": record.child_sex,
        "birth_date": record.birth_date.isoformat(),
        "birth_order": birth_order,
    }


def same_birth_key(payload: dict[str, Any]) -> str:
    """The population write's request id when the client sent none: the same birth sent
    again (a retry after a lost answer) asks population for the same child, never a second."""
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    return "content-" + hashlib.sha256(canonical.encode()).hexdigest()[:40]


def record_birth(
    session: Session,
    body: BirthIn,
    child: dict[str, Any],
    last_name: str,
    now: datetime,
) -> dict[str, Any]:
    """Write the act and its change; the child's IIN is already assigned by population."""
    check_not_repeated(session, body)
    existing = session.exec(
        select(BirthRecord).where(BirthRecord.child_iin == child["iin"])
    ).first()
    if existing is not None:
        raise AlreadyRegistered("birth", act_json(existing))
    record = BirthRecord(
        child_iin=child["iin"],
        mother_iin=body.mother_iin,
        father_iin=body.father_iin,
        child_first_name=body.child_first_name,
        child_last_name=last_name,
        child_sex=body.child_sex,
        birth_date=body.birth_date,
        registered_at=now,
    )
    session.add(record)
    session.flush()
    event_id = append_change(
        session.connection(),
        FEED,
        type="birth.registered",
        occurred_at=now,
        data=birth_event(record, child.get("birth_order")),
    )
    return {"child_iin": child["iin"], "event_id": event_id, "act_id": record.id}
