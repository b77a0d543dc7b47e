"""Working through stored registry events: claim, detect the life events, gather facts, decide
and correct, then write it all in one transaction with the event marked done.

Transient failures (a registry not answering) are retried with exponential backoff; permanent
ones (bad data) go to the dead-letter table with their reason and payload, and the feed keeps
flowing."""

from __future__ import annotations

import logging
import os
import socket
from datetime import date, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from engine.db import transaction
from engine.iinmask import mask, mask_iins
from engine.kernel.catalogue import Catalogue
from engine.kernel.life_events import LifeEvent
from engine.metrics import METRICS
from engine.pipeline.assessment import Assessment
from engine.pipeline.claims import claim_batch, release_expired
from engine.pipeline.corrections import CorrectionPlan, plan_corrections
from engine.pipeline.decide import assess, record, rules_in_force
from engine.pipeline.facts import gather
from engine.pipeline.milestones import MILESTONE_REGISTRY
from engine.pipeline.models import DeadLetter
from engine.registries.client import RegistryUnavailable
from engine.registries.models import InboundEvent
from engine.registries.watcher import backoff_delay
from engine.services import Services

log = logging.getLogger("engine.process")

MAX_ATTEMPTS = 8


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def life_events_of(catalogue: Catalogue, event: InboundEvent) -> list[LifeEvent]:
    if event.registry_name == MILESTONE_REGISTRY:
        life_event = catalogue.life_events.get(event.type.removeprefix("milestone."))
        return [life_event] if life_event else []
    return catalogue.life_events_for(event.registry_name, event.type)


def fact_readers(
    catalogue: Catalogue, life_event: LifeEvent, data: dict[str, object]
) -> dict[str, str]:
    """For each fact, the agency of a rule in force that reads it: the registry records the
    read on that agency's behalf."""
    try:
        on = date.fromisoformat(str(data[life_event.date_field]))
    except (KeyError, ValueError):
        return {}
    readers: dict[str, set[str]] = {}
    for compiled in rules_in_force(catalogue, life_event.id, on):
        for path in compiled.fact_paths:
            readers.setdefault(path.split(".", 1)[0], set()).add(compiled.rule.agency)
    return {fact: sorted(agencies)[0] for fact, agencies in readers.items()}


class BadEvent(ValueError):
    """The event's data cannot be processed as it is."""


async def _prepare(
    services: Services, event: InboundEvent
) -> tuple[list[Assessment], CorrectionPlan]:
    catalogue = services.catalogue.current
    assessments = []
    for life_event in life_events_of(catalogue, event):
        missing = [f for f in (life_event.date_field,) if not event.data.get(f)]
        if missing:
            raise BadEvent(f"event data lacks {', '.join(missing)} for life event {life_event.id}")
        readers = fact_readers(catalogue, life_event, event.data)
        parties, facts = await gather(life_event, event.data, services.registries, readers)
        assessments.append(assess(catalogue, life_event, event.data, parties, facts))
    plan = await plan_corrections(
        services.db, catalogue, services.registries, event, services.clock.today()
    )
    return assessments, plan


async def process_event(services: Services, event_id: int, worker: str) -> str:
    """Decide on one claimed event; returns its new status."""
    with Session(services.db) as session:
        event = session.get(InboundEvent, event_id)
    if event is None:
        return "missing"
    try:
        assessments, plan = await _prepare(services, event)
    except RegistryUnavailable as error:
        return _retry_later(services, event_id, str(error))
    except (BadEvent, KeyError, ValueError, TypeError) as error:
        return _dead_letter(services, event_id, f"{type(error).__name__}: {error}")

    try:
        status = _write(services, event_id, worker, assessments, plan)
    except IntegrityError as error:
        # a concurrent worker wrote the same entitlement first: look again later
        return _retry_later(services, event_id, f"conflict: {error.orig}")
    except Exception as error:  # one bad event must never stop the queue
        log.exception("engine.event.write_failed event_id=%s", event_id)
        return _dead_letter(services, event_id, f"{type(error).__name__}: {error}")
    METRICS.inc("engine_events_processed_total", status=status)
    log.info(
        "engine.event.processed event=%s type=%s subject=%s status=%s",
        mask_iins(event.event_id),
        event.type,
        mask(event.subject_key),
        status,
    )
    return status


def _write(
    services: Services,
    event_id: int,
    worker: str,
    assessments: list[Assessment],
    plan: CorrectionPlan,
) -> str:
    """Everything decided about the event, and the event marked done, in one transaction."""
    now = services.clock.now()
    with transaction(services.db) as session:
        stored = session.get(InboundEvent, event_id, with_for_update=True)
        if stored is None or stored.status != "processing" or stored.locked_by != worker:
            return stored.status if stored else "missing"  # the lease was lost meanwhile
        assert stored.id is not None
        for assessment in assessments:
            record(session, stored.id, assessment, now)
        plan.apply(session, now)
        changed = assessments or plan.deceased or plan.reassessments
        stored.status = "processed" if changed else "ignored"
        stored.processed_at = now
        stored.locked_by = None
        stored.locked_until = None
        session.add(stored)
        return stored.status


def _retry_later(services: Services, event_id: int, reason: str) -> str:
    now = services.clock.now()
    with transaction(services.db) as session:
        stored = session.get(InboundEvent, event_id, with_for_update=True)
        if stored is None:
            return "missing"
        stored.attempts += 1
        stored.error = reason[:2000]
        stored.locked_by = None
        stored.locked_until = None
        if stored.attempts >= MAX_ATTEMPTS:
            stored.status = "failed"
            session.add(_letter(stored, f"gave up after {stored.attempts} attempts: {reason}", now))
        else:
            stored.status = "pending"
            stored.available_at = now + backoff_delay(stored.attempts)
        session.add(stored)
        status = stored.status
    METRICS.inc("engine_event_retries_total")
    log.warning("engine.event.retry event_id=%s reason=%s", event_id, reason)
    return status


def _dead_letter(services: Services, event_id: int, reason: str) -> str:
    now = services.clock.now()
    with transaction(services.db) as session:
        stored = session.get(InboundEvent, event_id, with_for_update=True)
        if stored is None:
            return "missing"
        stored.status = "failed"
        stored.error = reason[:2000]
        stored.attempts += 1
        stored.locked_by = None
        stored.locked_until = None
        session.add(stored)
        session.add(_letter(stored, reason, now))
    METRICS.inc("engine_dead_letters_total", kind="event")
    log.error("engine.event.dead_lettered event_id=%s reason=%s", event_id, reason)
    return "failed"


def _letter(event: InboundEvent, reason: str, now: datetime) -> DeadLetter:
    return DeadLetter(
        inbound_event_id=event.id,
        kind="event",
        reason=reason[:2000],
        payload={
            "registry": event.registry_name,
            "event_id": event.event_id,
            "type": event.type,
            "data": event.data,
        },
        created_at=now,
    )


async def process_pending(services: Services, limit: int = 200, worker: str | None = None) -> int:
    """Claim and process ready events until none is left or ``limit`` were handled."""
    worker = worker or worker_name()
    handled = 0
    release_expired(services.db, services.clock.now())
    while handled < limit:
        ids = claim_batch(
            services.db,
            worker,
            services.clock.now(),
            min(services.settings.claim_batch_size, limit - handled),
            timedelta(seconds=services.settings.claim_lease_seconds),
        )
        if not ids:
            break
        for event_id in ids:
            await process_event(services, event_id, worker)
        handled += len(ids)
    return handled
