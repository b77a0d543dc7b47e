"""Disability decisions: a group (1 to 3) and a cause, for a term or without one.

A child under 18 is a "child with disability" (cause ``child``); an adult whose disability
began in childhood has cause ``childhood``; other adults ``general``. Groups are reviewed
after a term (usually two years for group 1, one year for groups 2 and 3) or set without a
term for lasting conditions.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, col, or_, select

from engine.kernel.dates import age_on
from mock_registries.common.codes import DisabilityCause, DisabilityGroup
from mock_registries.common.errors import FieldError
from mock_registries.common.feed import append_change
from mock_registries.common.records import record_json
from mock_registries.common.validators import IIN, Day, check_past_date
from mock_registries.disability.models import TABLES, Decision

ADULT_AGE = 18
LONGEST_TERM_YEARS = 18

EXCLUDED = frozenset({"id", "created_at"})


class DecisionIn(BaseModel):
    iin: IIN
    group: DisabilityGroup
    cause: DisabilityCause
    valid_from: Day
    valid_to: Day | None = None
    decision_date: Day | None = None


def check_decision(body: DecisionIn, person: dict[str, Any] | None, today: date) -> date:
    decided = body.decision_date or today
    check_past_date("decision_date", decided, today)
    if person is None:
        raise FieldError("iin", "person.unknown")
    if not person["alive"]:
        raise FieldError("iin", "person.dead", death_date=person.get("death_date"))
    born = date.fromisoformat(person["birth_date"])
    if body.valid_from < born:
        raise FieldError("valid_from", "disability.before_birth", birth_date=born)
    if body.valid_to is not None:
        if body.valid_to <= body.valid_from:
            raise FieldError("valid_to", "disability.term_order")
        if (body.valid_to - body.valid_from).days > LONGEST_TERM_YEARS * 366:
            raise FieldError("valid_to", "disability.term_long", years=LONGEST_TERM_YEARS)
    if (body.valid_from - decided).days > 31:
        raise FieldError("valid_from", "disability.starts_late")
    age = age_on(born, body.valid_from)
    if body.cause == "child" and age >= ADULT_AGE:
        raise FieldError("cause", "disability.child_cause", age=age)
    if body.cause != "child" and age < ADULT_AGE:
        raise FieldError("cause", "disability.minor_cause", age=age)
    return decided


def decision_json(decision: Decision) -> dict[str, Any]:
    return {"decision_id": decision.id, **record_json(decision, EXCLUDED)}


def decide(session: Session, body: DecisionIn, decided: date, now: datetime) -> dict[str, Any]:
    decision = Decision(
        iin=body.iin,
        group=body.group,
        cause=body.cause,
        valid_from=body.valid_from,
        valid_to=body.valid_to,
        decision_date=decided,
        created_at=now,
    )
    session.add(decision)
    session.flush()
    event_id = append_change(
        session.connection(),
        TABLES.feed,
        type="disability.decided",
        occurred_at=now,
        data=decision_json(decision),
    )
    return {"decision_id": decision.id, "event_id": event_id}


def decision_in_force(session: Session, iin: str, on: date) -> Decision | None:
    """The latest decision whose term covers ``on``."""
    query = (
        select(Decision)
        .where(
            Decision.iin == iin,
            col(Decision.valid_from) <= on,
            or_(col(Decision.valid_to).is_(None), col(Decision.valid_to) >= on),
        )
        .order_by(col(Decision.decision_date).desc(), col(Decision.id).desc())
    )
    return session.exec(query).first()


def decisions_of(session: Session, iin: str) -> list[Decision]:
    query = select(Decision).where(Decision.iin == iin).order_by(col(Decision.decision_date))
    return list(session.exec(query).all())
