"""HTTP routes of the population registry."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from sqlalchemy import func
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool

from mock_registries.common.access import record_reads
from mock_registries.common.auth import Caller
from mock_registries.common.context import RegistryContext
from mock_registries.common.errors import NotFound
from mock_registries.common.writes import IdempotencyKey, perform_write
from mock_registries.population.models import Person
from mock_registries.population.service import (
    birth_order,
    children_of,
    find_person,
    household,
    mismatched_issue_date,
    person_json,
    years_before,
)
from mock_registries.population.writes import (
    DeathIn,
    DivorceIn,
    MarriageIn,
    NewbornIn,
    PersonChanges,
    change_person,
    register_death,
    register_divorce,
    register_marriage,
    register_newborn,
)

IINPath = Annotated[str, Path(min_length=12, max_length=12, pattern=r"^\d{12}$")]


def _unknown(iin: str) -> NotFound:
    return NotFound(f"no person with IIN {iin} in the population registry")


def build_population_router(ctx: RegistryContext) -> APIRouter:
    router = APIRouter(tags=["population"])

    def read_person(iin: str) -> dict[str, Any]:
        with Session(ctx.engine) as session:
            person = find_person(session, iin)
            if person is None:
                raise _unknown(iin)
            return person_json(person, birth_order(session, person))

    @router.get("/persons/{iin}")
    async def get_person(iin: IINPath, caller: Caller = Depends(ctx.reader)) -> dict[str, Any]:
        """One person, with their place among their mother's children (``birth_order``)."""
        person = await run_in_threadpool(read_person, iin)
        await run_in_threadpool(record_reads, ctx, caller, [iin], f"/persons/{iin}")
        return person

    def read_children(iin: str) -> dict[str, Any]:
        with Session(ctx.engine) as session:
            if find_person(session, iin) is None:
                raise _unknown(iin)
            children = children_of(session, iin)
            return {"items": [person_json(c, birth_order(session, c)) for c in children]}

    @router.get("/persons/{iin}/children")
    async def get_children(iin: IINPath, caller: Caller = Depends(ctx.reader)) -> dict[str, Any]:
        """The person's children, eldest first, each with their birth order."""
        result = await run_in_threadpool(read_children, iin)
        iins = [iin, *(child["iin"] for child in result["items"])]
        await run_in_threadpool(record_reads, ctx, caller, iins, f"/persons/{iin}/children")
        return result

    def read_household(iin: str, on: date) -> dict[str, Any]:
        with Session(ctx.engine) as session:
            person = find_person(session, iin)
            if person is None:
                raise _unknown(iin)
            return household(session, person, on)

    @router.get("/persons/{iin}/household")
    async def get_household(
        iin: IINPath, caller: Caller = Depends(ctx.reader), on: date | None = None
    ) -> dict[str, Any]:
        """The living people registered at the person's address; children of the person or
        their spouse under 18 and under 23 are counted (ages on ``on``, default today)."""
        result = await run_in_threadpool(read_household, iin, on or ctx.now().date())
        iins = [iin, *(m["iin"] for m in result["members"])]
        await run_in_threadpool(record_reads, ctx, caller, iins, f"/persons/{iin}/household")
        return result

    def read_spouse(iin: str) -> dict[str, Any]:
        with Session(ctx.engine) as session:
            person = find_person(session, iin)
            if person is None:
                raise _unknown(iin)
            spouse = find_person(session, person.spouse_iin) if person.spouse_iin else None
            if spouse is None:
                raise NotFound(f"no spouse recorded for IIN {iin}")
            return person_json(spouse)

    @router.get("/persons/{iin}/spouse")
    async def get_spouse(iin: IINPath, caller: Caller = Depends(ctx.reader)) -> dict[str, Any]:
        """The person's spouse (or late spouse: see ``alive``); 404 when none is recorded."""
        spouse = await run_in_threadpool(read_spouse, iin)
        await run_in_threadpool(
            record_reads, ctx, caller, [iin, spouse["iin"]], f"/persons/{iin}/spouse"
        )
        return spouse

    def search(
        sex: str | None,
        age_min: int | None,
        age_max: int | None,
        region: str | None,
        alive: bool | None,
        married: bool | None,
        limit: int,
        offset: int,
    ) -> dict[str, Any]:
        today = ctx.now().date()
        conditions: list[Any] = []
        if sex is not None:
            conditions.append(Person.sex == sex)
        if region is not None:
            conditions.append(Person.region == region)
        if age_min is not None:
            conditions.append(col(Person.birth_date) <= years_before(today, age_min))
        if age_max is not None:
            conditions.append(col(Person.birth_date) > years_before(today, age_max + 1))
        if alive is not None:
            conditions.append(col(Person.alive).is_(alive))
        if married is not None:
            spouse = col(Person.spouse_iin)
            conditions.append(spouse.is_not(None) if married else spouse.is_(None))
        with Session(ctx.engine) as session:
            total = session.exec(select(func.count()).select_from(Person).where(*conditions)).one()
            people = session.exec(
                select(Person)
                .where(*conditions)
                .order_by(col(Person.id))
                .offset(offset)
                .limit(limit)
            ).all()
            return {"items": [person_json(p) for p in people], "total": int(total)}

    @router.get("/persons")
    async def list_persons(
        caller: Caller = Depends(ctx.reader),
        sex: Literal["M", "F"] | None = None,
        age_min: Annotated[int | None, Query(ge=0, le=130)] = None,
        age_max: Annotated[int | None, Query(ge=0, le=130)] = None,
        region: str | None = None,
        alive: bool | None = None,
        married: bool | None = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        """People matching every filter given, in registration order; ``total`` counts all
        matches, ``offset`` pages through them. ``married`` means a spouse is recorded."""
        result = await run_in_threadpool(
            search, sex, age_min, age_max, region, alive, married, limit, offset
        )
        iins = [p["iin"] for p in result["items"]]
        await run_in_threadpool(record_reads, ctx, caller, iins, "/persons")
        return result

    @router.post("/persons", status_code=201)
    async def post_person(
        body: NewbornIn,
        caller: Caller = Depends(ctx.writer),
        idempotency_key: IdempotencyKey = None,
    ) -> dict[str, Any]:
        """A newborn gets an IIN (the civil registry calls this when it registers a birth)."""
        today = ctx.now().date()
        issued_on = None
        if ctx.faults.chance(ctx.faults.settings.iin_date_mismatch_rate):
            issued_on = mismatched_issue_date(body.birth_date, today)
        payload = body.model_dump(mode="json")
        return await perform_write(
            ctx,
            "persons",
            idempotency_key,
            payload,
            lambda session: register_newborn(session, body, today, ctx.now(), issued_on),
        )

    @router.post("/deaths", status_code=201)
    async def post_death(
        body: DeathIn, caller: Caller = Depends(ctx.writer), idempotency_key: IdempotencyKey = None
    ) -> dict[str, Any]:
        """Mark a person dead (the civil registry calls this when it registers a death)."""
        today = ctx.now().date()
        return await perform_write(
            ctx,
            "deaths",
            idempotency_key,
            body.model_dump(mode="json"),
            lambda session: register_death(session, body, today, ctx.now()),
        )

    @router.post("/marriages", status_code=201)
    async def post_marriage(
        body: MarriageIn,
        caller: Caller = Depends(ctx.writer),
        idempotency_key: IdempotencyKey = None,
    ) -> dict[str, Any]:
        """Record two people as each other's spouse."""
        today = ctx.now().date()
        return await perform_write(
            ctx,
            "marriages",
            idempotency_key,
            body.model_dump(mode="json"),
            lambda session: register_marriage(session, body, today, ctx.now()),
        )

    @router.post("/divorces", status_code=201)
    async def post_divorce(
        body: DivorceIn,
        caller: Caller = Depends(ctx.writer),
        idempotency_key: IdempotencyKey = None,
    ) -> dict[str, Any]:
        """Clear the spouse of two people married to each other."""
        today = ctx.now().date()
        return await perform_write(
            ctx,
            "divorces",
            idempotency_key,
            body.model_dump(mode="json"),
            lambda session: register_divorce(session, body, today, ctx.now()),
        )

    @router.patch("/persons/{iin}")
    async def patch_person(
        iin: IINPath,
        body: PersonChanges,
        caller: Caller = Depends(ctx.writer),
        idempotency_key: IdempotencyKey = None,
    ) -> dict[str, Any]:
        """Correct fields of a person's record; emits ``person.updated`` with what changed."""
        today = ctx.now().date()
        return await perform_write(
            ctx,
            f"persons/{iin}",
            idempotency_key,
            body.model_dump(mode="json", exclude_unset=True),
            lambda session: change_person(session, iin, body, today, ctx.now()),
        )

    return router
