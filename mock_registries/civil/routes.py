"""HTTP routes of the civil-status registry."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Path
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from mock_registries.civil.acts import (
    CORRECTION_TO_POPULATION,
    BirthCorrectionIn,
    DeathIn,
    DivorceIn,
    MarriageIn,
    NameChangeIn,
    acts_of,
    check_divorce_date,
    death_act,
    find_birth,
    population_name_changes,
    record_birth_correction,
    record_death,
    record_divorce,
    record_marriage,
    record_name_change,
)
from mock_registries.civil.births import (
    BirthIn,
    check_dates,
    check_father,
    check_mother,
    check_not_repeated,
    record_birth,
    same_birth_key,
)
from mock_registries.civil.population_client import fetch_person, write_population
from mock_registries.civil.schemas import ActAnswer, Acts, BirthAnswer, CorrectionAnswer
from mock_registries.common.access import record_reads
from mock_registries.common.context import RegistryContext
from mock_registries.common.deps import Ctx, Reader, Writer
from mock_registries.common.errors import FieldError
from mock_registries.common.schemas import READ, WRITE, answers
from mock_registries.common.validators import check_past_date
from mock_registries.common.writes import IdempotencyKey, earlier_answer, perform_write
from mock_registries.population.newborn_names import child_surname

IINPath = Annotated[str, Path(min_length=12, max_length=12, pattern=r"^\d{12}$")]
NAME_FIELDS = {"first_name": "first_name", "last_name": "last_name", "patronymic": "patronymic"}
POPULATION_TO_CORRECTION = {v: k for k, v in CORRECTION_TO_POPULATION.items()}


def _read(ctx: RegistryContext, work: Any) -> Any:
    with Session(ctx.engine) as session:
        return work(session)


@cache
def civil_router() -> APIRouter:
    router = APIRouter(tags=["civil"])

    @router.post("/births", status_code=201, **answers(BirthAnswer, WRITE))
    async def register_birth(
        body: BirthIn, ctx: Ctx, caller: Writer, idempotency_key: IdempotencyKey = None
    ) -> dict[str, Any]:
        """Register a birth: the child gets an IIN from the population registry."""
        payload = body.model_dump(mode="json")
        earlier = await earlier_answer(ctx, "births", idempotency_key, payload)
        if earlier is not None:
            return earlier
        check_dates(body, ctx.now().date())
        await run_in_threadpool(_read, ctx, lambda s: check_not_repeated(s, body))
        mother = await fetch_person(ctx, body.mother_iin)
        check_mother(mother, body.birth_date)
        assert mother is not None
        father = None
        if body.father_iin is not None:
            father = await fetch_person(ctx, body.father_iin)
            check_father(father, body.birth_date)
        family_ru, family_kk = child_surname(
            body.child_sex, mother["last_name"], father["last_name"] if father else None
        )
        last_name = body.child_last_name or family_ru
        newborn = {
            "first_name": body.child_first_name,
            "last_name": last_name,
            "first_name_kk": body.child_first_name_kk,
            "last_name_kk": body.child_last_name_kk
            or (family_kk if body.child_last_name is None else None),
            "patronymic": body.child_patronymic,
            "patronymic_kk": body.child_patronymic_kk,
            "sex": body.child_sex,
            "birth_date": body.birth_date.isoformat(),
            "mother_iin": body.mother_iin,
            "father_iin": body.father_iin,
        }
        key = f"civil-birth:{idempotency_key or same_birth_key(payload)}"
        child = await write_population(
            ctx,
            "POST",
            "/persons",
            newborn,
            key,
            {
                "first_name": "child_first_name",
                "last_name": "child_last_name",
                "first_name_kk": "child_first_name_kk",
                "last_name_kk": "child_last_name_kk",
                "patronymic": "child_patronymic",
                "patronymic_kk": "child_patronymic_kk",
            },
        )
        now = ctx.now()
        return await perform_write(
            ctx,
            "births",
            idempotency_key,
            payload,
            lambda session: record_birth(session, body, child, last_name, now),
        )

    @router.post("/deaths", status_code=201, **answers(ActAnswer, WRITE))
    async def register_death(
        body: DeathIn, ctx: Ctx, caller: Writer, idempotency_key: IdempotencyKey = None
    ) -> dict[str, Any]:
        """Register a death: the person is marked dead in the population registry."""
        payload = body.model_dump(mode="json")
        earlier = await earlier_answer(ctx, "deaths", idempotency_key, payload)
        if earlier is not None:
            return earlier
        check_past_date("death_date", body.death_date, ctx.now().date())
        existing = await run_in_threadpool(_read, ctx, lambda s: death_act(s, body.iin))
        if existing is not None:
            raise FieldError("iin", "death.duplicate", act_id=existing.id)
        await write_population(
            ctx, "POST", "/deaths", payload, f"civil-death:{body.iin}:{body.death_date}"
        )
        now = ctx.now()
        return await perform_write(
            ctx, "deaths", idempotency_key, payload, lambda s: record_death(s, body, now)
        )

    @router.post("/marriages", status_code=201, **answers(ActAnswer, WRITE))
    async def register_marriage(
        body: MarriageIn,
        ctx: Ctx,
        caller: Writer,
        idempotency_key: IdempotencyKey = None,
    ) -> dict[str, Any]:
        """Register a marriage between two living, unmarried adults."""
        payload = body.model_dump(mode="json")
        earlier = await earlier_answer(ctx, "marriages", idempotency_key, payload)
        if earlier is not None:
            return earlier
        check_past_date("marriage_date", body.marriage_date, ctx.now().date())
        key = f"civil-marriage:{body.spouse1_iin}:{body.spouse2_iin}:{body.marriage_date}"
        await write_population(ctx, "POST", "/marriages", payload, key)
        now = ctx.now()
        return await perform_write(
            ctx, "marriages", idempotency_key, payload, lambda s: record_marriage(s, body, now)
        )

    @router.post("/divorces", status_code=201, **answers(ActAnswer, WRITE))
    async def register_divorce(
        body: DivorceIn,
        ctx: Ctx,
        caller: Writer,
        idempotency_key: IdempotencyKey = None,
    ) -> dict[str, Any]:
        """Register the divorce of two people married to each other."""
        payload = body.model_dump(mode="json")
        earlier = await earlier_answer(ctx, "divorces", idempotency_key, payload)
        if earlier is not None:
            return earlier
        check_past_date("divorce_date", body.divorce_date, ctx.now().date())
        await run_in_threadpool(_read, ctx, lambda s: check_divorce_date(s, body))
        key = f"civil-divorce:{body.spouse1_iin}:{body.spouse2_iin}:{body.divorce_date}"
        await write_population(ctx, "POST", "/divorces", payload, key)
        now = ctx.now()
        return await perform_write(
            ctx, "divorces", idempotency_key, payload, lambda s: record_divorce(s, body, now)
        )

    @router.post("/name-changes", status_code=201, **answers(ActAnswer, WRITE))
    async def register_name_change(
        body: NameChangeIn,
        ctx: Ctx,
        caller: Writer,
        idempotency_key: IdempotencyKey = None,
    ) -> dict[str, Any]:
        """Register a change of first name, last name or patronymic."""
        payload = body.model_dump(mode="json")
        earlier = await earlier_answer(ctx, "name-changes", idempotency_key, payload)
        if earlier is not None:
            return earlier
        check_past_date("change_date", body.change_date, ctx.now().date())
        changes = population_name_changes(body)
        person = await fetch_person(ctx, body.iin)
        if person is None:
            raise FieldError("iin", "person.unknown")
        if not person["alive"]:
            raise FieldError("iin", "person.dead", death_date=person.get("death_date"))
        key = f"civil-name:{idempotency_key}" if idempotency_key else None
        await write_population(ctx, "PATCH", f"/persons/{body.iin}", changes, key, NAME_FIELDS)
        now = ctx.now()
        return await perform_write(
            ctx,
            "name-changes",
            idempotency_key,
            payload,
            lambda s: record_name_change(s, body, person, now),
        )

    @router.post("/births/corrections", status_code=201, **answers(CorrectionAnswer, WRITE))
    async def correct_birth(
        body: BirthCorrectionIn,
        ctx: Ctx,
        caller: Writer,
        idempotency_key: IdempotencyKey = None,
    ) -> dict[str, Any]:
        """Correct a birth act, named by ``act_id`` or ``child_iin`` (names, sex, date,
        father); the population record follows."""
        payload = body.model_dump(mode="json", exclude_unset=True)
        earlier = await earlier_answer(ctx, "births/corrections", idempotency_key, payload)
        if earlier is not None:
            return earlier
        corrected = {k: v for k, v in payload.items() if k not in ("act_id", "child_iin")}
        if body.act_id is None and body.child_iin is None:
            raise FieldError("act_id", "correction.no_act")
        if not corrected:
            raise FieldError("birth_date", "correction.nothing")
        if body.birth_date is not None:
            check_past_date("birth_date", body.birth_date, ctx.now().date())
        act = await run_in_threadpool(
            _read, ctx, lambda s: find_birth(s, body.act_id, body.child_iin)
        )
        if act is None:
            field = "act_id" if body.act_id is not None else "child_iin"
            raise FieldError(field, "correction.unknown_act")
        if body.birth_date is not None:
            mother = await fetch_person(ctx, act.mother_iin)
            if mother is not None:
                check_mother(mother, body.birth_date)
        changes = {CORRECTION_TO_POPULATION[field]: value for field, value in corrected.items()}
        if "first_name" in changes:
            changes["first_name_kk"] = changes["first_name"]
        if "last_name" in changes:
            changes["last_name_kk"] = changes["last_name"]
        key = f"civil-correction:{idempotency_key}" if idempotency_key else None
        await write_population(
            ctx, "PATCH", f"/persons/{act.child_iin}", changes, key, POPULATION_TO_CORRECTION
        )
        child = await fetch_person(ctx, act.child_iin)
        order = child.get("birth_order") if child is not None else None
        act_id = act.id
        assert act_id is not None
        now = ctx.now()
        return await perform_write(
            ctx,
            "births/corrections",
            idempotency_key,
            payload,
            lambda s: record_birth_correction(s, act_id, corrected, order, now),
        )

    @router.get("/persons/{iin}/acts", **answers(Acts, READ))
    async def get_acts(iin: IINPath, ctx: Ctx, caller: Reader) -> dict[str, Any]:
        """Every act of civil status concerning a person: births (as child or parent),
        marriages, divorces, name changes and death."""
        acts: dict[str, Any] = await run_in_threadpool(_read, ctx, lambda s: acts_of(s, iin))
        await run_in_threadpool(record_reads, ctx, caller, [iin], f"/persons/{iin}/acts")
        return acts

    return router
