"""Tables of the civil-status registry (ЗАГС)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from mock_registries.common.feed import define_feed_tables
from mock_registries.common.idempotency import define_idempotency_table


class CivilTable(SQLModel, registry=registry()):
    pass


class BirthRecord(CivilTable, table=True):
    id: int | None = Field(default=None, primary_key=True)
    child_iin: str = Field(max_length=12, unique=True)
    mother_iin: str = Field(max_length=12, index=True)
    father_iin: str | None = Field(default=None, max_length=12)
    child_first_name: str
    child_last_name: str
    child_sex: str = Field(max_length=1)
    birth_date: date
    registered_at: datetime


FEED = define_feed_tables(CivilTable.metadata)
IDEMPOTENCY = define_idempotency_table(CivilTable.metadata)
