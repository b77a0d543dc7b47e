"""HTTP routes of the population registry."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool

from mock_registries.common.context import RegistryContext
from mock_registries.common.errors import FieldError, NotFound
from mock_registries.common.feed import append_change
from mock_registries.common.idempotency import remember, replay
from mock_registries.common.validators import IIN
from mock_registries.population.models import FEED, IDEMPOTENCY, Person
from mock_registries.population.service import (
    birth_order,
    children_of,
    find_person,
    next_iin,
    person_json,
)


class NewbornIn(BaseModel):
    first_name: str = Field(min_length=1, max_length=60)
    last_name: str = Field(min_length=1, max_length=60)
    sex: Literal["M", "F"]
    birth_date: date
    mother_iin: IIN
    father_iin: IIN | None = None


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def build_population_router(ctx: RegistryContext) -> APIRouter:
    router = APIRouter(tags=["population"])

    @router.get("/persons/{iin}")
    def get_person(iin: str) -> dict[str, Any]:
        with Session(ctx.engine) as session:
            person = find_person(session, iin)
            if person is None:
                raise NotFound(f"no person with IIN {iin} in the population registry")
            return person_json(person, birth_order(session, person))

    @router.get("/persons/{iin}/children")
    def get_children(iin: str) -> dict[str, Any]:
        with Session(ctx.engine) as session:
            if find_person(session, iin) is None:
                raise NotFound(f"no person with IIN {iin} in the population registry")
            items = []
            for child in children_of(session, iin):
                items.append(person_json(child, birth_order(session, child)))
            return {"items": items}

    @router.get("/persons")
    def list_persons(
        sex: Literal["M", "F"] | None = None,
        age_min: Annotated[int | None, Query(ge=0, le=130)] = None,
        age_max: Annotated[int | None, Query(ge=0, le=130)] = None,
        region: str | None = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    ) -> dict[str, Any]:
        today = ctx.now().date()
        query = select(Person)
        if sex is not None:
            query = query.where(Person.sex == sex)
        if region is not None:
            query = query.where(Person.region == region)
        if age_min is not None:
            query = query.where(col(Person.birth_date) <= years_before(today, age_min))
        if age_max is not None:
            query = query.where(col(Person.birth_date) > years_before(today, age_max + 1))
        with Session(ctx.engine) as session:
            people = session.exec(query.order_by(col(Person.id)).limit(limit)).all()
            return {"items": [person_json(p) for p in people]}

    def register_newborn(body: NewbornIn, request_id: str | None) -> dict[str, Any]:
        payload = body.model_dump(mode="json")
        with Session(ctx.engine) as session, session.begin():
            conn = session.connection()
            earlier = replay(conn, IDEMPOTENCY, request_id, payload)
            if earlier is not None:
                return earlier
            mother = find_person(session, body.mother_iin)
            if mother is None:
                raise FieldError("mother_iin", "no person with this IIN in the population registry")
            if body.father_iin is not None and find_person(session, body.father_iin) is None:
                raise FieldError("father_iin", "no person with this IIN in the population registry")
            child = Person(
                iin=next_iin(session, body.birth_date, body.sex),
                last_name=body.last_name,
                first_name=body.first_name,
                last_name_kk=body.last_name,
                first_name_kk=body.first_name,
                sex=body.sex,
                birth_date=body.birth_date,
                citizenship=mother.citizenship,
                region=mother.region,
                address=mother.address,
                mother_iin=mother.iin,
                father_iin=body.father_iin,
                language=mother.language,
            )
            session.add(child)
            session.flush()
            order = birth_order(session, child)
            data = person_json(child, order)
            append_change(conn, FEED, type="person.registered", occurred_at=ctx.now(), data=data)
            response = {"iin": child.iin, "birth_order": order}
            remember(conn, IDEMPOTENCY, request_id, payload, response)
            return response

    @router.post("/persons", status_code=201)
    async def post_person(
        body: NewbornIn,
        idempotency_key: Annotated[str | None, Header(max_length=128)] = None,
    ) -> dict[str, Any]:
        try:
            result = await run_in_threadpool(register_newborn, body, idempotency_key)
        except IntegrityError:
            # a concurrent request with the same key won the race: answer as it did
            result = await run_in_threadpool(register_newborn, body, idempotency_key)
        ctx.notifier.notify()
        return result

    return router
