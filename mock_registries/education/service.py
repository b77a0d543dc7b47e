"""The kindergarten queue: children up to six wait for a place in their region; priority
categories go first, then the earlier request."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, col, func, select

from engine.kernel.dates import age_on
from mock_registries.common.codes import Region
from mock_registries.common.errors import FieldError
from mock_registries.common.feed import append_change
from mock_registries.common.records import record_json
from mock_registries.common.validators import IIN, Day, check_past_date
from mock_registries.education.models import TABLES, QueueEntry

QUEUE_AGE_LIMIT = 6

EXCLUDED = frozenset({"id", "created_at"})


class EnrolmentIn(BaseModel):
    child_iin: IIN
    requested_on: Day | None = None
    preferential: bool = False
    region: Region | None = None


def check_enrolment(body: EnrolmentIn, child: dict[str, Any] | None, today: date) -> date:
    requested = body.requested_on or today
    check_past_date("requested_on", requested, today)
    if child is None:
        raise FieldError("child_iin", "person.unknown")
    if not child["alive"]:
        raise FieldError("child_iin", "person.dead", death_date=child.get("death_date"))
    born = date.fromisoformat(child["birth_date"])
    if requested < born:
        raise FieldError("requested_on", "queue.before_birth", birth_date=born)
    age = age_on(born, requested)
    if age >= QUEUE_AGE_LIMIT:
        raise FieldError("child_iin", "queue.too_old", limit=QUEUE_AGE_LIMIT, age=age)
    return requested


def position(session: Session, entry: QueueEntry) -> int | None:
    """The entry's place in its region's queue (1 is next), or None once placed."""
    if entry.status != "waiting":
        return None
    preferential = col(QueueEntry.preferential)
    earlier = (col(QueueEntry.requested_on) < entry.requested_on) | (
        (col(QueueEntry.requested_on) == entry.requested_on) & (col(QueueEntry.id) < entry.id)
    )
    if entry.preferential:
        before = preferential.is_(True) & earlier
    else:
        before = preferential.is_(True) | (preferential.is_(False) & earlier)
    ahead = session.exec(
        select(func.count())
        .select_from(QueueEntry)
        .where(
            QueueEntry.region == entry.region,
            QueueEntry.status == "waiting",
            before,
        )
    ).one()
    return int(ahead) + 1


def entry_json(session: Session, entry: QueueEntry) -> dict[str, Any]:
    return {
        "entry_id": str(entry.id),
        **record_json(entry, EXCLUDED),
        "position": position(session, entry),
    }


def find_entry(session: Session, child_iin: str) -> QueueEntry | None:
    return session.exec(select(QueueEntry).where(QueueEntry.child_iin == child_iin)).first()


def enrol(
    session: Session,
    body: EnrolmentIn,
    requested: date,
    region: str,
    now: datetime,
) -> dict[str, Any]:
    existing = find_entry(session, body.child_iin)
    if existing is not None:
        raise FieldError("child_iin", "queue.queued", entry_id=existing.id)
    entry = QueueEntry(
        child_iin=body.child_iin,
        region=region,
        requested_on=requested,
        preferential=body.preferential,
        created_at=now,
    )
    session.add(entry)
    session.flush()
    place = position(session, entry)
    event_id = append_change(
        session.connection(),
        TABLES.feed,
        type="queue.enrolled",
        occurred_at=now,
        data={
            "entry_id": str(entry.id),
            "child_iin": entry.child_iin,
            "region": region,
            "position": place,
            "requested_on": requested.isoformat(),
            "preferential": body.preferential,
        },
    )
    return {"entry_id": str(entry.id), "position": place, "event_id": event_id}
