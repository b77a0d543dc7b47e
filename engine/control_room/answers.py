"""What the control room's API answers, as OpenAPI schemas."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from engine.api.answers import Answer, Number

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
    law: dict[str, Any]


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


class Overview(Answer):
    today: str = Field(examples=["2026-03-10"])
    life_events: LifeEventCounts
    offers: OfferCounts
    applications_avoided: int
    money: Money
    median_seconds_to_offer: Number | None = None
    agencies: list[dict[str, Any]]
    per_day: list[Day]
    funnel: Funnel
    regions: list[dict[str, Any]] | dict[str, Any]


class CaseSummary(Answer):
    id: str
    life_event: str
    subject_iin: IINOut
    event_date: str = Field(examples=["2026-03-10"])
    parties: Any = None
    created_at: str


class Cases(Answer):
    items: list[CaseSummary]


class Journey(CaseSummary):
    """One life event's journey across agencies."""

    decisions: list[dict[str, Any]]
    entitlements: list[dict[str, Any]]
    tasks: list[dict[str, Any]]
    inbox_items: list[dict[str, Any]]
    timeline: list[dict[str, Any]]
