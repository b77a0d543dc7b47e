"""HTTP routes of the civil-status registry."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Header, HTTPException
from starlette.concurrency import run_in_threadpool

from mock_registries.civil.births import (
    BirthIn,
    check_dates,
    check_father,
    check_mother,
    record_birth,
)
from mock_registries.common.context import RegistryContext


async def _fetch_person(client: httpx.AsyncClient, iin: str) -> dict[str, Any] | None:
    response = await client.get(f"/persons/{iin}")
    if response.status_code == 404:
        return None
    if response.status_code != 200:
        raise HTTPException(503, detail="the population registry is not answering; try again")
    person: dict[str, Any] = response.json()
    return person


def build_civil_router(ctx: RegistryContext) -> APIRouter:
    router = APIRouter(tags=["civil"])

    @router.post("/births", status_code=201)
    async def register_birth(
        body: BirthIn,
        idempotency_key: Annotated[str | None, Header(max_length=128)] = None,
    ) -> dict[str, Any]:
        check_dates(body, ctx.now().date())
        async with ctx.peers.client("population") as population:
            mother = await _fetch_person(population, body.mother_iin)
            check_mother(mother, body.birth_date)
            assert mother is not None
            if body.father_iin is not None:
                check_father(await _fetch_person(population, body.father_iin), body.birth_date)
            last_name = body.child_last_name or mother["last_name"]
            newborn = {
                "first_name": body.child_first_name,
                "last_name": last_name,
                "sex": body.child_sex,
                "birth_date": body.birth_date.isoformat(),
                "mother_iin": body.mother_iin,
                "father_iin": body.father_iin,
            }
            key = f"civil-birth:{idempotency_key or uuid.uuid4().hex}"
            response = await population.post(
                "/persons", json=newborn, headers={"Idempotency-Key": key}
            )
            if response.status_code != 201:
                raise HTTPException(503, detail="the population registry refused the newborn")
            child: dict[str, Any] = response.json()
        result = await run_in_threadpool(record_birth, ctx, body, child, last_name, idempotency_key)
        ctx.notifier.notify()
        return result

    return router
