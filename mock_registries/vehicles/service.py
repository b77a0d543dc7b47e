"""Registering and deregistering vehicles."""

from __future__ import annotations

import random
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field, field_validator
from sqlmodel import Session, col, select

from mock_registries.common.codes import DeregistrationReason, Fuel
from mock_registries.common.errors import FieldError
from mock_registries.common.feed import append_change
from mock_registries.common.records import record_json
from mock_registries.common.validators import (
    BIN,
    IIN,
    VIN_PATTERN,
    Day,
    check_past_date,
    refusal,
)
from mock_registries.vehicles.catalogue import make_plate, vin_problem
from mock_registries.vehicles.models import TABLES, Registration

EARLIEST_YEAR = 1950
DEREGISTRATION_REASONS = ("sold", "scrapped", "exported", "owner_died", "stolen", "other")

EXCLUDED = frozenset({"id", "registered_at"})


class RegistrationIn(BaseModel):
    owner_iin: IIN | None = None
    owner_bin: BIN | None = None
    vin: str = Field(
        description="17 characters, capital Latin letters and digits, no I, O, Q",
        json_schema_extra={"pattern": VIN_PATTERN},
        examples=["XWB3L32EDFA123456"],
    )
    make: str = Field(min_length=1, max_length=40)
    model: str = Field(min_length=1, max_length=60)
    year: int = Field(ge=EARLIEST_YEAR, description="year of manufacture")
    engine_cc: int | None = Field(default=None, ge=50, le=10_000)
    fuel: Fuel = "petrol"
    color: str | None = Field(default=None, max_length=30)
    registration_date: Day | None = Field(default=None, description="default: today")

    @field_validator("vin")
    @classmethod
    def _vin(cls, value: str) -> str:
        problem = vin_problem(value)
        if problem is not None:
            raise refusal("vin.format", reason=problem)
        return value


class DeregistrationIn(BaseModel):
    deregistration_date: Day
    reason: DeregistrationReason


def check_registration(body: RegistrationIn, today: date) -> date:
    """Checks that need no database; returns the registration date."""
    if body.owner_iin is None and body.owner_bin is None:
        raise FieldError("owner_iin", "vehicle.owner_missing")
    if body.owner_iin is not None and body.owner_bin is not None:
        raise FieldError("owner_bin", "vehicle.two_owners")
    registered = body.registration_date or today
    check_past_date("registration_date", registered, today)
    if body.year > today.year + 1:
        raise FieldError("year", "vehicle.year_future", year=body.year)
    if registered.year < body.year - 1:
        raise FieldError("registration_date", "vehicle.before_made", year=body.year)
    if body.fuel == "electric" and body.engine_cc:
        raise FieldError("engine_cc", "vehicle.electric_engine")
    return registered


def check_owner(owner: dict[str, Any] | None, registered: date) -> None:
    if owner is None:
        raise FieldError("owner_iin", "person.unknown")
    if not owner["alive"]:
        raise FieldError("owner_iin", "vehicle.owner_dead", death_date=owner.get("death_date"))
    if date.fromisoformat(owner["birth_date"]) > registered:
        raise FieldError("owner_iin", "vehicle.owner_not_born")


def active_registration(session: Session, vin: str) -> Registration | None:
    query = select(Registration).where(
        Registration.vin == vin, col(Registration.deregistration_date).is_(None)
    )
    return session.exec(query).first()


def registration_json(record: Registration) -> dict[str, Any]:
    data = {"registration_id": record.id, **record_json(record, EXCLUDED)}
    if data["owner_bin"] is None:
        del data["owner_bin"]
    if data["owner_iin"] is None:
        del data["owner_iin"]
    return data


def register(
    session: Session,
    body: RegistrationIn,
    registered: date,
    region: str,
    rng: random.Random,
    now: datetime,
) -> dict[str, Any]:
    current = active_registration(session, body.vin)
    if current is not None:
        raise FieldError(
            "vin",
            "vehicle.registered",
            registration_id=current.id,
            registration_date=current.registration_date,
        )
    record = Registration(
        vin=body.vin,
        owner_iin=body.owner_iin,
        owner_bin=body.owner_bin,
        make=body.make,
        model=body.model,
        year=body.year,
        engine_cc=body.engine_cc,
        fuel=body.fuel,
        color=body.color,
        plate=make_plate(rng, region),
        registration_date=registered,
        registered_at=now,
    )
    session.add(record)
    session.flush()
    event = registration_json(record)
    for field in ("color", "plate", "deregistration_date", "deregistration_reason"):
        event.pop(field, None)
    event_id = append_change(
        session.connection(), TABLES.feed, type="vehicle.registered", occurred_at=now, data=event
    )
    return {"registration_id": record.id, "plate": record.plate, "event_id": event_id}


def deregister(
    session: Session, registration_id: int, body: DeregistrationIn, today: date, now: datetime
) -> dict[str, Any]:
    record = session.get(Registration, registration_id, with_for_update=True)
    if record is None:
        raise FieldError(
            "registration_id", "vehicle.unknown_registration", registration_id=registration_id
        )
    if record.deregistration_date is not None:
        raise FieldError(
            "registration_id",
            "vehicle.deregistered",
            deregistration_date=record.deregistration_date,
        )
    check_past_date("deregistration_date", body.deregistration_date, today)
    if body.deregistration_date < record.registration_date:
        raise FieldError(
            "deregistration_date",
            "vehicle.deregistered_before",
            registration_date=record.registration_date,
        )
    record.deregistration_date = body.deregistration_date
    record.deregistration_reason = body.reason
    session.add(record)
    session.flush()
    data: dict[str, Any] = {
        "registration_id": record.id,
        "vin": record.vin,
        "deregistration_date": body.deregistration_date.isoformat(),
        "reason": body.reason,
    }
    if record.owner_iin is not None:
        data["owner_iin"] = record.owner_iin
    else:
        data["owner_bin"] = record.owner_bin
    event_id = append_change(
        session.connection(), TABLES.feed, type="vehicle.deregistered", occurred_at=now, data=data
    )
    return {"registration_id": record.id, "event_id": event_id}


def vehicles_of(session: Session, owner: str, history: bool) -> list[Registration]:
    query = select(Registration).where(
        (col(Registration.owner_iin) == owner) | (col(Registration.owner_bin) == owner)
    )
    if not history:
        query = query.where(col(Registration.deregistration_date).is_(None))
    return list(session.exec(query.order_by(col(Registration.registration_date))).all())


def registrations_of_vin(session: Session, vin: str) -> list[Registration]:
    query = select(Registration).where(Registration.vin == vin)
    return list(session.exec(query.order_by(col(Registration.registration_date))).all())
