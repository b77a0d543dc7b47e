"""How every registry write runs: in one serialised transaction, answered once per client
request id (``Idempotency-Key``), waking the feed's long-polling readers on success."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Header
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from mock_registries.common.context import RegistryContext
from mock_registries.common.database import write_session
from mock_registries.common.errors import Problem
from mock_registries.common.idempotency import remember, replay

IdempotencyKey = Annotated[
    str | None,
    Header(
        max_length=128,
        description="client request id: a write repeated with the same key is done once",
    ),
]

Work = Callable[[Session], dict[str, Any]]


def write_once(
    ctx: RegistryContext, endpoint: str, request_id: str | None, body: dict[str, Any], work: Work
) -> dict[str, Any]:
    """Do ``work`` in a write transaction, or answer as the first request with this id did."""
    payload = {"endpoint": endpoint, "body": body}
    table = ctx.tables.idempotency
    with write_session(ctx.engine, ctx.feed) as session:
        conn = session.connection()
        earlier = replay(conn, table, request_id, payload)
        if earlier is not None:
            return earlier
        response = work(session)
        session.flush()
        remember(conn, table, request_id, payload, response)
        return response


async def perform_write(
    ctx: RegistryContext, endpoint: str, request_id: str | None, body: dict[str, Any], work: Work
) -> dict[str, Any]:
    try:
        result = await run_in_threadpool(write_once, ctx, endpoint, request_id, body, work)
    except IntegrityError as error:
        raise Problem(409, "write.conflict") from error
    ctx.notifier.notify()
    return result


def _stored_answer(
    ctx: RegistryContext, endpoint: str, request_id: str, body: dict[str, Any]
) -> dict[str, Any] | None:
    with ctx.engine.connect() as conn:
        return replay(
            conn, ctx.tables.idempotency, request_id, {"endpoint": endpoint, "body": body}
        )


async def earlier_answer(
    ctx: RegistryContext, endpoint: str, request_id: str | None, body: dict[str, Any]
) -> dict[str, Any] | None:
    """The answer already given to this request id, looked up before a write that first
    calls another registry (so that a repeat does not depend on what changed meanwhile)."""
    if request_id is None:
        return None
    return await run_in_threadpool(_stored_answer, ctx, endpoint, request_id, body)
