"""HTTP routes of the disability expertise register."""

from __future__ import annotations

from datetime import date
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
from mock_registries.common.schemas import LOOKUP, READ, WRITE, answers
from mock_registries.common.writes import IdempotencyKey, earlier_answer, perform_write
from mock_registries.disability.schemas import DecisionAnswer, DecisionOut, Decisions
from mock_registries.disability.service import (
    DecisionIn,
    check_decision,
    decide,
    decision_in_force,
    decision_json,
    decisions_of,
)

PURPOSE = "disability expertise"
IINPath = Annotated[str, Path(min_length=12, max_length=12, pattern=r"^\d{12}$")]


@cache
def disability_router() -> APIRouter:
    router = APIRouter(tags=["disability"])

    def read_current(ctx: RegistryContext, iin: str, on: date) -> dict[str, Any]:
        with Session(ctx.engine) as session:
            decision = decision_in_force(session, iin, on)
            if decision is None:
                raise NotFound("disability.not_found", on=on, iin=iin)
            return decision_json(decision)

    @router.get("/persons/{iin}/disability", **answers(DecisionOut, LOOKUP))
    async def get_disability(
        iin: IINPath, ctx: Ctx, caller: Reader, on: date | None = None
    ) -> dict[str, Any]:
        """The disability group in force on ``on`` (default: today); 404 when none."""
        result = await run_in_threadpool(read_current, ctx, iin, on or ctx.now().date())
        await run_in_threadpool(record_reads, ctx, caller, [iin], f"/persons/{iin}/disability")
        return result

    def read_all(ctx: RegistryContext, iin: str) -> list[dict[str, Any]]:
        with Session(ctx.engine) as session:
            return [decision_json(d) for d in decisions_of(session, iin)]

    @router.get("/persons/{iin}/decisions", **answers(Decisions, READ))
    async def get_decisions(iin: IINPath, ctx: Ctx, caller: Reader) -> dict[str, Any]:
        """Every decision about the person, oldest first."""
        items = await run_in_threadpool(read_all, ctx, iin)
        await run_in_threadpool(record_reads, ctx, caller, [iin], f"/persons/{iin}/decisions")
        return {"iin": iin, "items": items}

    @router.post("/decisions", status_code=201, **answers(DecisionAnswer, WRITE))
    async def post_decision(
        body: DecisionIn,
        ctx: Ctx,
        caller: Writer,
        idempotency_key: IdempotencyKey = None,
    ) -> dict[str, Any]:
        """Record a decision of the medical-social expertise."""
        payload = body.model_dump(mode="json")
        earlier = await earlier_answer(ctx, "decisions", idempotency_key, payload)
        if earlier is not None:
            return earlier
        person = await fetch_person(ctx, body.iin, PURPOSE)
        decided = check_decision(body, person, ctx.now().date())
        now = ctx.now()
        return await perform_write(
            ctx, "decisions", idempotency_key, payload, lambda s: decide(s, body, decided, now)
        )

    return router


def disability_routers() -> list[APIRouter]:
    return [disability_router()]
