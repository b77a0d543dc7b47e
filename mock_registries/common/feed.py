"""The change feed every registry exposes.

Each change gets a sequence number when it is written. The number comes from a single counter
row that the writing transaction updates first: in PostgreSQL the row lock is held until commit,
so a later number can never become visible before an earlier one; SQLite serialises writers
anyway. A reader that remembers the last number it saw therefore never skips a change that
commits late.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    insert,
    select,
    update,
)


@dataclass(frozen=True)
class FeedTables:
    changes: Table
    counter: Table


def define_feed_tables(metadata: MetaData) -> FeedTables:
    changes = Table(
        "feed_change",
        metadata,
        Column("seq", BigInteger, primary_key=True, autoincrement=False),
        Column("event_id", String(64), nullable=False, unique=True),
        Column("type", String(64), nullable=False, index=True),
        Column("occurred_at", DateTime(timezone=True), nullable=False),
        Column("data", JSON, nullable=False),
    )
    counter = Table(
        "feed_counter",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=False),
        Column("value", BigInteger, nullable=False),
    )
    return FeedTables(changes=changes, counter=counter)


def ensure_counter(conn: Connection, tables: FeedTables) -> None:
    if conn.execute(select(tables.counter.c.value).where(tables.counter.c.id == 1)).first():
        return
    conn.execute(insert(tables.counter).values(id=1, value=0))


def append_change(
    conn: Connection,
    tables: FeedTables,
    *,
    type: str,
    occurred_at: datetime,
    data: dict[str, Any],
    event_id: str | None = None,
) -> str:
    """Record a change inside the caller's transaction; returns its event id."""
    seq = conn.execute(
        update(tables.counter)
        .where(tables.counter.c.id == 1)
        .values(value=tables.counter.c.value + 1)
        .returning(tables.counter.c.value)
    ).scalar_one()
    event_id = event_id or uuid.uuid4().hex
    conn.execute(
        insert(tables.changes).values(
            seq=seq, event_id=event_id, type=type, occurred_at=occurred_at, data=data
        )
    )
    return event_id


@dataclass(frozen=True)
class Change:
    seq: int
    event_id: str
    type: str
    occurred_at: datetime
    data: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "event_id": self.event_id,
            "type": self.type,
            "occurred_at": self.occurred_at.isoformat(),
            "data": self.data,
        }


def as_utc(moment: datetime) -> datetime:
    """SQLite returns stored timestamps without their zone; they were written in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def head(conn: Connection, tables: FeedTables) -> int:
    """The sequence number of the newest change (0 before the first)."""
    value = conn.execute(select(tables.counter.c.value).where(tables.counter.c.id == 1)).scalar()
    return int(value or 0)


def read_changes(conn: Connection, tables: FeedTables, after: int, limit: int) -> list[Change]:
    rows = conn.execute(
        select(tables.changes)
        .where(tables.changes.c.seq > after)
        .order_by(tables.changes.c.seq)
        .limit(limit)
    ).all()
    return [
        Change(
            seq=row.seq,
            event_id=row.event_id,
            type=row.type,
            occurred_at=as_utc(row.occurred_at),
            data=row.data,
        )
        for row in rows
    ]


class FeedNotifier:
    """Wakes long-polling readers when a change is committed (writers run in worker threads,
    readers wait on the event loop)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()

    def notify(self) -> None:
        with self._lock:
            waiters = list(self._waiters)
        for loop, event in waiters:
            if not loop.is_closed():
                loop.call_soon_threadsafe(event.set)

    @contextmanager
    def subscription(self) -> Iterator[asyncio.Event]:
        """Subscribe before reading, so a change committed between the read and the wait
        still wakes the reader."""
        entry = (asyncio.get_running_loop(), asyncio.Event())
        with self._lock:
            self._waiters.add(entry)
        try:
            yield entry[1]
        finally:
            with self._lock:
                self._waiters.discard(entry)
