"""What the inbox API answers, as OpenAPI schemas."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from engine.api.answers import Answer
from engine.kernel.texts import Lang

IINOut = Annotated[str, Field(pattern=r"^\d{12}$", examples=["920317411919"])]
ItemStatus = Literal[
    "offered",
    "accepted",
    "declined",
    "expired",
    "in_fulfilment",
    "granted",
    "paid",
    "rejected",
    "informed",
    "superseded",
    "revoked",
]
ItemAction = Literal["accept", "decline", "undo_decline", "ask_again", "give_bank_account"]
Time = Annotated[str, Field(description="UTC, ISO 8601", examples=["2026-03-10T09:30:00+00:00"])]


class TimelineEntry(Answer):
    at: Time
    at_shown: str
    action: str
    action_name: str
    from_: str | None = Field(default=None, alias="from", description="status before")
    to: str | None = Field(default=None, description="status after")
    actor: str | None = None
    actor_name: str | None = None
    channel: str | None = None
    channel_name: str | None = None
    note: str | None = None
    note_shown: str | None = None


class ItemView(Answer):
    """One inbox item, its texts in the asked language."""

    id: int
    rule_id: str
    life_event: str | None = None
    case_id: str
    bundle_id: int | None = None
    reference: int | None = Field(default=None, description="the number quoted in an SMS reply")
    delivery: str
    status: ItemStatus
    status_name: str
    title: str
    body: str
    amount_kzt: int | None = None
    amount_shown: str | None = None
    explanation: str
    why: Any = None
    next: dict[str, Any] | None = None
    missing: list[str]
    actions: list[ItemAction]
    created_at: Time
    expires_at: Time | None = None
    answered_at: Time | None = None
    undo_until: Time | None = None
    created_at_shown: str | None = None
    expires_at_shown: str | None = None
    undo_until_shown: str | None = None
    lang: Lang
    timeline: list[TimelineEntry] | None = None


class BundleView(Answer):
    """One life event's offer: everything it brings, answered at once."""

    id: int
    reference: int = Field(description="the number quoted in an SMS reply")
    case_id: str
    life_event: str
    title: str
    created_at: Time
    item_ids: list[int]
    open_item_ids: list[int]
    expires_at: Time | None = None
    created_at_shown: str | None = None
    expires_at_shown: str | None = None
    total_kzt: int
    total_shown: str


class Inbox(Answer):
    iin: IINOut
    lang: Lang
    now: Time
    items: list[ItemView]
    bundles: list[BundleView]
    acting_as: str = Field(examples=["citizen"], description="citizen, representative or official")


class OfferAnswered(Answer):
    offer: BundleView
    items: list[ItemView]
    answered_at: Time


class BankAccountGiven(Answer):
    iin: IINOut
    iban_last4: str = Field(examples=["0001"])
    items_updated: list[int]


class SendsTo(Answer):
    channel: str = Field(examples=["sms"])
    language: Lang


class Preferences(Answer):
    iin: IINOut
    language: Lang | None = None
    channel: str | None = Field(default=None, examples=["sms"])
    email: str | None = None
    sends_to: SendsTo | None = None
    phone_on_file: bool | None = None


class Message(Answer):
    """A message of the citizen's thread with 1414: sent to them, or an SMS they sent."""

    id: int | str
    direction: Literal["in", "out"]
    kind: str
    status: str | None = None
    body: str | None = None
    created_at: Time | None = None


class Messages(Answer):
    items: list[Message]


class Representation(Answer):
    id: int
    representative_iin: IINOut
    represented_iin: IINOut
    kind: str = Field(examples=["guardian"])
    basis: str | None = None
    valid_from: str = Field(examples=["2026-03-10"])
    valid_to: str | None = None
    registered_by: str | None = None
    revoked_at: str | None = None


class Relation(Answer):
    iin: IINOut
    kind: str = Field(examples=["parent"])
    representation_id: int | None = None
    valid_to: str | None = None


class Relations(Answer):
    represents: list[Relation] = Field(description="whom the citizen may act for")
    represented_by: list[Relation] = Field(description="who may act for the citizen")


class SmsApplied(Answer):
    bundle_id: int
    reference: int
    item_ids: list[int]
    action: str = Field(examples=["accepted"])


class SmsHandled(Answer):
    understood: str = Field(description="what the reply was read as", examples=["accept"])
    applied: list[SmsApplied]
    reply: str
    lang: Lang


class ReceiptTaken(Answer):
    gateway_id: str
    status: Literal["delivered", "failed"]


class GatewayMessage(Answer):
    gateway_id: str
    channel: Literal["sms", "push", "email"]
    sender: str | None = None
    address: str | None = None
    body: str
    status: str
    accepted_at: Time
    receipt_at: Time | None = None


class Outbox(Answer):
    items: list[GatewayMessage]


class GatewayFault(Answer):
    channel: Literal["sms", "push", "email"]
    fail_next: int
    outage: bool


class CitizenToken(Answer):
    token: str = Field(description="a bearer token of the citizen")
    iin: IINOut
