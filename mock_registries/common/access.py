"""The record of every read of a person's data, kept by each registry for the citizen's
access log: who read (the agency), through whom (the token), why, what and when."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import insert, select
from starlette.concurrency import run_in_threadpool

from mock_registries.common.auth import Caller
from mock_registries.common.context import RegistryContext
from mock_registries.common.deps import Ctx, Reader
from mock_registries.common.feed import as_utc
from mock_registries.common.schemas import READ, AccessLog, answers

ACCESS_LOG_LIMIT = 500


def record_reads(ctx: RegistryContext, caller: Caller, iins: Iterable[str], path: str) -> None:
    """Note that ``caller`` read the data of each person in ``iins`` (once per person)."""
    unique = sorted({iin for iin in iins if iin})
    if not unique or not caller.recorded:
        return
    at = ctx.now()
    rows = [
        {
            "iin": iin,
            "agency": caller.agency,
            "caller": caller.caller,
            "purpose": caller.purpose,
            "path": path[:300],
            "request_id": caller.request_id,
            "at": at,
        }
        for iin in unique
    ]
    with ctx.engine.begin() as conn:
        conn.execute(insert(ctx.tables.access), rows)


def iins_in(data: dict[str, Any]) -> list[str]:
    """The IINs a record or an event names: ``iin`` and every ``..._iin`` field."""
    return [
        value
        for key, value in data.items()
        if isinstance(value, str) and (key == "iin" or key.endswith("_iin"))
    ]


def _read_log(ctx: RegistryContext, iin: str, limit: int) -> list[dict[str, Any]]:
    access = ctx.tables.access
    with ctx.engine.connect() as conn:
        rows = conn.execute(
            select(access)
            .where(access.c.iin == iin)
            .order_by(access.c.at.desc(), access.c.id.desc())
            .limit(limit)
        ).all()
    return [
        {
            "registry": ctx.name,
            "agency": row.agency,
            "caller": row.caller,
            "purpose": row.purpose,
            "path": row.path,
            "request_id": row.request_id,
            "at": as_utc(row.at).isoformat(),
        }
        for row in rows
    ]


@cache
def access_router() -> APIRouter:
    router = APIRouter(tags=["access log"])

    @router.get("/_access-log", **answers(AccessLog, READ))
    async def access_log(
        ctx: Ctx,
        caller: Reader,
        iin: Annotated[str, Query(min_length=12, max_length=12, pattern=r"^\d{12}$")],
        limit: Annotated[int, Query(ge=1, le=ACCESS_LOG_LIMIT)] = 100,
    ) -> dict[str, Any]:
        """Who read this person's data in this registry, newest first."""
        items = await run_in_threadpool(_read_log, ctx, iin, limit)
        return {"registry": ctx.name, "iin": iin, "items": items}

    return router
