"""Live updates for the control room (server-sent events): life events, inbox changes (offers,
answers, payments), tasks closed and dead letters, as they are written. The stream reads the
engine's tables, so it works whichever process wrote the rows; it carries no personal data."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from engine.fulfilment.service import aware
from engine.inbox.models import InboxItem, InboxTimeline
from engine.pipeline.models import Case, DeadLetter, Task

POLL_SECONDS = 0.5
HEARTBEAT_SECONDS = 15.0


@dataclass
class Watermark:
    """Where the stream got to in each table."""

    case_at: datetime | None
    timeline_id: int
    dead_letter_id: int
    task_closed_at: datetime | None


def _start(db: Engine) -> Watermark:
    with Session(db) as session:
        return Watermark(
            case_at=session.exec(select(func.max(Case.created_at))).one(),
            timeline_id=session.exec(select(func.max(InboxTimeline.id))).one() or 0,
            dead_letter_id=session.exec(select(func.max(DeadLetter.id))).one() or 0,
            task_closed_at=session.exec(select(func.max(Task.closed_at))).one(),
        )


def _news(db: Engine, mark: Watermark) -> list[tuple[str, dict[str, Any]]]:
    news: list[tuple[str, dict[str, Any]]] = []
    with Session(db) as session:
        cases = session.exec(
            select(Case)
            .where(col(Case.created_at) > mark.case_at if mark.case_at else True)
            .order_by(col(Case.created_at))
            .limit(200)
        ).all()
        steps = session.exec(
            select(InboxTimeline, InboxItem)
            .join(InboxItem, col(InboxItem.id) == col(InboxTimeline.item_id))
            .where(col(InboxTimeline.id) > mark.timeline_id)
            .order_by(col(InboxTimeline.id))
            .limit(500)
        ).all()
        letters = session.exec(
            select(DeadLetter).where(col(DeadLetter.id) > mark.dead_letter_id).limit(200)
        ).all()
        closed = session.exec(
            select(Task)
            .where(col(Task.closed_at) > mark.task_closed_at if mark.task_closed_at else True)
            .where(col(Task.closed_at).is_not(None))
            .order_by(col(Task.closed_at))
            .limit(200)
        ).all()
    for case in cases:
        news.append(
            (
                "life_event",
                {"case_id": case.id, "life_event": case.life_event, "region": case.region},
            )
        )
        mark.case_at = case.created_at
    for step, item in steps:
        news.append(
            (
                "inbox",
                {
                    "case_id": item.case_id,
                    "item_id": item.id,
                    "rule_id": item.rule_id,
                    "action": step.action,
                    "status": step.status_to,
                    "channel": step.channel,
                },
            )
        )
        mark.timeline_id = max(mark.timeline_id, step.id or 0)
    for task in closed:
        news.append(
            (
                "task",
                {
                    "case_id": task.case_id,
                    "task_id": task.id,
                    "agency": task.agency,
                    "status": task.status,
                },
            )
        )
        mark.task_closed_at = task.closed_at
    for letter in letters:
        news.append(
            (
                "dead_letter",
                {"id": letter.id, "case_id": letter.payload.get("case_id"), "kind": letter.kind},
            )
        )
        mark.dead_letter_id = max(mark.dead_letter_id, letter.id or 0)
    return news


def _frame(kind: str, data: dict[str, Any]) -> str:
    return f"event: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


async def events(
    db: Engine, disconnected: Callable[[], Any], *, poll: float = POLL_SECONDS
) -> AsyncIterator[str]:
    """The stream: a ``ready`` event, then news as it is written, and a comment now and then
    so that proxies keep the connection open."""
    mark = await asyncio.to_thread(_start, db)
    yield _frame("ready", {"since": aware(mark.case_at).isoformat() if mark.case_at else None})
    quiet = 0.0
    while not await disconnected():
        news = await asyncio.to_thread(_news, db, mark)
        for kind, data in news:
            yield _frame(kind, data)
        quiet = 0.0 if news else quiet + poll
        if quiet >= HEARTBEAT_SECONDS:
            quiet = 0.0
            yield ": still here\n\n"
        await asyncio.sleep(poll)
