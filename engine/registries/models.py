"""What the engine keeps of the registries' feeds: a cursor per feed and each event once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field

from engine.db import EngineTable


class FeedCursor(EngineTable, table=True):
    """Where the engine is in one registry's feed, and how far behind it runs."""

    __tablename__ = "feed_cursor"

    registry_name: str = Field(primary_key=True, max_length=40)
    cursor: str = Field(default="", max_length=64)
    updated_at: datetime
    last_event_at: datetime | None = None
    events_total: int = 0
    last_polled_at: datetime | None = None
    lag_seconds: float = 0.0
    consecutive_failures: int = 0
    retry_at: datetime | None = None
    last_error: str | None = None


class InboundEvent(EngineTable, table=True):
    """A registry change as received; unique per registry and event id, so redelivery and
    duplicates are stored once. Workers claim pending rows; ``subject_key`` keeps the events of
    one citizen in order."""

    __tablename__ = "inbound_event"
    __table_args__ = (
        UniqueConstraint("registry_name", "event_id", name="uq_inbound_event"),
        Index("ix_inbound_event_claim", "status", "available_at"),
        Index("ix_inbound_event_subject", "subject_key", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    registry_name: str = Field(max_length=40)
    event_id: str = Field(max_length=128)
    type: str = Field(max_length=64)
    occurred_at: datetime
    received_at: datetime
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    subject_key: str = Field(default="", max_length=64)
    status: str = Field(default="pending", max_length=16, index=True)
    attempts: int = 0
    available_at: datetime | None = None
    locked_by: str | None = Field(default=None, max_length=64)
    locked_until: datetime | None = None
    error: str | None = None
    processed_at: datetime | None = None
