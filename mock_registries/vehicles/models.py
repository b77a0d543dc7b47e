"""Tables of the vehicle register (МВД): registrations by VIN."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, text
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from mock_registries.common.tables import define_registry_tables


class VehiclesTable(SQLModel, registry=registry()):
    pass


class Registration(VehiclesTable, table=True):
    __table_args__ = (
        # a vehicle is registered to one owner at a time
        Index(
            "uq_registration_active_vin",
            "vin",
            unique=True,
            sqlite_where=text("deregistration_date IS NULL"),
            postgresql_where=text("deregistration_date IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    vin: str = Field(max_length=17, index=True)
    owner_iin: str | None = Field(default=None, max_length=12, index=True)
    owner_bin: str | None = Field(default=None, max_length=12, index=True)
    make: str
    model: str
    year: int
    engine_cc: int | None = None
    fuel: str
    color: str | None = None
    plate: str | None = None
    registration_date: date
    deregistration_date: date | None = None
    deregistration_reason: str | None = None
    registered_at: datetime


TABLES = define_registry_tables(VehiclesTable.metadata)
WRITERS = ("mvd",)
OPTIONAL_FIELDS = frozenset({"color", "plate", "engine_cc"})
