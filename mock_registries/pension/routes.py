"""HTTP routes of the pension fund."""

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
from mock_registries.pension.schemas import AccountAnswer, AccountOut
from mock_registries.pension.service import (
    AccountIn,
    account_json,
    check_account,
    find_account,
    update_account,
)

PURPOSE = "pension savings account"
IINPath = Annotated[str, Path(min_length=12, max_length=12, pattern=r"^\d{12}$")]


@cache
def pension_router() -> APIRouter:
    router = APIRouter(tags=["pension"])

    def read(ctx: RegistryContext, iin: str) -> dict[str, Any]:
        with Session(ctx.engine) as session:
            account = find_account(session, iin)
            if account is None:
                raise NotFound("pension.not_found", iin=iin)
            return account_json(account)

    @router.get("/accounts/{iin}", **answers(AccountOut, LOOKUP))
    async def get_account(iin: IINPath, ctx: Ctx, caller: Reader) -> dict[str, Any]:
        """Savings balance, years of participation and whether payments from the savings
        have started."""
        result = await run_in_threadpool(read, ctx, iin)
        await run_in_threadpool(record_reads, ctx, caller, [iin], f"/accounts/{iin}")
        return result

    @router.put("/accounts/{iin}", **answers(AccountAnswer, WRITE))
    async def put_account(
        iin: IINPath,
        body: AccountIn,
        ctx: Ctx,
        caller: Writer,
        idempotency_key: IdempotencyKey = None,
    ) -> dict[str, Any]:
        """Set an account's balance, years and payment status (opens it when new)."""
        payload = body.model_dump(mode="json")
        endpoint = f"accounts/{iin}"
        earlier = await earlier_answer(ctx, endpoint, idempotency_key, payload)
        if earlier is not None:
            return earlier
        today = ctx.now().date()
        check_account(body, await fetch_person(ctx, iin, PURPOSE), today)
        now = ctx.now()
        return await perform_write(
            ctx,
            endpoint,
            idempotency_key,
            payload,
            lambda s: update_account(s, iin, body, today, now),
        )

    return router


def pension_routers() -> list[APIRouter]:
    return [pension_router()]
