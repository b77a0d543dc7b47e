"""Registering a birth: checks against the population registry, the child's IIN from it, the
act and its change in this registry's own database."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel
from sqlmodel import Session, select

from engine.kernel.dates import age_on
from mock_registries.civil.models import FEED, BirthRecord
from mock_registries.common.errors import AlreadyRegistered, FieldError
from mock_registries.common.feed import append_change
from mock_registries.common.validators import IIN, Name, check_past_date

MIN_MOTHER_AGE = 12


class BirthIn(BaseModel):
    mother_iin: IIN
    father_iin: IIN | None = None
    child_first_name: Name
    child_last_name: Name | None = None
    child_first_name_kk: Name | None = None
    child_last_name_kk: Name | None = None
    child_patronymic: Name | None = None
    child_patronymic_kk: Name | None = None
    child_sex: Literal["M", "F"]
    birth_date: date


def check_dates(body: BirthIn, today: date) -> None:
    check_past_date("birth_date", body.birth_date, today)


def check_mother(mother: dict[str, Any] | None, birth_date: date) -> None:
    if mother is None:
        raise FieldError("mother_iin", "no person with this IIN in the population registry")
    if mother["sex"] != "F":
        raise FieldError("mother_iin", "the person with this IIN is male; a mother must be female")
    age = age_on(date.fromisoformat(mother["birth_date"]), birth_date)
    if age < MIN_MOTHER_AGE:
        raise FieldError(
            "birth_date", f"the mother would be {age} years old on this date; check the date"
        )
    death = mother.get("death_date")
    if death is not None and date.fromisoformat(death) < birth_date:
        raise FieldError("mother_iin", f"the mother died on {death}, before this birth date")


def check_father(father: dict[str, Any] | None, birth_date: date) -> None:
    if father is None:
        raise FieldError("father_iin", "no person with this IIN in the population registry")
    if father["sex"] != "M":
        raise FieldError("father_iin", "the person with this IIN is female; a father must be male")
    if date.fromisoformat(father["birth_date"]) >= birth_date:
        raise FieldError("father_iin", "the father was born after the child")


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
    existing = session.exec(
        select(BirthRecord).where(BirthRecord.child_iin == child["iin"])
    ).first()
    if existing is not None:
        raise AlreadyRegistered("birth", existing.id, "to change it, register a correction")
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
