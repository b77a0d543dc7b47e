"""HTTP routes of the population registry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from sqlalchemy import func
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool

from mock_registries.common.access import record_reads
from mock_registries.common.codes import Region, Sex
from mock_registries.common.context import RegistryContext
from mock_registries.common.deps import Ctx, Reader, Writer
from mock_registries.common.errors import NotFound
from mock_registries.common.schemas import LOOKUP, READ, WRITE, answers
from mock_registries.common.validators import Offset
from mock_registries.common.writes import IdempotencyKey, perform_write
from mock_registries.population.models import Person
from mock_registries.population.schemas import (
    Children,
    DeathAnswer,
    Household,
    NewbornAnswer,
    PersonChangeAnswer,
    PersonList,
    PersonOut,
    SpouseAnswer,
)
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
    return NotFound("person.not_found", iin=iin)


def _read_person(ctx: RegistryContext, iin: str) -> dict[str, Any]:
    with Session(ctx.engine) as session:
        person = find_person(session, iin)
        if person is None:
            raise _unknown(iin)
        return person_json(person, birth_order(session, person))


def _read_children(ctx: RegistryContext, iin: str) -> dict[str, Any]:
    with Session(ctx.engine) as session:
        if find_person(session, iin) is None:
            raise _unknown(iin)
        children = children_of(session, iin)
        return {"items": [person_json(c, birth_order(session, c)) for c in children]}


def _read_household(ctx: RegistryContext, iin: str, on: date) -> dict[str, Any]:
    with Session(ctx.engine) as session:
        person = find_person(session, iin)
        if person is None:
            raise _unknown(iin)
        return household(session, person, on)


def _read_spouse(ctx: RegistryContext, iin: str) -> dict[str, Any]:
    with Session(ctx.engine) as session:
        person = find_person(session, iin)
        if person is None:
            raise _unknown(iin)
        spouse = find_person(session, person.spouse_iin) if person.spouse_iin else None
        if spouse is None:
            raise NotFound("spouse.not_found", iin=iin)
        return person_json(spouse)


@dataclass(frozen=True)
class PersonFilters:
    sex: str | None = None
    age_min: int | None = None
    age_max: int | None = None
    born_from: date | None = None
    born_to: date | None = None
    region: str | None = None
    alive: bool | None = None
    married: bool | None = None


def _search(
    ctx: RegistryContext, filters: PersonFilters, limit: int, offset: int
) -> dict[str, Any]:
    today = ctx.now().date()
    sex, age_min, age_max = filters.sex, filters.age_min, filters.age_max
    region, alive, married = filters.region, filters.alive, filters.married
    conditions: list[Any] = []
    if filters.born_from is not None:
        conditions.append(col(Person.birth_date) >= filters.born_from)
    if filters.born_to is not None:
        conditions.append(col(Person.birth_date) <= filters.born_to)
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
            select(Person).where(*conditions).order_by(col(Person.id)).offset(offset).limit(limit)
        ).all()
        return {"items": [person_json(p) for p in people], "total": int(total)}


@cache
def population_router() -> APIRouter:
    router = APIRouter(tags=["population"])

    @router.get("/persons/{iin}", **answers(PersonOut, LOOKUP))
    async def get_person(iin: IINPath, ctx: Ctx, caller: Reader) -> dict[str, Any]:
        """One person, with their place among their mother's children (``birth_order``)."""
        person = await run_in_threadpool(_read_person, ctx, iin)
        await run_in_threadpool(record_reads, ctx, caller, [iin], f"/persons/{iin}")
        return person

    @router.get("/persons/{iin}/children", **answers(Children, LOOKUP))
    async def get_children(iin: IINPath, ctx: Ctx, caller: Reader) -> dict[str, Any]:
        """The person's children, eldest first, each with their birth order."""
        result = await run_in_threadpool(_read_children, ctx, iin)
        iins = [iin, *(child["iin"] for child in result["items"])]
        await run_in_threadpool(record_reads, ctx, caller, iins, f"/persons/{iin}/children")
        return result

    @router.get("/persons/{iin}/household", **answers(Household, LOOKUP))
    async def get_household(
        iin: IINPath, ctx: Ctx, caller: Reader, on: date | None = None
    ) -> dict[str, Any]:
        """The living people registered at the person's address; children of the person or
        their spouse under 18 and under 23 are counted (ages on ``on``, default today)."""
        result = await run_in_threadpool(_read_household, ctx, iin, on or ctx.now().date())
        iins = [iin, *(m["iin"] for m in result["members"])]
        await run_in_threadpool(record_reads, ctx, caller, iins, f"/persons/{iin}/household")
        return result

    @router.get("/persons/{iin}/spouse", **answers(PersonOut, LOOKUP))
    async def get_spouse(iin: IINPath, ctx: Ctx, caller: Reader) -> dict[str, Any]:
        """The person's spouse (or late spouse: see ``alive``); 404 when none is recorded."""
        spouse = await run_in_threadpool(_read_spouse, ctx, iin)
        await run_in_threadpool(
            record_reads, ctx, caller, [iin, spouse["iin"]], f"/persons/{iin}/spouse"
        )
        return spouse

    @router.get("/persons", **answers(PersonList, READ))
    async def list_persons(
        ctx: Ctx,
        caller: Reader,
        sex: Sex | None = None,
        age_min: Annotated[int | None, Query(ge=0, le=130)] = None,
        age_max: Annotated[int | None, Query(ge=0, le=130)] = None,
        region: Region | None = None,
        alive: bool | None = None,
        married: bool | None = None,
        born_from: Annotated[date | None, Query(description="born on or after")] = None,
        born_to: Annotated[date | None, Query(description="born on or before")] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """People matching every filter given, in registration order; ``total`` counts all
        matches, ``offset`` pages through them. ``married`` means a spouse is recorded;
        ``born_from``/``born_to`` go through the birth-date index (the engine's milestones)."""
        filters = PersonFilters(sex, age_min, age_max, born_from, born_to, region, alive, married)
        result = await run_in_threadpool(_search, ctx, filters, limit, offset)
        iins = [p["iin"] for p in result["items"]]
        await run_in_threadpool(record_reads, ctx, caller, iins, "/persons")
        return result

    @router.post("/persons", status_code=201, **answers(NewbornAnswer, WRITE))
    async def post_person(
        body: NewbornIn, ctx: Ctx, caller: Writer, idempotency_key: IdempotencyKey = None
    ) -> dict[str, Any]:
        """A newborn gets an IIN (the civil registry calls this when it registers a birth)."""
        today = ctx.now().date()
        issued_on = None
        if ctx.faults.chance(ctx.faults.settings.iin_date_mismatch_rate):
            issued_on = mismatched_issue_date(body.birth_date, today)
        now = ctx.now()
        return await perform_write(
            ctx,
            "persons",
            idempotency_key,
            body.model_dump(mode="json"),
            lambda session: register_newborn(session, body, today, now, issued_on),
        )

    @router.post("/deaths", status_code=201, **answers(DeathAnswer, WRITE))
    async def post_death(
        body: DeathIn, ctx: Ctx, caller: Writer, idempotency_key: IdempotencyKey = None
    ) -> dict[str, Any]:
        """Mark a person dead (the civil registry calls this when it registers a death)."""
        today, now = ctx.now().date(), ctx.now()
        return await perform_write(
            ctx,
            "deaths",
            idempotency_key,
            body.model_dump(mode="json"),
            lambda session: register_death(session, body, today, now),
        )

    @router.post("/marriages", status_code=201, **answers(SpouseAnswer, WRITE))
    async def post_marriage(
        body: MarriageIn, ctx: Ctx, caller: Writer, idempotency_key: IdempotencyKey = None
    ) -> dict[str, Any]:
        """Record two people as each other's spouse."""
        today, now = ctx.now().date(), ctx.now()
        return await perform_write(
            ctx,
            "marriages",
            idempotency_key,
            body.model_dump(mode="json"),
            lambda session: register_marriage(session, body, today, now),
        )

    @router.post("/divorces", status_code=201, **answers(SpouseAnswer, WRITE))
    async def post_divorce(
        body: DivorceIn, ctx: Ctx, caller: Writer, idempotency_key: IdempotencyKey = None
    ) -> dict[str, Any]:
        """Clear the spouse of two people married to each other."""
        today, now = ctx.now().date(), ctx.now()
        return await perform_write(
            ctx,
            "divorces",
            idempotency_key,
            body.model_dump(mode="json"),
            lambda session: register_divorce(session, body, today, now),
        )

    @router.patch("/persons/{iin}", **answers(PersonChangeAnswer, WRITE))
    async def patch_person(
        iin: IINPath,
        body: PersonChanges,
        ctx: Ctx,
        caller: Writer,
        idempotency_key: IdempotencyKey = None,
    ) -> dict[str, Any]:
        """Correct fields of a person's record; emits ``person.updated`` with what changed."""
        today, now = ctx.now().date(), ctx.now()
        return await perform_write(
            ctx,
            f"persons/{iin}",
            idempotency_key,
            body.model_dump(mode="json", exclude_unset=True),
            lambda session: change_person(session, iin, body, today, now),
        )

    return router
