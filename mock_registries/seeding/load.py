"""Bulk loading of seed rows: PostgreSQL ``COPY`` when available, batched inserts elsewhere."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from sqlalchemy import JSON, Connection, Table, insert

BATCH = 10_000

Progress = Callable[[int], None]


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def bulk_insert(
    conn: Connection,
    table: Table,
    rows: Iterable[dict[str, Any]],
    progress: Progress | None = None,
) -> int:
    """Insert every row (dicts keyed by column name, all with the same keys) in the caller's
    transaction; returns the number of rows. ``progress`` gets the running count."""
    copy = conn.dialect.name == "postgresql"
    done = 0
    for batch in _batches(rows, BATCH):
        if copy:
            _copy(conn, table, batch)
        elif conn.dialect.name == "sqlite":
            _executemany(conn, table, batch)
        else:
            conn.execute(insert(table), batch)
        done += len(batch)
        if progress is not None:
            progress(done)
    return done


def _executemany(conn: Connection, table: Table, batch: list[dict[str, Any]]) -> None:
    """The driver's own executemany, with each column's bind processor applied here once per
    value (SQLAlchemy's per-row parameter handling would triple the loading time)."""
    columns = list(batch[0])
    processors = [table.c[name].type.bind_processor(conn.dialect) for name in columns]
    names = ", ".join(f'"{name}"' for name in columns)
    marks = ", ".join("?" for _ in columns)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    cursor.executemany(
        f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})',
        [
            [
                value if process is None or value is None else process(value)
                for process, value in zip(processors, (row[c] for c in columns), strict=True)
            ]
            for row in batch
        ],
    )


def _copy(conn: Connection, table: Table, batch: list[dict[str, Any]]) -> None:
    columns = list(batch[0])
    json_columns = {c.name for c in table.columns if isinstance(c.type, JSON)}
    names = ", ".join(f'"{name}"' for name in columns)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in batch:
            copy.write_row([json.dumps(row[c]) if c in json_columns else row[c] for c in columns])
