"""Agencies' work queues: an official of the owning agency completes or rejects a step."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, Field
from sqlmodel import Session

from engine.api.answers import ACTION, SIGNED, answers
from engine.auth.deps import services_of
from engine.auth.officials import official
from engine.auth.tokens import Principal
from engine.db import transaction
from engine.fulfilment.answers import Tasks, TaskView
from engine.fulfilment.service import (
    TaskError,
    agency_tasks,
    check_task_owner,
    claim_task,
    close_task,
    task_view,
)
from engine.http_inputs import KeyPath, RowId, Text
from engine.services import Services

router = APIRouter(tags=["fulfilment"])


class Rejection(BaseModel):
    reason: Text = Field(min_length=3, max_length=500)


@router.get("/api/agencies/{agency}/tasks", **answers(Tasks, *SIGNED, 422))
def get_tasks(
    agency: KeyPath,
    principal: Annotated[Principal, Depends(official)],
    services: Annotated[Services, Depends(services_of)],
    status: Literal["open", "overdue", "done", "waiting", "rejected"] = "open",
) -> dict[str, Any]:
    if principal.subject not in (agency, "control_room"):
        raise HTTPException(403, detail=f"only officials of {agency} see its queue")
    tasks = agency_tasks(services.db, agency, status, services.clock.now())
    return {"items": [task_view(t, services.clock.now()) for t in tasks]}


@router.post("/api/tasks/{task_id}/claim", **answers(TaskView, *ACTION))
def claim(
    task_id: RowId,
    principal: Annotated[Principal, Depends(official)],
    services: Annotated[Services, Depends(services_of)],
) -> dict[str, Any]:
    """The official takes the task into their own work (the journey shows who and when)."""
    now = services.clock.now()
    try:
        with transaction(services.db) as session:
            task = claim_task(session, task_id, principal.subject, principal.acting_as, now)
            return task_view(task, now)
    except TaskError as error:
        raise HTTPException(error.status, detail=str(error)) from error


@router.post("/api/tasks/{task_id}/complete", **answers(TaskView, *ACTION))
def complete_task(
    task_id: RowId,
    principal: Annotated[Principal, Depends(official)],
    services: Annotated[Services, Depends(services_of)],
) -> dict[str, Any]:
    return _close(task_id, principal, services, "done", None)


def _task_owner(
    task_id: RowId,
    principal: Annotated[Principal, Depends(official)],
    services: Annotated[Services, Depends(services_of)],
) -> None:
    """The task is the caller's agency's: checked before any body is read, so that another
    agency's official gets 403 whatever they sent."""
    with Session(services.db) as session:
        try:
            check_task_owner(session, task_id, principal.subject)
        except TaskError as error:
            raise HTTPException(error.status, detail=str(error)) from error


@router.post(
    "/api/tasks/{task_id}/reject",
    dependencies=[Depends(_task_owner)],
    **answers(TaskView, *ACTION),
)
def reject_task(
    task_id: RowId,
    body: Rejection,
    principal: Annotated[Principal, Depends(official)],
    services: Annotated[Services, Depends(services_of)],
) -> dict[str, Any]:
    return _close(task_id, principal, services, "rejected", body.reason)


def _close(
    task_id: int, principal: Principal, services: Services, status: str, reason: str | None
) -> dict[str, Any]:
    now = services.clock.now()
    try:
        with transaction(services.db) as session:
            task = close_task(
                session, task_id, principal.subject, status, reason, now, principal.acting_as
            )
            return task_view(task, now)
    except TaskError as error:
        raise HTTPException(error.status, detail=str(error)) from error
