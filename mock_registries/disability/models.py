"""Tables of medical-social expertise (МСЭ): disability decisions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from mock_registries.common.tables import define_registry_tables


class DisabilityTable(SQLModel, registry=registry()):
    pass


class Decision(DisabilityTable, table=True):
    id: int | None = Field(default=None, primary_key=True)
    iin: str = Field(max_length=12, index=True)
    group: int  # 1 (most severe) to 3
    cause: str = Field(max_length=12)  # general, childhood (since childhood), child (under 18)
    valid_from: date
    valid_to: date | None = None  # None: without a term of re-examination
    decision_date: date
    created_at: datetime


TABLES = define_registry_tables(DisabilityTable.metadata)
WRITERS = ("labour",)
OPTIONAL_FIELDS = frozenset({"valid_to"})
