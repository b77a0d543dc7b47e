"""Cases (life events), decisions with their receipts, and entitlements."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, UniqueConstraint
from sqlmodel import Field

from engine.db import EngineTable


class Case(EngineTable, table=True):
    """One life event of one person, linking everything the state does about it."""

    __tablename__ = "life_case"
    __table_args__ = (UniqueConstraint("inbound_event_id", "life_event", name="uq_case_event"),)

    id: str = Field(primary_key=True, max_length=32)
    life_event: str = Field(max_length=64, index=True)
    subject_iin: str = Field(max_length=12, index=True)
    event_date: date
    inbound_event_id: int = Field(foreign_key="inbound_event.id", index=True)
    parties: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime


class Decision(EngineTable, table=True):
    __tablename__ = "decision"

    id: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(foreign_key="life_case.id", index=True, max_length=32)
    rule_id: str = Field(max_length=128, index=True)
    rule_version: str = Field(max_length=64)
    outcome: str = Field(max_length=16)
    amount_tiyn: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    trace: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    receipt: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime


class Entitlement(EngineTable, table=True):
    """What a citizen is due; the dedup key makes each happen once whatever the redelivery."""

    __tablename__ = "entitlement"

    id: int | None = Field(default=None, primary_key=True)
    dedup_key: str = Field(max_length=255, unique=True)
    case_id: str = Field(foreign_key="life_case.id", index=True, max_length=32)
    decision_id: int = Field(foreign_key="decision.id")
    rule_id: str = Field(max_length=128)
    recipient_iin: str = Field(max_length=12, index=True)
    amount_tiyn: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    status: str = Field(max_length=16)
    created_at: datetime
