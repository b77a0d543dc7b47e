"""Tables of the Unified Accumulative Pension Fund (ЕНПФ): savings accounts."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from mock_registries.common.tables import define_registry_tables


class PensionTable(SQLModel, registry=registry()):
    pass


class PensionAccount(PensionTable, table=True):
    id: int | None = Field(default=None, primary_key=True)
    iin: str = Field(max_length=12, unique=True, index=True)
    balance_kzt: int
    years_of_participation: int
    receiving_pension: bool = False
    updated_on: date


TABLES = define_registry_tables(PensionTable.metadata)
WRITERS = ("enpf",)
OPTIONAL_FIELDS = frozenset({"updated_on"})
