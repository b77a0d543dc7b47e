"""Pulling a registry's change feed: each event stored once, the cursor advanced in the same
transaction, so a crash between the two can neither lose nor double an event."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from engine.clock import Clock
from engine.db import transaction
from engine.registries.client import FeedPage, RegistryClient
from engine.registries.models import FeedCursor, InboundEvent

log = logging.getLogger("engine.watch")


def current_cursor(engine: Engine, registry: str) -> str:
    with Session(engine) as session:
        row = session.get(FeedCursor, registry)
        return row.cursor if row else ""


def store_page(engine: Engine, registry: str, page: FeedPage, now: datetime) -> int:
    """Store a page of events and move the cursor; returns how many events were new."""
    with transaction(engine) as session:
        insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
        new = 0
        for event in page.events:
            statement = (
                insert(InboundEvent)
                .values(
                    registry_name=registry,
                    event_id=event["event_id"],
                    type=event["type"],
                    occurred_at=datetime.fromisoformat(event["occurred_at"]),
                    received_at=now,
                    data=event["data"],
                    status="pending",
                    attempts=0,
                )
                .on_conflict_do_nothing(index_elements=["registry_name", "event_id"])
                .returning(col(InboundEvent.id))
            )
            new += len(session.connection().execute(statement).all())
        cursor = session.get(FeedCursor, registry, with_for_update=True)
        if cursor is None:
            cursor = FeedCursor(registry_name=registry, updated_at=now)
        if not _is_behind(page.next_cursor, cursor.cursor):
            cursor.cursor = page.next_cursor
        cursor.updated_at = now
        if page.events:
            cursor.last_event_at = datetime.fromisoformat(page.events[-1]["occurred_at"])
        cursor.events_total += new
        session.add(cursor)
    if new:
        log.info("engine.event.ingested registry=%s new=%d", registry, new)
    return new


def _is_behind(candidate: str, current: str) -> bool:
    """A slower concurrent reader must not move the cursor back."""
    return candidate.isdigit() and current.isdigit() and int(candidate) < int(current)


async def poll_feed(
    engine: Engine,
    client: RegistryClient,
    clock: Clock,
    registry: str,
    *,
    limit: int = 200,
    wait: float = 0.0,
) -> int:
    """One pull of one feed. Returns the number of new events stored."""
    page = await client.changes(registry, current_cursor(engine, registry), limit, wait)
    return store_page(engine, registry, page, clock.now())
