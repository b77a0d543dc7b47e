"""Guards for periodic jobs: on PostgreSQL an advisory lock makes sure that only one of several
schedulers runs a job at a time; SQLite deployments are one process, so the guard always
passes."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, text


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for a job name."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


@contextmanager
def singleton(engine: Engine, name: str) -> Iterator[bool]:
    """Yields True when this process holds the job's lock for the duration of the block."""
    if engine.dialect.name != "postgresql":
        yield True
        return
    key = lock_key(name)
    with engine.connect() as conn:
        acquired = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar())
        try:
            yield acquired
        finally:
            if acquired:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                conn.commit()
