"""Each registry's own database engine, and the write transaction every registry write uses."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, event, select
from sqlmodel import Session

from engine.db import make_engine
from mock_registries.common.feed import FeedTables

_WRITE = "registry_write"


def make_registry_engine(url: str) -> Engine:
    """An engine whose SQLite write transactions start with ``BEGIN IMMEDIATE``: a writer
    takes the write lock before it reads, so two writers never both read and then clash
    ("database is locked") when the second tries to write."""
    engine = make_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _driver_leaves_transactions_to_us)
        event.listen(engine, "begin", _begin)
    return engine


def _driver_leaves_transactions_to_us(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None


def _begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get(_WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def write_session(engine: Engine, feed: FeedTables) -> Iterator[Session]:
    """One write transaction of a registry, committed when the block ends without error.

    Writes of one registry are serialised: PostgreSQL locks the feed's counter row first
    (every write appends to the feed anyway, which takes the same lock), SQLite takes its
    write lock at BEGIN. Checks made inside the block ("is this person already married?")
    therefore still hold when the block commits."""
    with engine.connect() as conn:
        conn.execution_options(**{_WRITE: True})
        with conn.begin():
            if engine.dialect.name == "postgresql":
                conn.execute(
                    select(feed.counter.c.value).where(feed.counter.c.id == 1).with_for_update()
                )
            session = Session(bind=conn, expire_on_commit=False)
            try:
                yield session
                session.flush()
            finally:
                session.close()
