"""One case's journey as it really happened: every step with its own time (UTC and Almaty) and
its actor: the registry that recorded the life event, the engine, the citizen with the channel
they used, an official of an agency (or a simulated one in the demo)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from engine.audit.models import DataAccess
from engine.fulfilment.service import aware
from engine.inbox.models import InboxItem, InboxTimeline
from engine.inbox.timeutil import local
from engine.notify.models import Notification
from engine.pipeline.models import Case, Decision, Entitlement, Task
from engine.registries.models import InboundEvent

ENGINE = {"kind": "engine"}


def actor_of(label: str | None) -> dict[str, Any]:
    """What a stored actor label means: ``official:AGENCY:NAME``, ``simulated:AGENCY``, a bare
    agency code (an official of it), or the engine."""
    if not label or label in ("engine", "system"):
        return dict(ENGINE)
    kind, _, rest = label.partition(":")
    if kind == "official":
        agency, _, name = rest.partition(":")
        return {"kind": "official", "agency": agency, "name": name or None}
    if kind == "simulated":
        return {"kind": "simulated_official", "agency": rest}
    return {"kind": "official", "agency": label, "name": None}


def _entry(at: datetime, kind: str, actor: dict[str, Any], **body: Any) -> dict[str, Any]:
    moment = aware(at)
    return {
        "at": moment.isoformat(),
        "at_local": local(moment).isoformat(),
        "kind": kind,
        "actor": actor,
        **body,
    }


def _registry_event(event: InboundEvent) -> list[dict[str, Any]]:
    if event.registry_name == "milestones":
        recorded = {"kind": "engine", "job": "milestones"}
    else:
        recorded = {"kind": "registry", "registry": event.registry_name}
    return [
        _entry(event.occurred_at, "life_event", recorded, type=event.type),
        _entry(event.received_at, "event_received", ENGINE, registry=event.registry_name),
    ]


def _decision(d: Decision) -> dict[str, Any]:
    awaiting = [gap.get("reason") for gap in d.trace.get("awaiting", [])]
    return _entry(
        d.created_at,
        "decision",
        ENGINE,
        decision_id=d.id,
        rule_id=d.rule_id,
        rule_version=d.rule_version,
        outcome=d.outcome,
        amount_kzt=None if d.amount_tiyn is None else d.amount_tiyn // 100,
        shadow=d.shadow,
        current=d.current,
        awaiting=awaiting,
        projected=[gap.get("parameter") for gap in d.trace.get("projected", [])],
        note=d.trace.get("skipped") or d.trace.get("undelivered"),
    )


def _item_entry(item: InboxItem, step: InboxTimeline) -> dict[str, Any]:
    if step.actor in ("system", "engine"):
        actor: dict[str, Any] = dict(ENGINE)
    else:
        actor = {"kind": step.actor, "channel": step.channel}
    return _entry(
        step.at,
        "inbox",
        actor,
        item_id=item.id,
        rule_id=item.rule_id,
        action=step.action,
        status_from=step.status_from,
        status_to=step.status_to,
        note=step.note,
    )


def _task_entries(task: Task) -> list[dict[str, Any]]:
    body = {"task_id": task.id, "step_id": task.step_id, "agency": task.agency}
    due = aware(task.due_at) if task.due_at else None
    entries = [_entry(task.created_at, "task_created", ENGINE, status="created", **body)]
    if task.opened_at is not None:
        entries.append(
            _entry(
                task.opened_at,
                "task_opened",
                ENGINE,
                due_at=None if due is None else due.isoformat(),
                due_local=None if due is None else local(due).isoformat(),
                **body,
            )
        )
    if task.claimed_at is not None:
        entries.append(_entry(task.claimed_at, "task_claimed", actor_of(task.claimed_by), **body))
    if task.closed_at is not None and task.status in ("done", "rejected"):
        closed = aware(task.closed_at)
        entries.append(
            _entry(
                closed,
                "task_closed",
                actor_of(task.closed_by),
                status=task.status,
                reason=task.reason,
                on_time=None if due is None else closed <= due,
                **body,
            )
        )
    elif task.closed_at is not None:
        entries.append(
            _entry(task.closed_at, "task_closed", ENGINE, status=task.status, reason=task.reason)
        )
    return entries


def _message_entries(note: Notification) -> list[dict[str, Any]]:
    body = {"notification_id": note.id, "channel": note.channel, "template": note.template}
    entries = []
    if note.sent_at is not None:
        entries.append(_entry(note.sent_at, "message_sent", ENGINE, **body))
    if note.delivered_at is not None:
        entries.append(_entry(note.delivered_at, "message_delivered", ENGINE, **body))
    return entries


def _reads(
    session: Session, case: Case, event: InboundEvent | None, decided: datetime | None
) -> list[dict[str, Any]]:
    """The facts read for the case: each read of a party's record in a registry, on whose
    behalf and why, between the event's arrival and the first decision."""
    parties = [iin for iin in case.parties.values() if iin]
    if event is None or decided is None or not parties:
        return []
    reads = session.exec(
        select(DataAccess)
        .where(
            col(DataAccess.iin).in_(parties),
            col(DataAccess.at) >= event.received_at,
            col(DataAccess.at) <= decided,
        )
        .order_by(col(DataAccess.id))
    ).all()
    return [
        _entry(
            read.at,
            "facts_read",
            {"kind": "engine", "on_behalf_of": read.agency},
            registry=read.registry_name,
            agency=read.agency,
            purpose=read.purpose,
        )
        for read in reads
    ]


def timeline(db: Engine, case: Case) -> list[dict[str, Any]]:
    """Every step of the case in time order, each with its own time and actor."""
    with Session(db) as session:
        event = session.get(InboundEvent, case.inbound_event_id)
        decisions = session.exec(select(Decision).where(Decision.case_id == case.id)).all()
        entitlements = session.exec(select(Entitlement).where(Entitlement.case_id == case.id)).all()
        tasks = session.exec(select(Task).where(Task.case_id == case.id)).all()
        items = session.exec(select(InboxItem).where(InboxItem.case_id == case.id)).all()
        item_ids = [i.id for i in items if i.id is not None]
        steps = session.exec(
            select(InboxTimeline)
            .where(col(InboxTimeline.item_id).in_(item_ids))
            .order_by(col(InboxTimeline.id))
        ).all()
        bundles = {i.bundle_id for i in items if i.bundle_id is not None}
        notes = session.exec(
            select(Notification).where(col(Notification.bundle_id).in_(bundles))
        ).all()
        first_decision = min((d.created_at for d in decisions), default=None)
        reads = _reads(session, case, event, first_decision)
    by_item = {i.id: i for i in items}
    entries: list[dict[str, Any]] = []
    if event is not None:
        entries += _registry_event(event)
    entries += reads
    entries += [_decision(d) for d in decisions]
    entries += [
        _entry(
            e.created_at,
            "entitlement",
            ENGINE,
            entitlement_id=e.id,
            rule_id=e.rule_id,
            status=e.status,
            amount_kzt=None if e.amount_tiyn is None else e.amount_tiyn // 100,
        )
        for e in entitlements
    ]
    entries += [_item_entry(by_item[s.item_id], s) for s in steps]
    for task in tasks:
        entries += _task_entries(task)
    for note in notes:
        entries += _message_entries(note)
    entries.sort(key=lambda entry: entry["at"])
    return entries
