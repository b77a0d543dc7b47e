"""HTTP routes of the social insurance fund."""

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
from mock_registries.common.schemas import LOOKUP, WRITE, answers
from mock_registries.common.writes import IdempotencyKey, earlier_answer, perform_write
from mock_registries.social_insurance.schemas import InsuredOut, StatusAnswer
from mock_registries.social_insurance.service import (
    StatusChangeIn,
    account_json,
    change_status,
    check_status_change,
    find_account,
)

PURPOSE = "social insurance status"
IINPath = Annotated[str, Path(min_length=12, max_length=12, pattern=r"^\d{12}$")]


@cache
def social_insurance_router() -> APIRouter:
    router = APIRouter(tags=["social insurance"])

    def read(ctx: RegistryContext, iin: str, on: date) -> dict[str, Any]:
        with Session(ctx.engine) as session:
            account = find_account(session, iin)
            if account is None:
                raise NotFound("insurance.not_found", iin=iin)
            return account_json(account, on)

    @router.get("/insured/{iin}", **answers(InsuredOut, LOOKUP))
    async def get_insured(
        iin: IINPath, ctx: Ctx, caller: Reader, on: date | None = None
    ) -> dict[str, Any]:
        """Insurance status and the incomes with social contributions of the 24 months
        before the month of ``on`` (default: today), with their average."""
        result = await run_in_threadpool(read, ctx, iin, on or ctx.now().date())
        await run_in_threadpool(record_reads, ctx, caller, [iin], f"/insured/{iin}")
        return result

    @router.post("/status-changes", status_code=201, **answers(StatusAnswer, WRITE))
    async def post_status_change(
        body: StatusChangeIn,
        ctx: Ctx,
        caller: Writer,
        idempotency_key: IdempotencyKey = None,
    ) -> dict[str, Any]:
        """A person becomes insured (with a monthly income), changes income, or stops being
        insured, from ``since``."""
        payload = body.model_dump(mode="json")
        earlier = await earlier_answer(ctx, "status-changes", idempotency_key, payload)
        if earlier is not None:
            return earlier
        today = ctx.now().date()
        check_status_change(body, await fetch_person(ctx, body.iin, PURPOSE), today)
        now = ctx.now()
        return await perform_write(
            ctx,
            "status-changes",
            idempotency_key,
            payload,
            lambda s: change_status(s, body, today, now),
        )

    return router


def social_insurance_routers() -> list[APIRouter]:
    return [social_insurance_router()]
