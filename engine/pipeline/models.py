"""Cases (life events), decisions with their receipts, and entitlements."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, UniqueConstraint, text
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
    region: str | None = Field(default=None, max_length=32, index=True)


class CaseParty(EngineTable, table=True):
    """Who a case concerns, one row per party, so that a person's cases are found through an
    index (corrections after a death, the control room's search by IIN)."""

    __tablename__ = "case_party"

    case_id: str = Field(foreign_key="life_case.id", primary_key=True, max_length=32)
    party: str = Field(primary_key=True, max_length=64)
    iin: str = Field(max_length=12, index=True)


class Decision(EngineTable, table=True):
    __tablename__ = "decision"

    id: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(foreign_key="life_case.id", index=True, max_length=32)
    rule_id: str = Field(max_length=128, index=True)
    rule_version: str = Field(max_length=64)
    outcome: str = Field(max_length=16)
    shadow: bool = Field(default=False, index=True)
    current: bool = Field(default=True, description="False once a re-evaluation replaced it")
    amount_tiyn: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    trace: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    receipt: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime
    held_for: str | None = Field(
        default=None,
        max_length=255,
        index=True,
        description="parameters the law has not published yet for the event date, comma-separated",
    )
    projected: str | None = Field(
        default=None,
        max_length=255,
        description="parameters whose last value was projected (demo only), comma-separated",
    )


LIVE_STATUSES_EXCLUDED = "status NOT IN ('superseded', 'revoked')"


class Entitlement(EngineTable, table=True):
    """What a citizen is due. At most one live entitlement per dedup key, whatever the
    redelivery; superseded and revoked ones stay as history."""

    __tablename__ = "entitlement"
    __table_args__ = (
        Index(
            "uq_entitlement_live_key",
            "dedup_key",
            unique=True,
            sqlite_where=text(LIVE_STATUSES_EXCLUDED),
            postgresql_where=text(LIVE_STATUSES_EXCLUDED),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    dedup_key: str = Field(max_length=255, index=True)
    kind: str = Field(default="benefit", max_length=16, description="benefit, arrears")
    supersedes_id: int | None = Field(default=None, foreign_key="entitlement.id")
    reason: str | None = Field(default=None, max_length=500)
    overpaid_tiyn: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    case_id: str = Field(foreign_key="life_case.id", index=True, max_length=32)
    decision_id: int = Field(foreign_key="decision.id")
    rule_id: str = Field(max_length=128)
    recipient_iin: str = Field(max_length=12, index=True)
    amount_tiyn: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    status: str = Field(max_length=16)
    created_at: datetime


class Task(EngineTable, table=True):
    """One fulfilment step of an entitlement, in an agency's work queue."""

    __tablename__ = "task"

    id: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(foreign_key="life_case.id", index=True, max_length=32)
    entitlement_id: int = Field(foreign_key="entitlement.id", index=True)
    step_id: str = Field(max_length=64)
    agency: str = Field(max_length=32, index=True)
    action: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    status: str = Field(
        max_length=16, index=True, description="waiting, open, done, rejected, cancelled"
    )
    after: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    sla_working_days: int | None = None
    due_at: datetime | None = None
    created_at: datetime
    opened_at: datetime | None = None
    claimed_at: datetime | None = None
    claimed_by: str | None = Field(default=None, max_length=64)
    closed_at: datetime | None = None
    closed_by: str | None = Field(default=None, max_length=64)
    reason: str | None = Field(default=None, max_length=500)


class DeadLetter(EngineTable, table=True):
    """Work that cannot succeed as it is (bad data, a rule error): kept with its reason and
    payload until an operator retries or discards it; it never blocks a feed."""

    __tablename__ = "dead_letter"

    id: int | None = Field(default=None, primary_key=True)
    inbound_event_id: int | None = Field(default=None, foreign_key="inbound_event.id", index=True)
    rule_id: str | None = Field(default=None, max_length=128)
    life_event: str | None = Field(default=None, max_length=64)
    kind: str = Field(max_length=16, description="event or evaluation")
    reason: str = Field(max_length=2000)
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    status: str = Field(
        default="open", max_length=16, index=True, description="open, retried, discarded"
    )
    created_at: datetime
    resolved_at: datetime | None = None
    resolved_by: str | None = Field(default=None, max_length=64)


class JobState(EngineTable, table=True):
    """Where a periodic job got to (for catching up after downtime)."""

    __tablename__ = "job_state"

    name: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=64)
    updated_at: datetime
