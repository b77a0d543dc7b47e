"""``GET /changes``: the ordered change feed with cursor, page size and long-poll."""

from __future__ import annotations

import asyncio
from contextlib import suppress
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from mock_registries.common.access import iins_in, record_reads
from mock_registries.common.auth import Caller
from mock_registries.common.context import RegistryContext
from mock_registries.common.deps import Ctx, FeedReader
from mock_registries.common.errors import FieldError, Problem
from mock_registries.common.feed import Change, head, read_changes
from mock_registries.common.schemas import FEED, FeedPage, answers

MAX_WAIT_SECONDS = 30.0
FALLBACK_POLL_SECONDS = 1.0  # writers in another process cannot wake us; look again this often

MAX_SEQ_DIGITS = 19  # a feed position fits 64 bits; longer digits are no cursor


FROM_HEAD = "now"
MAX_CURSOR_LENGTH = 64


def cursor_of(ctx: RegistryContext, seq: int) -> str:
    """A position in this registry's feed, valid for this incarnation of it only."""
    return f"{ctx.incarnation}-{seq}"


def _head(ctx: RegistryContext) -> int:
    with ctx.engine.connect() as conn:
        return head(conn, ctx.feed)


def parse_cursor(ctx: RegistryContext, after: str | None, newest: int) -> int:
    """The sequence number after which to read. A bare number (the cursor of the first
    version of the feed) is read in the current incarnation."""
    if after is None or after == "":
        return 0
    if after == FROM_HEAD:
        return newest
    incarnation, _, seq = after.rpartition("-")
    if not (seq.isascii() and seq.isdigit()) or len(seq) > MAX_SEQ_DIGITS:
        raise FieldError("after", "feed.cursor_invalid", where="query")
    if incarnation and incarnation != ctx.incarnation:
        raise Problem(
            410,
            "feed.cursor_stale",
            field="after",
            where="query",
            registry=ctx.name,
            incarnation=ctx.incarnation,
        )
    position = int(seq)
    if position > newest:
        raise Problem(
            410,
            "feed.cursor_beyond_head",
            field="after",
            where="query",
            registry=ctx.name,
            position=position,
            head=newest,
        )
    return position


def _read(ctx: RegistryContext, after: int, limit: int) -> list[Change]:
    with ctx.engine.connect() as conn:
        return read_changes(conn, ctx.feed, after, limit)


def _record(ctx: RegistryContext, caller: Caller, page: list[Change]) -> None:
    iins = [iin for change in page for iin in iins_in(change.data)]
    record_reads(ctx, caller, iins, "/changes")


@cache
def feed_router() -> APIRouter:
    router = APIRouter(tags=["feed"])

    @router.get("/changes", **answers(FeedPage, FEED))
    async def changes(
        ctx: Ctx,
        caller: FeedReader,
        after: Annotated[
            str | None,
            Query(
                max_length=MAX_CURSOR_LENGTH,
                description="the 'next' of the previous page; 'now' to start from the newest "
                "change; left out, from the first",
            ),
        ] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        wait: Annotated[float, Query(ge=0, le=MAX_WAIT_SECONDS)] = 0,
    ) -> dict[str, Any]:
        """Changes after the cursor, oldest first; ``next`` is the cursor for the next call.
        With ``wait`` the call returns as soon as a change is committed, or empty after
        ``wait`` seconds. A cursor of another incarnation of the registry, or beyond its
        newest change, is refused with 410: resynchronise."""
        cursor = parse_cursor(ctx, after, await run_in_threadpool(_head, ctx))
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
            "next": cursor_of(ctx, page[delivered - 1].seq if delivered else cursor),
            "incarnation": ctx.incarnation,
        }

    return router
