"""What the engine keeps of the registries' feeds: a cursor per feed and each event once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field

from engine.db import EngineTable


class FeedCursor(EngineTable, table=True):
    __tablename__ = "feed_cursor"

    registry_name: str = Field(primary_key=True, max_length=40)
    cursor: str = Field(default="", max_length=64)
    updated_at: datetime
    last_event_at: datetime | None = None
    events_total: int = 0


class InboundEvent(EngineTable, table=True):
    """A registry change as received; unique per registry and event id, so redelivery and
    duplicates are stored once."""

    __tablename__ = "inbound_event"
    __table_args__ = (UniqueConstraint("registry_name", "event_id", name="uq_inbound_event"),)

    id: int | None = Field(default=None, primary_key=True)
    registry_name: str = Field(max_length=40)
    event_id: str = Field(max_length=64)
    type: str = Field(max_length=64)
    occurred_at: datetime
    received_at: datetime
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    status: str = Field(default="pending", max_length=16, index=True)
    attempts: int = 0
    error: str | None = None
    processed_at: datetime | None = None
