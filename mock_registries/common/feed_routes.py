"""``GET /changes``: the ordered change feed with cursor, page size and long-poll."""

from __future__ import annotations

import asyncio
from contextlib import suppress
from dataclasses import replace
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from starlette.concurrency import run_in_threadpool

from mock_registries.common.access import iins_in, record_reads
from mock_registries.common.auth import NOT_STATED, Caller
from mock_registries.common.context import RegistryContext
from mock_registries.common.deps import Ctx, Reader
from mock_registries.common.feed import Change, read_changes
from mock_registries.common.validators import cursor_position

MAX_WAIT_SECONDS = 30.0
FALLBACK_POLL_SECONDS = 1.0  # writers in another process cannot wake us; look again this often
FEED_PURPOSE = "change feed"


def parse_cursor(after: str | None) -> int:
    if after is None or after == "":
        return 0
    position = cursor_position(after)
    if position is None:
        raise HTTPException(
            status_code=422,
            detail=[
                {
                    "loc": ["query", "after"],
                    "msg": "cursor must be a value of 'next' from an earlier page",
                    "type": "value_error",
                }
            ],
        )
    return position


def _read(ctx: RegistryContext, after: int, limit: int) -> list[Change]:
    with ctx.engine.connect() as conn:
        return read_changes(conn, ctx.feed, after, limit)


def _record(ctx: RegistryContext, caller: Caller, page: list[Change]) -> None:
    if caller.purpose == NOT_STATED:
        caller = replace(caller, purpose=FEED_PURPOSE)
    iins = [iin for change in page for iin in iins_in(change.data)]
    record_reads(ctx, caller, iins, "/changes")


@cache
def feed_router() -> APIRouter:
    router = APIRouter(tags=["feed"])

    @router.get("/changes")
    async def changes(
        ctx: Ctx,
        caller: Reader,
        after: str | None = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        wait: Annotated[float, Query(ge=0, le=MAX_WAIT_SECONDS)] = 0,
    ) -> dict[str, Any]:
        """Changes after the cursor, oldest first; ``next`` is the cursor for the next call.
        With ``wait`` the call returns as soon as a change is committed, or empty after
        ``wait`` seconds."""
        cursor = parse_cursor(after)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while True:
            with ctx.notifier.subscription() as woke:
                page = await run_in_threadpool(_read, ctx, cursor, limit)
                remaining = deadline - loop.time()
                if page or remaining <= 0:
                    break
                with suppress(TimeoutError):
                    await asyncio.wait_for(woke.wait(), min(remaining, FALLBACK_POLL_SECONDS))
        if page:
            await run_in_threadpool(_record, ctx, caller, page)
        events = [change.as_json() for change in page]
        delivered = len(page)
        if ctx.faults.settings.active:
            events, delivered = ctx.faults.distort_page(events)
        return {
            "events": events,
            "next": str(page[delivered - 1].seq if delivered else cursor),
        }

    return router
