"""HTTP routes of the tax registry."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from mock_registries.common.access import record_reads
from mock_registries.common.codes import ObligationStatus
from mock_registries.common.context import RegistryContext
from mock_registries.common.deps import Ctx, Reader, Writer
from mock_registries.common.errors import FieldError, NotFound
from mock_registries.common.population_lookup import fetch_person
from mock_registries.common.schemas import LOOKUP, READ, WRITE, answers
from mock_registries.common.validators import RowId
from mock_registries.common.writes import IdempotencyKey, earlier_answer, perform_write
from mock_registries.tax.models import Obligation
from mock_registries.tax.schemas import AssessmentAnswer, CloseAnswer, ObligationOut, Obligations
from mock_registries.tax.service import (
    CloseIn,
    ObligationIn,
    VehicleTaxIn,
    check_obligation,
    close,
    create,
    obligation_json,
    obligations_of,
    vehicle_obligation,
)

PURPOSE = "tax assessment"


@cache
def tax_router() -> APIRouter:
    router = APIRouter(tags=["tax"])

    def read(ctx: RegistryContext, work: Any) -> Any:
        with Session(ctx.engine) as session:
            return work(session)

    async def assess(
        ctx: RegistryContext,
        endpoint: str,
        obligation: ObligationIn,
        request_id: str | None,
        payload: dict[str, Any],
    ) -> dict[str, Any]:
        person = await fetch_person(ctx, obligation.iin, PURPOSE)
        if person is None:
            raise FieldError("iin", "person.unknown")
        now = ctx.now()
        return await perform_write(
            ctx, endpoint, request_id, payload, lambda s: create(s, obligation, now)
        )

    @router.post("/obligations", status_code=201, **answers(AssessmentAnswer, WRITE))
    async def post_obligation(
        body: ObligationIn,
        ctx: Ctx,
        caller: Writer,
        idempotency_key: IdempotencyKey = None,
    ) -> dict[str, Any]:
        """Assess a tax obligation with a given amount."""
        payload = body.model_dump(mode="json")
        earlier = await earlier_answer(ctx, "obligations", idempotency_key, payload)
        if earlier is not None:
            return earlier
        check_obligation(body, ctx.now().date())
        return await assess(ctx, "obligations", body, idempotency_key, payload)

    @router.post("/obligations/vehicle-tax", status_code=201, **answers(AssessmentAnswer, WRITE))
    async def post_vehicle_tax(
        body: VehicleTaxIn,
        ctx: Ctx,
        caller: Writer,
        idempotency_key: IdempotencyKey = None,
    ) -> dict[str, Any]:
        """Assess the vehicle tax of a year for a car: the amount is computed here from the
        engine size, the vehicle's age and the months registered; due 1 April next year."""
        payload = body.model_dump(mode="json")
        endpoint = "obligations/vehicle-tax"
        earlier = await earlier_answer(ctx, endpoint, idempotency_key, payload)
        if earlier is not None:
            return earlier
        obligation = vehicle_obligation(body, ctx.now().date())
        return await assess(ctx, endpoint, obligation, idempotency_key, payload)

    @router.post(
        "/obligations/{obligation_id}/close", status_code=201, **answers(CloseAnswer, WRITE)
    )
    async def post_close(
        obligation_id: RowId,
        body: CloseIn,
        ctx: Ctx,
        caller: Writer,
        idempotency_key: IdempotencyKey = None,
    ) -> dict[str, Any]:
        """Close an obligation: paid, cancelled or written off."""
        today = ctx.now().date()
        now = ctx.now()
        return await perform_write(
            ctx,
            f"obligations/{obligation_id}/close",
            idempotency_key,
            body.model_dump(mode="json"),
            lambda s: close(s, obligation_id, body, today, now),
        )

    @router.get("/obligations", **answers(Obligations, READ))
    async def get_obligations(
        iin: Annotated[str, Query(min_length=12, max_length=12, pattern=r"^\d{12}$")],
        ctx: Ctx,
        caller: Reader,
        status: ObligationStatus | None = None,
    ) -> dict[str, Any]:
        """A person's tax obligations, oldest tax year first."""
        items = await run_in_threadpool(read, ctx, lambda s: obligations_of(s, iin, status))
        await run_in_threadpool(record_reads, ctx, caller, [iin], "/obligations")
        return {"iin": iin, "items": [obligation_json(o) for o in items]}

    @router.get("/obligations/{obligation_id}", **answers(ObligationOut, LOOKUP))
    async def get_obligation(obligation_id: RowId, ctx: Ctx, caller: Reader) -> dict[str, Any]:
        obligation = await run_in_threadpool(read, ctx, lambda s: s.get(Obligation, obligation_id))
        if obligation is None:
            raise NotFound("obligation.not_found", obligation_id=obligation_id)
        await run_in_threadpool(
            record_reads, ctx, caller, [obligation.iin], f"/obligations/{obligation_id}"
        )
        return obligation_json(obligation)

    return router


def tax_routers() -> list[APIRouter]:
    return [tax_router()]
