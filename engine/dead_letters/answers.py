"""What the dead-letter API answers, as OpenAPI schemas."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from engine.api.answers import Answer


class DeadLetter(Answer):
    id: int
    kind: str = Field(examples=["event"])
    status: Literal["open", "retried", "discarded"]
    reason: str
    rule_id: str | None = None
    life_event: str | None = None
    inbound_event_id: int | None = None
    payload: Any = None
    created_at: str
    resolved_at: str | None = None
    resolved_by: str | None = None


class DeadLetters(Answer):
    items: list[DeadLetter]
