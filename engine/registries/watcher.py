"""Pulling a registry's change feed: each event stored once, the cursor advanced in the same
transaction, so a crash between the two can neither lose nor double an event. A feed that
fails is retried with exponential backoff and jitter; its lag is measured on every pull."""

from __future__ import annotations

import logging
import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from engine.clock import Clock
from engine.db import transaction
from engine.metrics import METRICS
from engine.pipeline.subjects import subject_key
from engine.registries.client import FeedPage, RegistryClient, RegistryUnavailable
from engine.registries.models import FeedCursor, InboundEvent

log = logging.getLogger("engine.watch")

BACKOFF_BASE_SECONDS = 1.0
BACKOFF_MAX_SECONDS = 300.0


def current_cursor(engine: Engine, registry: str) -> FeedCursor | None:
    with Session(engine) as session:
        return session.get(FeedCursor, registry)


def backoff_delay(failures: int, rng: random.Random | None = None) -> timedelta:
    """Exponential backoff with full jitter: up to base x 2^failures, capped."""
    ceiling = min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(0, failures - 1))
    return timedelta(seconds=(rng or random).uniform(ceiling / 2, ceiling))


def _position(cursor: str) -> tuple[str, int] | None:
    """A feed cursor as (incarnation, sequence number); the incarnation may be empty."""
    incarnation, _, seq = cursor.rpartition("-")
    return (incarnation, int(seq)) if seq.isdigit() else None


def _is_behind(candidate: str, current: str) -> bool:
    """A slower concurrent reader must not move the cursor back (within one incarnation of
    the registry)."""
    new, old = _position(candidate), _position(current)
    return new is not None and old is not None and new[0] == old[0] and new[1] < old[1]


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
                    subject_key=subject_key(event["data"]),
                    status="pending",
                    attempts=0,
                    available_at=now,
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
        cursor.last_polled_at = now
        cursor.consecutive_failures = 0
        cursor.retry_at = None
        cursor.last_error = None
        if page.events:
            newest = datetime.fromisoformat(page.events[-1]["occurred_at"])
            cursor.last_event_at = newest
            cursor.lag_seconds = max(0.0, (now - newest).total_seconds())
        else:
            cursor.lag_seconds = 0.0  # caught up: nothing waits in the feed
        cursor.events_total += new
        session.add(cursor)
    METRICS.inc("engine_events_ingested_total", new, registry=registry)
    METRICS.set("engine_feed_lag_seconds", cursor.lag_seconds, registry=registry)
    if new:
        log.info("engine.event.ingested registry=%s new=%d", registry, new)
    return new


def record_failure(engine: Engine, registry: str, error: str, now: datetime) -> timedelta:
    """Count a failed pull and schedule the next attempt; returns the delay."""
    with transaction(engine) as session:
        cursor = session.get(FeedCursor, registry, with_for_update=True) or FeedCursor(
            registry_name=registry, updated_at=now
        )
        cursor.consecutive_failures += 1
        delay = backoff_delay(cursor.consecutive_failures)
        cursor.retry_at = now + delay
        cursor.last_error = error[:500]
        cursor.last_polled_at = now
        if cursor.last_event_at is not None:
            cursor.lag_seconds = max(0.0, (now - cursor.last_event_at).total_seconds())
        session.add(cursor)
    METRICS.inc("engine_feed_errors_total", registry=registry)
    log.warning(
        "engine.feed.unavailable registry=%s failures=%d retry_in=%.1fs error=%s",
        registry,
        cursor.consecutive_failures,
        delay.total_seconds(),
        error,
    )
    return delay


async def poll_feed(
    engine: Engine,
    client: RegistryClient,
    clock: Clock,
    registry: str,
    *,
    limit: int = 200,
    wait: float = 0.0,
    respect_backoff: bool = False,
) -> int:
    """One pull of one feed. Returns the number of new events stored. With
    ``respect_backoff`` a feed that failed recently is left alone until its retry time; a
    failure is recorded and raised as RegistryUnavailable."""
    cursor = current_cursor(engine, registry)
    if respect_backoff and cursor and cursor.retry_at and clock.now() < _aware(cursor.retry_at):
        return 0
    try:
        page = await client.changes(registry, cursor.cursor if cursor else "", limit, wait)
    except RegistryUnavailable as error:
        record_failure(engine, registry, str(error), clock.now())
        raise
    return store_page(engine, registry, page, clock.now())


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
