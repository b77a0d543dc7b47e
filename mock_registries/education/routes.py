"""HTTP routes of the kindergarten queue."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Path
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from mock_registries.common.access import record_reads
from mock_registries.common.context import RegistryContext
from mock_registries.common.deps import Ctx, Reader, Writer
from mock_registries.common.errors import NotFound
from mock_registries.common.population_lookup import fetch_person
from mock_registries.common.schemas import LOOKUP, WRITE, answers
from mock_registries.common.writes import IdempotencyKey, earlier_answer, perform_write
from mock_registries.education.schemas import EnrolmentAnswer, QueueEntryOut
from mock_registries.education.service import (
    EnrolmentIn,
    check_enrolment,
    enrol,
    entry_json,
    find_entry,
)

PURPOSE = "kindergarten queue"
IINPath = Annotated[str, Path(min_length=12, max_length=12, pattern=r"^\d{12}$")]


@cache
def education_router() -> APIRouter:
    router = APIRouter(tags=["education"])

    def read(ctx: RegistryContext, child_iin: str) -> dict[str, Any]:
        with Session(ctx.engine) as session:
            entry = find_entry(session, child_iin)
            if entry is None:
                raise NotFound("queue.not_found", iin=child_iin)
            return entry_json(session, entry)

    @router.get("/queue/{child_iin}", **answers(QueueEntryOut, LOOKUP))
    async def get_entry(child_iin: IINPath, ctx: Ctx, caller: Reader) -> dict[str, Any]:
        """A child's queue entry with the current position in the region (None once placed)."""
        result = await run_in_threadpool(read, ctx, child_iin)
        await run_in_threadpool(record_reads, ctx, caller, [child_iin], f"/queue/{child_iin}")
        return result

    @router.post("/queue", status_code=201, **answers(EnrolmentAnswer, WRITE))
    async def post_entry(
        body: EnrolmentIn,
        ctx: Ctx,
        caller: Writer,
        idempotency_key: IdempotencyKey = None,
    ) -> dict[str, Any]:
        """Put a child under six in the queue of its region (the child's own by default)."""
        payload = body.model_dump(mode="json")
        earlier = await earlier_answer(ctx, "queue", idempotency_key, payload)
        if earlier is not None:
            return earlier
        child = await fetch_person(ctx, body.child_iin, PURPOSE)
        requested = check_enrolment(body, child, ctx.now().date())
        assert child is not None
        region = body.region or child["region"]
        now = ctx.now()
        return await perform_write(
            ctx, "queue", idempotency_key, payload, lambda s: enrol(s, body, requested, region, now)
        )

    return router


def education_routers() -> list[APIRouter]:
    return [education_router()]
