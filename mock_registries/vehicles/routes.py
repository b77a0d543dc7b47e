"""HTTP routes of the vehicle register."""

from __future__ import annotations

import random
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Path
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from engine.kernel.iin import is_valid_iin
from mock_registries.common.access import record_reads
from mock_registries.common.context import RegistryContext
from mock_registries.common.deps import Ctx, Reader, Writer
from mock_registries.common.errors import NotFound
from mock_registries.common.population_lookup import fetch_person
from mock_registries.common.schemas import LOOKUP, READ, WRITE, answers
from mock_registries.common.validators import RowId
from mock_registries.common.writes import IdempotencyKey, earlier_answer, perform_write
from mock_registries.vehicles.models import Registration
from mock_registries.vehicles.schemas import (
    DeregistrationAnswer,
    OwnerVehicles,
    RegistrationAnswer,
    RegistrationOut,
    VehicleOut,
)
from mock_registries.vehicles.service import (
    DeregistrationIn,
    RegistrationIn,
    check_owner,
    check_registration,
    deregister,
    register,
    registration_json,
    registrations_of_vin,
    vehicles_of,
)

PURPOSE = "vehicle registration"
OwnerPath = Annotated[str, Path(min_length=12, max_length=12, pattern=r"^\d{12}$")]
VinPath = Annotated[str, Path(min_length=17, max_length=17)]


@cache
def vehicles_router() -> APIRouter:
    router = APIRouter(tags=["vehicles"])

    def read(ctx: RegistryContext, work: Any) -> Any:
        with Session(ctx.engine) as session:
            return work(session)

    @router.post("/registrations", status_code=201, **answers(RegistrationAnswer, WRITE))
    async def post_registration(
        body: RegistrationIn,
        ctx: Ctx,
        caller: Writer,
        idempotency_key: IdempotencyKey = None,
    ) -> dict[str, Any]:
        """Register a vehicle to a person (IIN) or an organisation (BIN)."""
        payload = body.model_dump(mode="json")
        earlier = await earlier_answer(ctx, "registrations", idempotency_key, payload)
        if earlier is not None:
            return earlier
        today = ctx.now().date()
        registered = check_registration(body, today)
        region = "almaty_city"
        if body.owner_iin is not None:
            owner = await fetch_person(ctx, body.owner_iin, PURPOSE)
            check_owner(owner, registered)
            assert owner is not None
            region = owner["region"]
        plates = random.Random(f"{body.vin}:{registered}")
        now = ctx.now()
        return await perform_write(
            ctx,
            "registrations",
            idempotency_key,
            payload,
            lambda s: register(s, body, registered, region, plates, now),
        )

    @router.post(
        "/registrations/{registration_id}/deregistration",
        status_code=201,
        **answers(DeregistrationAnswer, WRITE),
    )
    async def post_deregistration(
        registration_id: RowId,
        body: DeregistrationIn,
        ctx: Ctx,
        caller: Writer,
        idempotency_key: IdempotencyKey = None,
    ) -> dict[str, Any]:
        """Take a vehicle off the register (sold, scrapped, exported, owner died...)."""
        today = ctx.now().date()
        now = ctx.now()
        return await perform_write(
            ctx,
            f"registrations/{registration_id}/deregistration",
            idempotency_key,
            body.model_dump(mode="json"),
            lambda s: deregister(s, registration_id, body, today, now),
        )

    @router.get("/owners/{owner}/vehicles", **answers(OwnerVehicles, READ))
    async def get_owner_vehicles(
        owner: OwnerPath, ctx: Ctx, caller: Reader, history: bool = False
    ) -> dict[str, Any]:
        """Vehicles registered to a person (IIN) or an organisation (BIN) now; with
        ``history=true`` also those deregistered."""
        records = await run_in_threadpool(read, ctx, lambda s: vehicles_of(s, owner, history))
        people = [owner] if is_valid_iin(owner) else []
        await run_in_threadpool(record_reads, ctx, caller, people, f"/owners/{owner}/vehicles")
        return {"owner": owner, "items": [registration_json(r) for r in records]}

    @router.get("/vehicles/{vin}", **answers(VehicleOut, LOOKUP))
    async def get_vehicle(vin: VinPath, ctx: Ctx, caller: Reader) -> dict[str, Any]:
        """A vehicle's current registration, with its earlier ones in ``history``."""
        records: list[Registration] = await run_in_threadpool(
            read, ctx, lambda s: registrations_of_vin(s, vin)
        )
        current = [r for r in records if r.deregistration_date is None]
        if not current:
            raise NotFound("vehicle.not_found", vin=vin)
        result = registration_json(current[0])
        result["history"] = [registration_json(r) for r in records if r is not current[0]]
        owners = [r.owner_iin for r in records if r.owner_iin]
        await run_in_threadpool(record_reads, ctx, caller, owners, f"/vehicles/{vin}")
        return result

    @router.get("/registrations/{registration_id}", **answers(RegistrationOut, LOOKUP))
    async def get_registration(registration_id: RowId, ctx: Ctx, caller: Reader) -> dict[str, Any]:
        record = await run_in_threadpool(read, ctx, lambda s: s.get(Registration, registration_id))
        if record is None:
            raise NotFound("registration.not_found", registration_id=registration_id)
        if record.owner_iin:
            await run_in_threadpool(
                record_reads, ctx, caller, [record.owner_iin], f"/registrations/{registration_id}"
            )
        return registration_json(record)

    return router
