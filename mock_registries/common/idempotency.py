"""Client request ids: a write repeated with the same id returns the first answer and
changes nothing."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import JSON, Column, Connection, Integer, MetaData, String, Table, insert, select

from mock_registries.common.errors import Problem


def define_idempotency_table(metadata: MetaData) -> Table:
    return Table(
        "idempotent_request",
        metadata,
        Column("request_id", String(128), primary_key=True),
        Column("body_hash", String(64), nullable=False),
        Column("status_code", Integer, nullable=False),
        Column("response", JSON, nullable=False),
    )


def body_hash(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def replay(
    conn: Connection, table: Table, request_id: str | None, body: dict[str, Any]
) -> dict[str, Any] | None:
    """The stored answer to an earlier identical request, if any."""
    if request_id is None:
        return None
    row = conn.execute(select(table).where(table.c.request_id == request_id)).first()
    if row is None:
        return None
    if row.body_hash != body_hash(body):
        raise Problem(409, "idempotency.key_reused", field="Idempotency-Key", where="header")
    response: dict[str, Any] = row.response
    return response


def remember(
    conn: Connection,
    table: Table,
    request_id: str | None,
    body: dict[str, Any],
    response: dict[str, Any],
    status_code: int = 201,
) -> None:
    if request_id is None:
        return
    conn.execute(
        insert(table).values(
            request_id=request_id,
            body_hash=body_hash(body),
            status_code=status_code,
            response=response,
        )
    )
