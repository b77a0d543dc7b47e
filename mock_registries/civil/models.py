"""Tables of the civil-status registry (ЗАГС): one table per kind of act."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from mock_registries.common.records import record_json
from mock_registries.common.tables import define_registry_tables


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


class DeathRecord(CivilTable, table=True):
    id: int | None = Field(default=None, primary_key=True)
    iin: str = Field(max_length=12, unique=True)
    death_date: date
    registered_at: datetime


class MarriageRecord(CivilTable, table=True):
    id: int | None = Field(default=None, primary_key=True)
    spouse1_iin: str = Field(max_length=12, index=True)
    spouse2_iin: str = Field(max_length=12, index=True)
    marriage_date: date
    divorce_date: date | None = None
    registered_at: datetime


class DivorceRecord(CivilTable, table=True):
    id: int | None = Field(default=None, primary_key=True)
    marriage_id: int | None = Field(default=None, index=True)
    spouse1_iin: str = Field(max_length=12, index=True)
    spouse2_iin: str = Field(max_length=12, index=True)
    divorce_date: date
    registered_at: datetime


class NameChangeRecord(CivilTable, table=True):
    id: int | None = Field(default=None, primary_key=True)
    iin: str = Field(max_length=12, index=True)
    first_name: str
    last_name: str
    patronymic: str | None = None
    change_date: date
    registered_at: datetime


class BirthCorrectionRecord(CivilTable, table=True):
    id: int | None = Field(default=None, primary_key=True)
    birth_id: int = Field(index=True)
    corrected: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    registered_at: datetime


TABLES = define_registry_tables(CivilTable.metadata)
FEED = TABLES.feed
IDEMPOTENCY = TABLES.idempotency
WRITERS = ("civil",)
OPTIONAL_FIELDS = frozenset({"father_iin", "patronymic"})

ACT_EXCLUDED = frozenset({"id", "registered_at"})


def act_json(record: CivilTable) -> dict[str, Any]:
    """An act as the registry shows it: its number, then its fields."""
    return {"act_id": getattr(record, "id", None), **record_json(record, ACT_EXCLUDED)}
