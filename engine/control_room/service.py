"""Cross-agency views over cases: one life event's journey through decisions, entitlements,
inbox items and agency tasks."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, or_, select

from engine.control_room.journey import actor_of, timeline
from engine.fulfilment.service import aware
from engine.inbox.models import InboxItem
from engine.inbox.timeutil import local
from engine.pipeline.models import Case, CaseParty, Decision, Entitlement, Task


def recent_cases(db: Engine, limit: int) -> list[Case]:
    with Session(db) as session:
        query = select(Case).order_by(col(Case.created_at).desc(), col(Case.id)).limit(limit)
        return list(session.exec(query).all())


def case_summary(case: Case) -> dict[str, Any]:
    return {
        "id": case.id,
        "life_event": case.life_event,
        "subject_iin": case.subject_iin,
        "event_date": case.event_date.isoformat(),
        "parties": case.parties,
        "created_at": case.created_at.isoformat(),
    }


def cases_of(db: Engine, iin: str) -> list[dict[str, Any]]:
    """The cases in which the person is the subject or any party, newest first."""
    parties = select(CaseParty.case_id).where(CaseParty.iin == iin)
    query = select(Case).where(or_(col(Case.id).in_(parties), Case.subject_iin == iin))
    with Session(db) as session:
        cases = session.exec(query.order_by(col(Case.created_at).desc())).all()
        return [case_summary(c) for c in cases]


def journey(db: Engine, case_id: str) -> dict[str, Any] | None:
    """Everything that happened in one case, in time order."""
    with Session(db) as session:
        case = session.get(Case, case_id)
        if case is None:
            return None
        decisions = session.exec(select(Decision).where(Decision.case_id == case_id)).all()
        entitlements = session.exec(select(Entitlement).where(Entitlement.case_id == case_id)).all()
        tasks = session.exec(select(Task).where(Task.case_id == case_id)).all()
        items = session.exec(select(InboxItem).where(InboxItem.case_id == case_id)).all()
    return {
        **case_summary(case),
        "decisions": [_decision(d) for d in decisions],
        "entitlements": [_entitlement(e) for e in entitlements],
        "tasks": [_task(t) for t in tasks],
        "inbox_items": [_item(i) for i in items],
        "timeline": timeline(db, case),
    }


def _kzt(tiyn: int | None) -> int | None:
    return None if tiyn is None else tiyn // 100


def _decision(d: Decision) -> dict[str, Any]:
    return {
        "id": d.id,
        "rule_id": d.rule_id,
        "rule_version": d.rule_version,
        "outcome": d.outcome,
        "amount_kzt": _kzt(d.amount_tiyn),
        "shadow": d.shadow,
        "current": d.current,
        "trace": d.trace,
        "receipt": d.receipt,
    }


def _entitlement(e: Entitlement) -> dict[str, Any]:
    return {
        "id": e.id,
        "rule_id": e.rule_id,
        "recipient_iin": e.recipient_iin,
        "amount_kzt": _kzt(e.amount_tiyn),
        "status": e.status,
        "kind": e.kind,
        "supersedes_id": e.supersedes_id,
        "reason": e.reason,
        "overpaid_kzt": _kzt(e.overpaid_tiyn),
        "dedup_key": e.dedup_key,
    }


def _task(t: Task) -> dict[str, Any]:
    due = aware(t.due_at) if t.due_at else None
    closed = aware(t.closed_at) if t.closed_at else None
    return {
        "id": t.id,
        "entitlement_id": t.entitlement_id,
        "step_id": t.step_id,
        "agency": t.agency,
        "action": t.action,
        "status": t.status,
        "due_at": due.isoformat() if due else None,
        "due_local": local(due).isoformat() if due else None,
        "claimed_by": actor_of(t.claimed_by) if t.claimed_by else None,
        "closed_by": actor_of(t.closed_by) if t.closed_by else None,
        "on_time": None if due is None or closed is None else closed <= due,
    }


def _item(i: InboxItem) -> dict[str, Any]:
    return {
        "id": i.id,
        "citizen_iin": i.citizen_iin,
        "rule_id": i.rule_id,
        "status": i.status,
        "amount_kzt": i.amount_kzt,
    }


def summary(db: Engine) -> dict[str, Any]:
    """The control room's key figures."""
    from sqlalchemy import func

    from engine.pipeline.models import DeadLetter
    from engine.registries.models import FeedCursor, InboundEvent

    with Session(db) as session:

        def grouped(column: Any, model: Any, *where: Any) -> dict[str, int]:
            query = select(column, func.count()).select_from(model).where(*where).group_by(column)
            return {str(key): int(n) for key, n in session.exec(query).all()}

        shadow = session.exec(
            select(Decision.rule_id, func.count(), func.sum(Decision.amount_tiyn))
            .where(col(Decision.shadow).is_(True), Decision.outcome == "eligible")
            .group_by(col(Decision.rule_id))
        ).all()
        feeds = session.exec(select(FeedCursor).order_by(col(FeedCursor.registry_name))).all()
        cases = session.exec(select(func.count()).select_from(Case)).one()
        return {
            "cases": int(cases),
            "cases_by_life_event": grouped(Case.life_event, Case),
            "decisions_by_outcome": grouped(
                Decision.outcome, Decision, col(Decision.shadow).is_(False)
            ),
            "entitlements_by_status": grouped(Entitlement.status, Entitlement),
            "inbox_by_status": grouped(InboxItem.status, InboxItem),
            "tasks_by_status": grouped(Task.status, Task),
            "events_by_status": grouped(InboundEvent.status, InboundEvent),
            "dead_letters_open": int(
                session.exec(
                    select(func.count()).select_from(DeadLetter).where(DeadLetter.status == "open")
                ).one()
            ),
            "shadow": [
                {"rule_id": rule, "would_offer": int(n), "would_cost_kzt": int(total or 0) // 100}
                for rule, n, total in shadow
            ],
            "feeds": [
                {
                    "registry": f.registry_name,
                    "cursor": f.cursor,
                    "lag_seconds": round(f.lag_seconds, 1),
                    "events_total": f.events_total,
                    "consecutive_failures": f.consecutive_failures,
                    "last_error": f.last_error,
                }
                for f in feeds
            ],
        }
