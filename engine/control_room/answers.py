"""What the control room's API answers, as OpenAPI schemas."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from engine.api.answers import Answer, Number
from engine.inbox.answers import ItemStatus

IINOut = Annotated[str, Field(pattern=r"^\d{12}$", examples=["920317411919"])]


class ShadowRule(Answer):
    rule_id: str
    would_offer: int
    would_cost_kzt: int


class FeedState(Answer):
    registry: str = Field(examples=["civil"])
    cursor: str | None = None
    lag_seconds: Number
    events_total: int
    consecutive_failures: int
    last_error: str | None = None


class RunningOut(Answer):
    """A parameter whose published values run out within 60 days, or have run out."""

    parameter: str
    title: dict[str, Any] = Field(description="kk, ru and en")
    last_day: str = Field(examples=["2026-12-31"])
    ran_out: bool
    days_left: int
    held_cases: int
    projected_cases: int


class Law(Answer):
    projecting: bool = Field(description="whether this engine projects the last known value")
    parameters: list[RunningOut]
    held_cases: int
    projected_cases: int


class Summary(Answer):
    """Key figures across agencies, and the law running out."""

    cases: int
    cases_by_life_event: dict[str, int]
    decisions_by_outcome: dict[str, int]
    entitlements_by_status: dict[str, int]
    inbox_by_status: dict[str, int]
    tasks_by_status: dict[str, int]
    events_by_status: dict[str, int]
    dead_letters_open: int
    shadow: list[ShadowRule]
    feeds: list[FeedState]
    law: Law


class LifeEventCounts(Answer):
    today: int
    this_week: int
    total: int


class OfferCounts(Answer):
    open: int
    taken_up: int
    declined: int
    expired: int
    informed: int
    take_up_rate: Number | None = None


class Money(Answer):
    offered_kzt: int
    paid_kzt: int


class Day(Answer):
    day: str = Field(examples=["2026-03-10"])
    life_events: int
    offers: int


class Funnel(Answer):
    offered: int
    accepted: int
    paid: int


class AgencyFigures(Answer):
    agency: str = Field(examples=["gfc"])
    open: int
    overdue: int
    done: int
    sla_compliance: Number | None = Field(default=None, description="share closed on time")
    median_handling_hours: Number | None = None
    predicted_breaches: int


class RegionFigures(Answer):
    region: str = Field(examples=["karaganda"], description="a region's code, or unknown")
    life_events: int
    offers: int
    money_offered_kzt: int


class Overview(Answer):
    today: str = Field(examples=["2026-03-10"])
    life_events: LifeEventCounts
    offers: OfferCounts
    applications_avoided: int
    money: Money
    median_seconds_to_offer: Number | None = None
    agencies: list[AgencyFigures]
    per_day: list[Day]
    funnel: Funnel
    regions: list[RegionFigures]


class CaseSummary(Answer):
    id: str
    life_event: str
    subject_iin: IINOut
    event_date: str = Field(examples=["2026-03-10"])
    parties: Any = None
    created_at: str


class Cases(Answer):
    items: list[CaseSummary]


class Actor(Answer):
    """Who did a step: ``{"kind": "registry", "registry"}``, ``{"kind": "engine"}``,
    ``{"kind": "citizen", "channel"}``, ``{"kind": "official", "agency", "name"}``,
    ``{"kind": "simulated_official", "agency"}``."""

    kind: str = Field(examples=["official"])
    registry: str | None = None
    channel: str | None = None
    agency: str | None = None
    name: str | None = None


class Step(Answer):
    """One step of the journey (more fields by kind)."""

    at: str = Field(description="UTC", examples=["2026-03-10T04:30:00+00:00"])
    at_local: str = Field(description="Almaty time", examples=["2026-03-10T09:30:00+05:00"])
    kind: str = Field(
        examples=["decision"],
        description="life_event, event_received, facts_read, decision, entitlement, inbox, "
        "message_sent, message_delivered, task_created, task_opened, task_claimed, task_closed",
    )
    actor: Actor


class CaseDecision(Answer):
    id: int
    rule_id: str
    rule_version: int | str
    outcome: str = Field(examples=["eligible"])
    amount_kzt: int | None = None
    shadow: bool
    current: bool
    trace: Any = None
    receipt: Any = None


class CaseEntitlement(Answer):
    id: int
    rule_id: str
    recipient_iin: str | None = None
    amount_kzt: int | None = None
    status: str
    kind: str | None = None
    supersedes_id: int | None = None
    reason: str | None = None
    overpaid_kzt: int | None = None
    dedup_key: str | None = None


class CaseTask(Answer):
    id: int
    entitlement_id: int | None = None
    step_id: str
    agency: str
    action: dict[str, str] = Field(description="the step, in kk, ru and en")
    status: str
    due_at: str | None = None
    due_local: str | None = None
    claimed_by: Actor | None = None
    closed_by: Actor | None = None
    on_time: bool | None = None


class CaseItem(Answer):
    id: int
    citizen_iin: IINOut
    rule_id: str
    status: ItemStatus
    amount_kzt: int | None = None


class Journey(CaseSummary):
    """One life event's journey across agencies."""

    decisions: list[CaseDecision]
    entitlements: list[CaseEntitlement]
    tasks: list[CaseTask]
    inbox_items: list[CaseItem]
    timeline: list[Step]
