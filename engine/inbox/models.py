"""The citizen's inbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field

from engine.db import EngineTable


class InboxItem(EngineTable, table=True):
    __tablename__ = "inbox_item"

    id: int | None = Field(default=None, primary_key=True)
    citizen_iin: str = Field(max_length=12, index=True)
    case_id: str = Field(foreign_key="life_case.id", index=True, max_length=32)
    entitlement_id: int | None = Field(default=None, foreign_key="entitlement.id")
    rule_id: str = Field(max_length=128)
    life_event: str = Field(max_length=64)
    status: str = Field(max_length=16, index=True)
    amount_kzt: int | None = None
    texts: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime
    expires_at: datetime | None = None
    answered_at: datetime | None = None
