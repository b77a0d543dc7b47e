"""Tables of the payments ledger: what the paying agencies paid to whom."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from mock_registries.common.tables import define_registry_tables


class PaymentsTable(SQLModel, registry=registry()):
    pass


class Payment(PaymentsTable, table=True):
    __table_args__ = (
        # an agency's payment reference is paid once: the ledger refuses to pay twice
        Index("uq_payment_reference", "agency", "reference", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    iin: str = Field(max_length=12, index=True)
    agency: str = Field(max_length=16)
    kind: str = Field(max_length=60)
    amount_kzt: int
    paid_on: date = Field(index=True)
    reference: str = Field(max_length=120)
    created_at: datetime


TABLES = define_registry_tables(PaymentsTable.metadata)
WRITERS = ("gfc",)
OPTIONAL_FIELDS = frozenset({"reference"})
PAYING_AGENCIES = ("gfc", "gfss", "enpf")
