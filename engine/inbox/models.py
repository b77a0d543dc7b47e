"""The citizen's inbox: items (one per entitlement), bundles (what one life event brings one
person, delivered as one message with one answer), each item's timeline, representatives,
bank accounts supplied by citizens and their preferences for messages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field

from engine.db import EngineTable


class InboxBundle(EngineTable, table=True):
    __tablename__ = "inbox_bundle"
    __table_args__ = (UniqueConstraint("citizen_iin", "reference", name="uq_bundle_reference"),)

    id: int | None = Field(default=None, primary_key=True)
    citizen_iin: str = Field(max_length=12, index=True)
    case_id: str = Field(foreign_key="life_case.id", index=True, max_length=32)
    life_event: str = Field(max_length=64)
    reference: int = Field(description="short number the citizen quotes in an SMS reply")
    created_at: datetime
    notified_at: datetime | None = None


class InboxItem(EngineTable, table=True):
    __tablename__ = "inbox_item"

    id: int | None = Field(default=None, primary_key=True)
    citizen_iin: str = Field(max_length=12, index=True)
    case_id: str = Field(foreign_key="life_case.id", index=True, max_length=32)
    entitlement_id: int | None = Field(default=None, foreign_key="entitlement.id")
    bundle_id: int | None = Field(default=None, foreign_key="inbox_bundle.id", index=True)
    rule_id: str = Field(max_length=128)
    life_event: str = Field(max_length=64)
    delivery: str = Field(default="consent", max_length=16)
    status: str = Field(max_length=16, index=True)
    amount_kzt: int | None = None
    texts: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    explanation: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    missing: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime
    updated_at: datetime | None = None
    expires_at: datetime | None = Field(default=None, index=True)
    answered_at: datetime | None = None
    undo_until: datetime | None = None
    window_hours: int | None = None
    reminder_hours: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    reminders_sent: int = 0
    next_reminder_at: datetime | None = Field(default=None, index=True)


class InboxTimeline(EngineTable, table=True):
    """Every change of an item, in order: nothing about an answer is ever overwritten."""

    __tablename__ = "inbox_timeline"

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="inbox_item.id", index=True)
    at: datetime
    action: str = Field(max_length=32)
    status_from: str | None = Field(default=None, max_length=16)
    status_to: str = Field(max_length=16)
    actor: str = Field(max_length=32, description="citizen, representative, system, agency code")
    actor_iin: str | None = Field(default=None, max_length=12)
    channel: str = Field(max_length=16, description="web, api, sms, system")
    note: str | None = Field(default=None, max_length=500)


class Representation(EngineTable, table=True):
    """A person registered to act for another (guardian, trustee, power of attorney). Parents
    act for their minor children without registration (from the population register)."""

    __tablename__ = "representation"

    id: int | None = Field(default=None, primary_key=True)
    representative_iin: str = Field(max_length=12, index=True)
    represented_iin: str = Field(max_length=12, index=True)
    kind: str = Field(max_length=32)
    basis: str = Field(max_length=255)
    valid_from: date
    valid_to: date | None = None
    registered_by: str = Field(max_length=40)
    created_at: datetime
    revoked_at: datetime | None = None


class PaymentAccount(EngineTable, table=True):
    """A bank account the citizen gave in answer to an offer that had none on file."""

    __tablename__ = "payment_account"

    iin: str = Field(primary_key=True, max_length=12)
    iban: str = Field(max_length=34)
    supplied_at: datetime
    channel: str = Field(max_length=16)


class CitizenPreference(EngineTable, table=True):
    __tablename__ = "citizen_preference"

    iin: str = Field(primary_key=True, max_length=12)
    language: str | None = Field(default=None, max_length=2)
    channel: str | None = Field(default=None, max_length=8)
    email: str | None = Field(default=None, max_length=254)
    updated_at: datetime
