"""The notification outbox, and the mock gateways' record of what they were handed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field

from engine.db import EngineTable


class Notification(EngineTable, table=True):
    """A message to send. Written in the same transaction as the change it reports (so it is
    neither lost nor sent for a change that was rolled back); sent later by the outbox job.
    ``dedup_key`` makes each message happen once whatever the retries."""

    __tablename__ = "notification"

    id: int | None = Field(default=None, primary_key=True)
    dedup_key: str = Field(max_length=160, unique=True)
    kind: str = Field(max_length=24)
    citizen_iin: str = Field(max_length=12, index=True, description="whose matter it is")
    recipient_iin: str | None = Field(default=None, max_length=12, index=True)
    bundle_id: int | None = Field(default=None, foreign_key="inbox_bundle.id", index=True)
    context: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    channel: str | None = Field(default=None, max_length=8)
    address: str | None = Field(default=None, max_length=254)
    lang: str | None = Field(default=None, max_length=2)
    template: str | None = Field(default=None, max_length=48)
    template_version: int | None = None
    body: str | None = None
    status: str = Field(default="pending", max_length=12, index=True)
    attempts: int = 0
    next_attempt_at: datetime = Field(index=True)
    created_at: datetime
    sent_at: datetime | None = None
    delivered_at: datetime | None = None
    gateway_id: str | None = Field(default=None, max_length=64, index=True)
    last_error: str | None = Field(default=None, max_length=500)


class GatewayMessage(EngineTable, table=True):
    """What the mock SMS, push and e-mail gateways accepted (the outbox the demo shows)."""

    __tablename__ = "gateway_message"

    id: int | None = Field(default=None, primary_key=True)
    gateway_id: str = Field(max_length=64, unique=True)
    client_ref: str = Field(max_length=64, unique=True)
    channel: str = Field(max_length=8)
    sender: str = Field(max_length=32)
    address: str = Field(max_length=254)
    body: str
    accepted_at: datetime
    status: str = Field(default="accepted", max_length=12)
    receipt_at: datetime | None = None


class InboundSms(EngineTable, table=True):
    """Every SMS a citizen sent to 1414 and what the engine understood and did."""

    __tablename__ = "sms_inbound"

    id: int | None = Field(default=None, primary_key=True)
    from_iin: str = Field(max_length=12, index=True)
    text: str = Field(max_length=1000)
    received_at: datetime
    understood: str = Field(max_length=24)
    lang: str = Field(max_length=2)
    applied: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    reply: str
