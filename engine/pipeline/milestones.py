"""Time milestones (an age reached on a date): a daily, idempotent job finds the people whose
milestone date fell since its last run, through the population registry's birth-date index,
and stores each milestone once as an event for the processor. After downtime it catches up
from where it stopped."""

from __future__ import annotations

import hashlib
import logging
from datetime import date, datetime, timedelta

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from engine.db import transaction
from engine.inbox.timeutil import local
from engine.kernel.life_events import LifeEvent, milestone_birth_range, milestone_date
from engine.kernel.parameters import ParameterStore
from engine.metrics import METRICS
from engine.pipeline.models import JobState
from engine.registries.models import InboundEvent
from engine.services import Services

log = logging.getLogger("engine.milestones")

MILESTONE_REGISTRY = "milestones"
STATE_KEY = "milestones:last_date"
PAGE = 500


def milestone_type(life_event: LifeEvent) -> str:
    return f"milestone.{life_event.id}"


def milestone_life_events(services: Services) -> list[LifeEvent]:
    return [e for e in services.catalogue.current.life_events.values() if e.trigger.milestone]


def milestone_event_id(services: Services, life_event: LifeEvent, iin: str) -> str:
    """One milestone per person and life event, named without the IIN (event ids reach logs
    and dead letters): a keyed digest of it."""
    digest = hashlib.blake2b(
        iin.encode(), key=services.settings.secret.encode()[:64], digest_size=10
    ).hexdigest()
    return f"{life_event.id}:{digest}"


def last_run(services: Services) -> date | None:
    with Session(services.db) as session:
        state = session.get(JobState, STATE_KEY)
        return date.fromisoformat(state.value) if state else None


def remember_start(services: Services) -> None:
    """At start-up: the milestone job looks back from the day the engine first started (from
    yesterday, so today's milestones count), however late its first run comes or however far
    the clock has moved by then. The engine does not invent history before that day."""
    today = local(services.clock.now()).date()
    try:
        with transaction(services.db) as session:
            if session.get(JobState, STATE_KEY) is None:
                session.add(
                    JobState(
                        name=STATE_KEY,
                        value=(today - timedelta(days=1)).isoformat(),
                        updated_at=services.clock.now(),
                    )
                )
    except IntegrityError:
        pass  # another process of the deployment recorded it first


async def detect_milestones(services: Services, today: date | None = None) -> int:
    """Store the milestones reached in (last run, today] (Almaty's dates); returns how many
    were new. Without a recorded start, the first run starts from yesterday."""
    today = today or local(services.clock.now()).date()
    since = last_run(services) or today - timedelta(days=1)
    if since >= today:
        return 0
    parameters = services.catalogue.current.parameters
    found: list[tuple[LifeEvent, dict[str, str]]] = []
    for life_event in milestone_life_events(services):
        found.extend(
            (life_event, data)
            for data in await _reached(services, life_event, since, today, parameters)
        )
    now = services.clock.now()
    new = _store(services, found, since, today, now)
    METRICS.inc("engine_milestones_total", new)
    log.info("engine.milestones.detected since=%s until=%s new=%d", since, today, new)
    return new


async def _reached(
    services: Services, life_event: LifeEvent, since: date, today: date, parameters: ParameterStore
) -> list[dict[str, str]]:
    milestone = life_event.trigger.milestone
    assert milestone is not None
    born_from, born_to = milestone_birth_range(milestone, since, today, parameters)
    reached = []
    offset = 0
    while True:
        page = await services.registries.persons_born_between(
            born_from, born_to, sex=milestone.sex, offset=offset, limit=PAGE
        )
        for person in page:
            birth = date.fromisoformat(person["birth_date"])
            when = milestone_date(milestone, birth, parameters)
            if since < when <= today:
                reached.append(
                    {
                        "iin": person["iin"],
                        "birth_date": person["birth_date"],
                        "sex": person["sex"],
                        "milestone_date": when.isoformat(),
                    }
                )
        if len(page) < PAGE:
            return reached
        offset += PAGE


def _store(
    services: Services,
    found: list[tuple[LifeEvent, dict[str, str]]],
    since: date,
    today: date,
    now: datetime,
) -> int:
    insert = pg_insert if services.db.dialect.name == "postgresql" else sqlite_insert
    new = 0
    with transaction(services.db) as session:
        state = session.get(JobState, STATE_KEY, with_for_update=True)
        if state is not None and date.fromisoformat(state.value) >= today:
            return 0  # another scheduler got here first
        for life_event, data in found:
            statement = (
                insert(InboundEvent)
                .values(
                    registry_name=MILESTONE_REGISTRY,
                    event_id=milestone_event_id(services, life_event, data["iin"]),
                    type=milestone_type(life_event),
                    occurred_at=datetime.combine(
                        date.fromisoformat(data["milestone_date"]), datetime.min.time(), now.tzinfo
                    ),
                    received_at=now,
                    data=data,
                    subject_key=data["iin"],
                    status="pending",
                    attempts=0,
                    available_at=now,
                )
                .on_conflict_do_nothing(index_elements=["registry_name", "event_id"])
                .returning(col(InboundEvent.id))
            )
            new += len(session.connection().execute(statement).all())
        state = state or JobState(name=STATE_KEY, value=since.isoformat(), updated_at=now)
        state.value = today.isoformat()
        state.updated_at = now
        session.add(state)
    return new
