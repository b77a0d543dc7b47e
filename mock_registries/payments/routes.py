"""HTTP routes of the payments ledger."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from mock_registries.common.access import record_reads
from mock_registries.common.context import RegistryContext
from mock_registries.common.deps import Ctx, Reader, Writer
from mock_registries.common.population_lookup import fetch_person
from mock_registries.common.schemas import READ, WRITE, answers
from mock_registries.common.writes import IdempotencyKey, earlier_answer, perform_write
from mock_registries.payments.schemas import PaymentAnswer, Payments
from mock_registries.payments.service import (
    PaymentIn,
    check_payment,
    pay,
    payment_json,
    payments_of,
)

PURPOSE = "payment"


@cache
def payments_router() -> APIRouter:
    router = APIRouter(tags=["payments"])

    def read(
        ctx: RegistryContext, iin: str, kind: str | None, since: date | None
    ) -> list[dict[str, Any]]:
        with Session(ctx.engine) as session:
            return [payment_json(p) for p in payments_of(session, iin, kind, since)]

    @router.get("/payments", **answers(Payments, READ))
    async def get_payments(
        iin: Annotated[str, Query(min_length=12, max_length=12, pattern=r"^\d{12}$")],
        ctx: Ctx,
        caller: Reader,
        kind: str | None = None,
        since: date | None = None,
    ) -> dict[str, Any]:
        """Payments made to a person, oldest first; ``kind`` and ``since`` narrow them."""
        items = await run_in_threadpool(read, ctx, iin, kind, since)
        await run_in_threadpool(record_reads, ctx, caller, [iin], "/payments")
        return {"iin": iin, "items": items}

    @router.post("/payments", status_code=201, **answers(PaymentAnswer, WRITE))
    async def post_payment(
        body: PaymentIn,
        ctx: Ctx,
        caller: Writer,
        idempotency_key: IdempotencyKey = None,
    ) -> dict[str, Any]:
        """Record a payment; an agency's reference is paid once."""
        payload = body.model_dump(mode="json")
        earlier = await earlier_answer(ctx, "payments", idempotency_key, payload)
        if earlier is not None:
            return earlier
        check_payment(body, await fetch_person(ctx, body.iin, PURPOSE), ctx.now().date())
        now = ctx.now()
        return await perform_write(
            ctx, "payments", idempotency_key, payload, lambda s: pay(s, body, now)
        )

    return router


def payments_routers() -> list[APIRouter]:
    return [payments_router()]
