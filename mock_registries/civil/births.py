"""Registering a birth: checks against the population registry, the child's IIN from it, the
act and its change in this registry's own database."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlmodel import Session

from mock_registries.civil.models import FEED, IDEMPOTENCY, BirthRecord
from mock_registries.common.context import RegistryContext
from mock_registries.common.errors import FieldError
from mock_registries.common.feed import append_change
from mock_registries.common.idempotency import remember, replay
from mock_registries.common.validators import IIN

MIN_MOTHER_AGE = 12
EARLIEST_BIRTH = date(1900, 1, 1)


class BirthIn(BaseModel):
    mother_iin: IIN
    father_iin: IIN | None = None
    child_first_name: str = Field(min_length=1, max_length=60)
    child_last_name: str | None = Field(default=None, min_length=1, max_length=60)
    child_sex: Literal["M", "F"]
    birth_date: date


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def check_dates(body: BirthIn, today: date) -> None:
    if body.birth_date > today:
        raise FieldError("birth_date", f"{body.birth_date} is in the future (today is {today})")
    if body.birth_date < EARLIEST_BIRTH:
        raise FieldError("birth_date", f"{body.birth_date} is before {EARLIEST_BIRTH}")


def check_mother(mother: dict[str, Any] | None, birth_date: date) -> None:
    if mother is None:
        raise FieldError("mother_iin", "no person with this IIN in the population registry")
    if mother["sex"] != "F":
        raise FieldError("mother_iin", "the person with this IIN is male; a mother must be female")
    age = _age_on(date.fromisoformat(mother["birth_date"]), birth_date)
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


def record_birth(
    ctx: RegistryContext,
    body: BirthIn,
    child: dict[str, Any],
    last_name: str,
    request_id: str | None,
) -> dict[str, Any]:
    """Write the act and its change in one transaction; the child's IIN is already assigned."""
    payload = body.model_dump(mode="json")
    with Session(ctx.engine) as session, session.begin():
        conn = session.connection()
        earlier = replay(conn, IDEMPOTENCY, request_id, payload)
        if earlier is not None:
            return earlier
        record = BirthRecord(
            child_iin=child["iin"],
            mother_iin=body.mother_iin,
            father_iin=body.father_iin,
            child_first_name=body.child_first_name,
            child_last_name=last_name,
            child_sex=body.child_sex,
            birth_date=body.birth_date,
            registered_at=ctx.now(),
        )
        session.add(record)
        session.flush()
        event_id = append_change(
            conn,
            FEED,
            type="birth.registered",
            occurred_at=ctx.now(),
            data={
                "act_id": record.id,
                "child_iin": child["iin"],
                "mother_iin": body.mother_iin,
                "father_iin": body.father_iin,
                "child_first_name": body.child_first_name,
                "child_last_name": last_name,
                "child_sex": body.child_sex,
                "birth_date": body.birth_date.isoformat(),
                "birth_order": child.get("birth_order"),
            },
        )
        response = {"child_iin": child["iin"], "event_id": event_id}
        remember(conn, IDEMPOTENCY, request_id, payload, response)
        return response
