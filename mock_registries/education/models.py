"""Tables of the education departments: the kindergarten queue."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from mock_registries.common.tables import define_registry_tables


class EducationTable(SQLModel, registry=registry()):
    pass


class QueueEntry(EducationTable, table=True):
    __table_args__ = (
        Index("ix_queue_order", "region", "status", "preferential", "requested_on", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    child_iin: str = Field(max_length=12, unique=True, index=True)
    region: str = Field(max_length=40)
    requested_on: date
    preferential: bool = False  # priority categories (large families, disability...)
    status: str = Field(default="waiting", max_length=10)  # waiting or placed
    kindergarten: str | None = None
    placed_on: date | None = None
    created_at: datetime


TABLES = define_registry_tables(EducationTable.metadata)
WRITERS = ("education",)
OPTIONAL_FIELDS = frozenset({"kindergarten", "placed_on"})
