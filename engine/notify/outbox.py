"""Putting a message in the outbox, in the caller's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from engine.notify.models import Notification


def enqueue(
    session: Session,
    *,
    dedup_key: str,
    kind: str,
    citizen_iin: str,
    now: datetime,
    bundle_id: int | None = None,
    context: dict[str, Any] | None = None,
    recipient_iin: str | None = None,
) -> Notification | None:
    """A new pending message, or None when one with this key exists already."""
    existing = session.exec(select(Notification).where(Notification.dedup_key == dedup_key)).first()
    if existing is not None:
        return None
    notification = Notification(
        dedup_key=dedup_key[:160],
        kind=kind,
        citizen_iin=citizen_iin,
        recipient_iin=recipient_iin,
        bundle_id=bundle_id,
        context=context or {},
        next_attempt_at=now,
        created_at=now,
    )
    session.add(notification)
    return notification
