"""The inbox's periodic jobs: reminders before an offer expires, and expiry after its window.
Each takes the services and the simulated clock's "now", so a test or a demo that jumps
days ahead sees exactly what a citizen would."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from engine.db import transaction
from engine.inbox.models import InboxItem
from engine.inbox.policy import next_reminder
from engine.inbox.service import SYSTEM, note, transition
from engine.notify.outbox import enqueue
from engine.pipeline.models import Task
from engine.services import Services

BATCH = 500


def _locked(session: Session, query: object) -> list[InboxItem]:
    statement = query.with_for_update(skip_locked=True)  # type: ignore[attr-defined]
    return list(session.exec(statement).all())


def expire_offers(services: Services) -> int:
    """Offers not answered in their window become ``expired``; the citizen is told they can
    still ask for them again."""
    now = services.clock.now()
    with transaction(services.db) as session:
        items = _locked(
            session,
            select(InboxItem)
            .where(InboxItem.status == "offered", col(InboxItem.expires_at) <= now)
            .order_by(col(InboxItem.id))
            .limit(BATCH),
        )
        by_bundle: dict[int, list[InboxItem]] = {}
        for item in items:
            transition(session, item, "expired", action="expired", actor=SYSTEM, now=now)
            if item.bundle_id is not None:
                by_bundle.setdefault(item.bundle_id, []).append(item)
        for bundle_id, members in by_bundle.items():
            _tell(session, "expired", bundle_id, members, now)
    return len(items)


def send_reminders(services: Services) -> int:
    """One reminder per offer (bundle) whose reminder time has come, never after expiry."""
    now = services.clock.now()
    with transaction(services.db) as session:
        items = _locked(
            session,
            select(InboxItem)
            .where(
                InboxItem.status == "offered",
                col(InboxItem.next_reminder_at) <= now,
                col(InboxItem.expires_at) > now,
            )
            .order_by(col(InboxItem.id))
            .limit(BATCH),
        )
        by_bundle: dict[int, list[InboxItem]] = {}
        for item in items:
            item.reminders_sent += 1
            assert item.expires_at is not None
            upcoming = next_reminder(
                item.expires_at, list(item.reminder_hours), item.reminders_sent, now
            )
            item.next_reminder_at = upcoming if upcoming and upcoming > now else None
            session.add(item)
            note(session, item, "reminder_due", SYSTEM, now)
            if item.bundle_id is not None:
                by_bundle.setdefault(item.bundle_id, []).append(item)
        for bundle_id, members in by_bundle.items():
            _tell(session, "reminder", bundle_id, members, now)
    return len(by_bundle)


def _tell(
    session: Session, kind: str, bundle_id: int, members: list[InboxItem], now: datetime
) -> None:
    first = members[0]
    enqueue(
        session,
        dedup_key=f"bundle:{bundle_id}:{kind}:{now.isoformat()}",
        kind=kind,
        citizen_iin=first.citizen_iin,
        bundle_id=bundle_id,
        now=now,
        context={"item_ids": [m.id for m in members]},
    )


FOLLOWED = ("accepted", "granted", "in_fulfilment")


def follow_fulfilment(services: Services) -> int:
    """The item shows how the agencies' work on it goes: ``in_fulfilment`` once a step is
    done, ``paid`` (money) or ``granted`` when every step is done, ``rejected`` when an agency
    refused a step, with its reason. Offers not yet accepted are left alone."""
    now = services.clock.now()
    moved = 0
    with transaction(services.db) as session:
        items = _locked(
            session,
            select(InboxItem)
            .where(col(InboxItem.status).in_(FOLLOWED), col(InboxItem.entitlement_id).is_not(None))
            .order_by(col(InboxItem.id))
            .limit(BATCH),
        )
        for item in items:
            tasks = session.exec(
                select(Task).where(Task.entitlement_id == item.entitlement_id)
            ).all()
            if not tasks:
                continue
            rejected = [t for t in tasks if t.status == "rejected"]
            done = [t for t in tasks if t.status == "done"]
            if rejected:
                target, note_text = "rejected", rejected[0].reason or "refused by the agency"
            elif len(done) == len(tasks):
                target = "paid" if item.amount_kzt is not None else "granted"
                note_text = None
            elif done:
                target, note_text = "in_fulfilment", None
            else:
                continue
            if target == item.status:
                continue
            if target in ("paid", "granted") and item.status == "accepted":
                transition(
                    session, item, "in_fulfilment", action="in_fulfilment", actor=SYSTEM, now=now
                )
            if target == item.status:
                continue
            transition(session, item, target, action=target, actor=SYSTEM, now=now, note=note_text)
            _tell_status(session, item, target, now)
            moved += 1
    return moved


def _tell_status(session: Session, item: InboxItem, status: str, now: datetime) -> None:
    """The citizen hears from 1414 how the work on an item goes (assigned, paid, refused)."""
    if item.bundle_id is None:
        return
    enqueue(
        session,
        dedup_key=f"status:{item.id}:{status}",
        kind="status",
        citizen_iin=item.citizen_iin,
        bundle_id=item.bundle_id,
        now=now,
        context={"item_ids": [item.id], "status": status},
    )
