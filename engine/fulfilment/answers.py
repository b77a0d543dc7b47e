"""What the agencies' work queues answer, as OpenAPI schemas."""

from __future__ import annotations

from pydantic import Field

from engine.api.answers import Answer


class TaskView(Answer):
    id: int
    case_id: str
    entitlement_id: int | None = None
    step_id: str
    agency: str = Field(examples=["gfc"])
    action: dict[str, str] = Field(description="the step, in kk, ru and en")
    status: str = Field(examples=["open"])
    overdue: bool
    due_at: str | None = None
    due_local: str | None = Field(default=None, description="Almaty time")
    sla_working_days: int | None = None
    claimed_at: str | None = None
    claimed_by: str | None = None
    closed_at: str | None = None
    closed_by: str | None = None
    on_time: bool | None = None
    reason: str | None = None


class Tasks(Answer):
    items: list[TaskView]
