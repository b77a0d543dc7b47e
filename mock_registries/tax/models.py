"""Tables of the State Revenue Committee (КГД): tax obligations of individuals."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from mock_registries.common.tables import define_registry_tables


class TaxTable(SQLModel, registry=registry()):
    pass


class Obligation(TaxTable, table=True):
    __table_args__ = (
        # one assessment of a kind of tax per year and object (a vehicle's VIN, a property)
        Index("uq_obligation_assessment", "iin", "kind", "tax_year", "reference", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    iin: str = Field(max_length=12, index=True)
    kind: str = Field(max_length=40)
    amount_kzt: int
    tax_year: int
    due_date: date
    reference: str = Field(max_length=60)
    status: str = Field(default="open", max_length=10)
    closed_on: date | None = None
    close_reason: str | None = None
    created_at: datetime


TABLES = define_registry_tables(TaxTable.metadata)
WRITERS = ("kgd",)
OPTIONAL_FIELDS = frozenset({"reference", "closed_on", "close_reason"})
