"""The control room's overview: what the state did without being asked, how fast, for how
much, how the agencies keep their deadlines, by day and by region. Every figure here is read
from the engine's own tables (the API and the page show the same numbers)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from statistics import median
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from engine.fulfilment.service import aware
from engine.inbox.models import InboxItem
from engine.inbox.timeutil import local
from engine.kernel.l10n import KZ_TIME
from engine.pipeline.models import Case, Task
from engine.registries.models import InboundEvent

DAYS_CHARTED = 14
MILESTONES = "milestones"
ENDED = ("superseded", "revoked")
TAKEN_UP = ("accepted", "in_fulfilment", "granted", "paid")


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=KZ_TIME)


def overview(db: Engine, now: datetime) -> dict[str, Any]:
    today = local(now).date()
    first_day = today - timedelta(days=DAYS_CHARTED - 1)
    with Session(db) as session:
        cases = session.exec(select(Case)).all()
        items = session.exec(select(InboxItem).where(col(InboxItem.status).not_in(ENDED))).all()
        tasks = session.exec(select(Task)).all()
        occurred = {
            event_id: _known_at(registry, occurred_at, received_at)
            for event_id, registry, occurred_at, received_at in session.exec(
                select(
                    InboundEvent.id,
                    InboundEvent.registry_name,
                    InboundEvent.occurred_at,
                    InboundEvent.received_at,
                ).where(col(InboundEvent.id).in_({c.inbound_event_id for c in cases}))
            ).all()
        }
    case_day = {c.id: local(aware(c.created_at)).date() for c in cases}
    statuses = Counter(i.status for i in items)
    answered = sum(statuses[s] for s in (*TAKEN_UP, "declined", "expired"))
    taken_up = sum(statuses[s] for s in TAKEN_UP)
    per_day_events = Counter(d for d in case_day.values() if d >= first_day)
    per_day_offers = Counter(
        local(aware(i.created_at)).date()
        for i in items
        if local(aware(i.created_at)).date() >= first_day
    )
    return {
        "today": today.isoformat(),
        "life_events": {
            "today": sum(1 for d in case_day.values() if d == today),
            "this_week": sum(1 for d in case_day.values() if d > today - timedelta(days=7)),
            "total": len(cases),
        },
        "offers": {
            "open": statuses["offered"],
            "taken_up": taken_up,
            "declined": statuses["declined"],
            "expired": statuses["expired"],
            "informed": statuses["informed"],
            "take_up_rate": round(taken_up / answered, 3) if answered else None,
        },
        "applications_avoided": sum(1 for i in items if i.delivery != "inform"),
        "money": {
            "offered_kzt": sum(i.amount_kzt or 0 for i in items if i.delivery != "inform"),
            "paid_kzt": sum(i.amount_kzt or 0 for i in items if i.status == "paid"),
        },
        "median_seconds_to_offer": _median_to_offer(cases, items, occurred),
        "agencies": _agencies(tasks, now),
        "per_day": [
            {
                "day": (first_day + timedelta(days=n)).isoformat(),
                "life_events": per_day_events[first_day + timedelta(days=n)],
                "offers": per_day_offers[first_day + timedelta(days=n)],
            }
            for n in range(DAYS_CHARTED)
        ],
        "funnel": {
            "offered": sum(1 for i in items if i.delivery == "consent"),
            "accepted": taken_up,
            "paid": statuses["paid"],
        },
        "regions": _regions(cases, items),
    }


def _known_at(registry: str, occurred_at: datetime, received_at: datetime) -> datetime:
    """When the state could know of the life event: the registry's record, or for an age
    reached (dated at midnight) the moment the engine noticed the new day."""
    return received_at if registry == MILESTONES else occurred_at


def _median_to_offer(cases: Any, items: Any, occurred: dict[int | None, datetime]) -> float | None:
    """From the registry's record of each life event to its first inbox item."""
    first_item: dict[str, datetime] = {}
    for item in items:
        at = aware(item.created_at)
        if item.case_id not in first_item or at < first_item[item.case_id]:
            first_item[item.case_id] = at
    waits = [
        (first_item[c.id] - aware(occurred[c.inbound_event_id])).total_seconds()
        for c in cases
        if c.id in first_item and c.inbound_event_id in occurred
    ]
    return round(median(max(0.0, w) for w in waits), 1) if waits else None


def _agencies(tasks: Any, now: datetime) -> list[dict[str, Any]]:
    by_agency: dict[str, list[Task]] = defaultdict(list)
    for task in tasks:
        by_agency[task.agency].append(task)
    rows = []
    for agency, own in sorted(by_agency.items()):
        open_tasks = [t for t in own if t.status == "open"]
        closed = [
            t for t in own if t.status in ("done", "rejected") and t.closed_at and t.opened_at
        ]
        timed = [t for t in closed if t.due_at is not None]
        on_time = [t for t in timed if _met(t)]
        hours = [_handling_hours(t) for t in closed]
        typical = median(hours) if hours else None
        overdue = [t for t in open_tasks if t.due_at is not None and aware(t.due_at) < now]
        at_risk = [
            t
            for t in open_tasks
            if t.due_at is not None
            and aware(t.due_at) >= now
            and typical is not None
            and aware(t.due_at) - now < timedelta(hours=typical)
        ]
        rows.append(
            {
                "agency": agency,
                "open": len(open_tasks),
                "overdue": len(overdue),
                "done": len(closed),
                "sla_compliance": round(len(on_time) / len(timed), 3) if timed else None,
                "median_handling_hours": None if typical is None else round(typical, 1),
                "predicted_breaches": len(at_risk),
            }
        )
    return rows


def _met(task: Task) -> bool:
    assert task.closed_at is not None and task.due_at is not None
    return aware(task.closed_at) <= aware(task.due_at)


def _handling_hours(task: Task) -> float:
    assert task.closed_at is not None and task.opened_at is not None
    return (aware(task.closed_at) - aware(task.opened_at)).total_seconds() / 3600


def _regions(cases: Any, items: Any) -> list[dict[str, Any]]:
    region_of = {c.id: c.region or "unknown" for c in cases}
    rows: dict[str, dict[str, int]] = defaultdict(
        lambda: {"life_events": 0, "offers": 0, "money_offered_kzt": 0}
    )
    for case in cases:
        rows[region_of[case.id]]["life_events"] += 1
    for item in items:
        row = rows[region_of.get(item.case_id, "unknown")]
        row["offers"] += 1
        if item.delivery != "inform":
            row["money_offered_kzt"] += item.amount_kzt or 0
    return [{"region": region, **figures} for region, figures in sorted(rows.items())]
