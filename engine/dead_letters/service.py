"""The dead-letter table: work that could not be done, with its reason, until an operator
retries or discards it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from engine.db import transaction
from engine.pipeline.models import DeadLetter
from engine.registries.models import InboundEvent


class DeadLetterNotFound(LookupError):
    pass


class DeadLetterClosed(RuntimeError):
    pass


def view(letter: DeadLetter) -> dict[str, Any]:
    return {
        "id": letter.id,
        "kind": letter.kind,
        "status": letter.status,
        "reason": letter.reason,
        "rule_id": letter.rule_id,
        "life_event": letter.life_event,
        "inbound_event_id": letter.inbound_event_id,
        "payload": letter.payload,
        "created_at": letter.created_at.isoformat(),
        "resolved_at": letter.resolved_at.isoformat() if letter.resolved_at else None,
        "resolved_by": letter.resolved_by,
    }


def list_letters(db: Engine, status: str | None = "open", limit: int = 100) -> list[DeadLetter]:
    with Session(db) as session:
        query = select(DeadLetter).order_by(col(DeadLetter.id).desc()).limit(limit)
        if status:
            query = query.where(DeadLetter.status == status)
        return list(session.exec(query).all())


def _open_letter(session: Session, letter_id: int) -> DeadLetter:
    letter = session.get(DeadLetter, letter_id, with_for_update=True)
    if letter is None:
        raise DeadLetterNotFound(f"no dead letter {letter_id}")
    if letter.status != "open":
        raise DeadLetterClosed(f"dead letter {letter_id} is already {letter.status}")
    return letter


def retry(db: Engine, letter_id: int, by: str, now: datetime) -> DeadLetter:
    """Put the event back in the queue. For an evaluation that failed, the whole event is
    processed again: entitlements already created are not repeated (dedup keys), and the case
    gets the missing decision."""
    with transaction(db) as session:
        letter = _open_letter(session, letter_id)
        event = (
            session.get(InboundEvent, letter.inbound_event_id) if letter.inbound_event_id else None
        )
        if event is not None:
            event.status = "pending"
            event.available_at = now
            event.attempts = 0
            event.error = None
            session.add(event)
        letter.status = "retried"
        letter.resolved_at = now
        letter.resolved_by = by
        session.add(letter)
        return letter


def discard(db: Engine, letter_id: int, by: str, now: datetime) -> DeadLetter:
    with transaction(db) as session:
        letter = _open_letter(session, letter_id)
        letter.status = "discarded"
        letter.resolved_at = now
        letter.resolved_by = by
        session.add(letter)
        return letter
