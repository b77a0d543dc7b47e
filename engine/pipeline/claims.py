"""Claiming stored events for processing. On PostgreSQL any number of workers claim with
``SELECT ... FOR UPDATE SKIP LOCKED``; an event waits while an earlier event of the same
citizen is unfinished, so one citizen's events are handled in order. A claim is a lease: a
worker that dies lets its events return to the queue when the lease runs out."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, and_, exists, or_, update
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from engine.db import transaction
from engine.registries.models import InboundEvent

LEASE = timedelta(minutes=2)
UNFINISHED = ("pending", "processing")


def release_expired(engine: Engine, now: datetime) -> int:
    with transaction(engine) as session:
        result = session.connection().execute(
            update(InboundEvent)
            .where(col(InboundEvent.status) == "processing", col(InboundEvent.locked_until) < now)
            .values(status="pending", locked_by=None, locked_until=None)
        )
        return int(result.rowcount or 0)


def release_all(engine: Engine) -> int:
    """Every claim, whoever holds it: for a one-process deployment at start-up, where any
    claim left over is its own, from before a crash (nobody else can be working on it)."""
    with transaction(engine) as session:
        result = session.connection().execute(
            update(InboundEvent)
            .where(col(InboundEvent.status) == "processing")
            .values(status="pending", locked_by=None, locked_until=None)
        )
        return int(result.rowcount or 0)


def claim_batch(
    engine: Engine, worker: str, now: datetime, limit: int, lease: timedelta = LEASE
) -> list[int]:
    """Mark up to ``limit`` ready events as this worker's and return their ids, oldest first."""
    earlier = aliased(InboundEvent)
    blocked = exists().where(
        and_(
            col(earlier.subject_key) == col(InboundEvent.subject_key),
            col(earlier.subject_key) != "",
            col(earlier.id) < col(InboundEvent.id),
            col(earlier.status).in_(UNFINISHED),
        )
    )
    query = (
        select(InboundEvent.id)
        .where(
            InboundEvent.status == "pending",
            or_(col(InboundEvent.available_at).is_(None), col(InboundEvent.available_at) <= now),
            ~blocked,
        )
        .order_by(col(InboundEvent.id))
        .limit(limit)
    )
    with transaction(engine) as session:
        if engine.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True, of=InboundEvent)
        ids = [i for i in session.exec(query).all() if i is not None]
        if ids:
            session.connection().execute(
                update(InboundEvent)
                .where(col(InboundEvent.id).in_(ids))
                .values(status="processing", locked_by=worker, locked_until=now + lease)
            )
        return ids
