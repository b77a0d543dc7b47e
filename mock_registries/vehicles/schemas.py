"""What the vehicle register answers."""

from __future__ import annotations

from pydantic import BaseModel, Field

from mock_registries.common.codes import DeregistrationReason, Fuel
from mock_registries.common.schemas import DateOut, IINOut
from mock_registries.common.validators import VIN_PATTERN


class RegistrationOut(BaseModel):
    registration_id: int
    vin: str = Field(json_schema_extra={"pattern": VIN_PATTERN}, examples=["XWB3L32EDFA123456"])
    owner_iin: IINOut | None = None
    owner_bin: IINOut | None = None
    make: str
    model: str
    year: int
    engine_cc: int | None = None
    fuel: Fuel
    color: str | None = None
    plate: str | None = Field(
        default=None,
        json_schema_extra={"pattern": r"^\d{3} [A-Z]{3} \d{2}$"},
        examples=["620 DMT 11"],
    )
    registration_date: DateOut
    deregistration_date: DateOut | None = None
    deregistration_reason: DeregistrationReason | None = None


class VehicleOut(RegistrationOut):
    history: list[RegistrationOut] = Field(description="the vehicle's earlier registrations")


class OwnerVehicles(BaseModel):
    owner: str = Field(description="the owner's IIN or BIN")
    items: list[RegistrationOut]


class RegistrationAnswer(BaseModel):
    registration_id: int
    plate: str | None
    event_id: str


class DeregistrationAnswer(BaseModel):
    registration_id: int
    event_id: str
