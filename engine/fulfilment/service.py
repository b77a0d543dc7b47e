"""Fulfilment: each entitlement is a small chain of agency steps with SLAs in working days."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time
from typing import Any, overload

from sqlmodel import Session, col, select

from engine.fulfilment.calendar import add_working_days
from engine.inbox.timeutil import local
from engine.kernel.l10n import KZ_TIME
from engine.kernel.rules import Rule
from engine.pipeline.models import Case, Entitlement, Task

log = logging.getLogger("engine.fulfilment")


CLOSE_OF_BUSINESS = time(18, 0)


def due_at(opened: datetime, sla_working_days: int | None) -> datetime | None:
    """The end of the working day (18:00 in Almaty) ``sla_working_days`` working days after
    the day the task opened, counted in Kazakhstan's calendar."""
    if sla_working_days is None:
        return None
    day = add_working_days(local(opened).date(), sla_working_days)
    return datetime.combine(day, CLOSE_OF_BUSINESS, tzinfo=KZ_TIME).astimezone(UTC)


def open_tasks(
    session: Session, case: Case, entitlement: Entitlement, rule: Rule, now: datetime
) -> list[Task]:
    """Create the rule's steps for a new entitlement. Steps without predecessors open now, or,
    for an offer that needs consent, when the citizen accepts it."""
    assert entitlement.id is not None
    consent = rule.delivery == "consent" and entitlement.status == "offered"
    tasks = []
    for step in rule.steps:
        after = list(step.after)
        opened = not after and not consent
        sla = step.sla_working_days
        task = Task(
            case_id=case.id,
            entitlement_id=entitlement.id,
            step_id=step.id,
            agency=step.agency,
            action=step.action.model_dump(),
            status="awaiting_consent" if consent else "open" if opened else "waiting",
            after=after,
            sla_working_days=sla,
            due_at=due_at(now, sla) if opened else None,
            created_at=now,
            opened_at=now if opened else None,
        )
        session.add(task)
        tasks.append(task)
    return tasks


RESUMABLE = ("awaiting_consent", "on_hold")


def follow_answer(session: Session, entitlement_id: int, status: str, now: datetime) -> None:
    """The agencies' steps follow the citizen's answer: accepted opens them, a refusal or an
    expiry puts them on hold (an undo or a new request may still come), a revoked or
    superseded entitlement cancels them."""
    tasks = session.exec(select(Task).where(Task.entitlement_id == entitlement_id)).all()
    for task in tasks:
        if status == "accepted" and task.status in RESUMABLE:
            ready = not task.after
            task.status = "open" if ready else "waiting"
            task.opened_at = now if ready else None
            task.due_at = due_at(now, task.sla_working_days) if ready else None
        elif status in ("declined", "expired") and task.status in (
            "awaiting_consent",
            "open",
            "waiting",
        ):
            task.status = "on_hold"
        elif status in ("revoked", "superseded") and task.status not in ("done", "rejected"):
            task.status = "cancelled"
            task.closed_at = now
            task.reason = f"the entitlement was {status}"
        else:
            continue
        session.add(task)


def release_successors(session: Session, finished: Task, now: datetime) -> None:
    """Open the waiting steps whose predecessors are all done."""
    siblings = session.exec(
        select(Task).where(Task.entitlement_id == finished.entitlement_id)
    ).all()
    done = {t.step_id for t in siblings if t.status == "done"}
    for task in siblings:
        if task.status == "waiting" and set(task.after) <= done:
            task.status = "open"
            task.opened_at = now
            task.due_at = due_at(now, task.sla_working_days)
            session.add(task)


def cancel_open_tasks(session: Session, entitlement_id: int, why: str, now: datetime) -> None:
    for task in session.exec(
        select(Task).where(
            Task.entitlement_id == entitlement_id, col(Task.status).in_(("open", "waiting"))
        )
    ).all():
        task.status = "cancelled"
        task.closed_at = now
        task.reason = why
        session.add(task)


class TaskError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@overload
def aware(moment: datetime) -> datetime: ...
@overload
def aware(moment: None) -> None: ...
def aware(moment: datetime | None) -> datetime | None:
    """A stored time with its zone (SQLite gives them back without one)."""
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


def task_view(task: Task, now: datetime) -> dict[str, Any]:
    due = aware(task.due_at)
    closed = aware(task.closed_at)
    claimed = aware(task.claimed_at)
    return {
        "id": task.id,
        "case_id": task.case_id,
        "entitlement_id": task.entitlement_id,
        "step_id": task.step_id,
        "agency": task.agency,
        "action": task.action,
        "status": task.status,
        "overdue": task.status == "open" and due is not None and due < now,
        "due_at": due.isoformat() if due else None,
        "due_local": local(due).isoformat() if due else None,
        "sla_working_days": task.sla_working_days,
        "claimed_at": claimed.isoformat() if claimed else None,
        "claimed_by": task.claimed_by,
        "closed_at": closed.isoformat() if closed else None,
        "closed_by": task.closed_by,
        "on_time": None if due is None or closed is None else closed <= due,
        "reason": task.reason,
    }


def agency_tasks(db: Any, agency: str, status: str, now: datetime) -> list[Task]:
    with Session(db) as session:
        query = select(Task).where(Task.agency == agency).order_by(col(Task.id))
        if status == "overdue":
            query = query.where(Task.status == "open", col(Task.due_at) < now)
        else:
            query = query.where(Task.status == status)
        return list(session.exec(query).all())


def _open_task(session: Session, task_id: int, agency: str) -> Task:
    task = session.get(Task, task_id, with_for_update=True)
    if task is None:
        raise TaskError(404, f"no task {task_id}")
    if agency != task.agency:
        raise TaskError(403, f"task {task_id} belongs to {task.agency}")
    if task.status != "open":
        raise TaskError(409, f"task {task_id} is {task.status}; only open tasks can be worked on")
    return task


def check_task_owner(session: Session, task_id: int, agency: str) -> None:
    """404 for a task that does not exist, 403 for another agency's: what a caller hears
    before their body is read."""
    task = session.get(Task, task_id)
    if task is None:
        raise TaskError(404, f"no task {task_id}")
    if agency != task.agency:
        raise TaskError(403, f"task {task_id} belongs to {task.agency}")


def claim_task(session: Session, task_id: int, agency: str, actor: str, now: datetime) -> Task:
    """An official takes the task into their own work; claiming one's own again changes
    nothing, another official's claim is a conflict."""
    task = _open_task(session, task_id, agency)
    if task.claimed_by is not None and task.claimed_by != actor:
        raise TaskError(409, f"task {task_id} is already taken by another official")
    if task.claimed_by is None:
        task.claimed_at = now
        task.claimed_by = actor
        session.add(task)
        log.info("fulfilment.task.claimed task=%s agency=%s", task.id, agency)
    return task


def close_task(
    session: Session,
    task_id: int,
    agency: str,
    status: str,
    reason: str | None,
    now: datetime,
    actor: str | None = None,
) -> Task:
    """Complete or reject an open task; ``actor`` is who did it (an official's label), the
    agency when nobody is named. A task closed without a claim is claimed at that moment."""
    task = _open_task(session, task_id, agency)
    actor = actor or agency
    if task.claimed_by is None:
        task.claimed_at = now
        task.claimed_by = actor
    task.status = status
    task.closed_at = now
    task.closed_by = actor
    task.reason = reason
    session.add(task)
    session.flush()
    if status == "done":
        release_successors(session, task, now)
    log.info("fulfilment.task.%s task=%s agency=%s", status, task.id, agency)
    return task
