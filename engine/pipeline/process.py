"""Working through stored registry events: detect the life event, gather facts, decide."""

from __future__ import annotations

import logging

from sqlmodel import Session, col, select

from engine.db import transaction
from engine.kernel.evaluate import RuleError
from engine.pipeline.decide import Assessment, assess, record
from engine.pipeline.facts import gather_facts, parties_of
from engine.registries.client import RegistryUnavailable
from engine.registries.models import InboundEvent
from engine.services import Services

log = logging.getLogger("engine.process")

MAX_ATTEMPTS = 5


def pending_events(services: Services, limit: int) -> list[InboundEvent]:
    with Session(services.db) as session:
        query = (
            select(InboundEvent)
            .where(InboundEvent.status == "pending")
            .order_by(col(InboundEvent.id))
            .limit(limit)
        )
        return list(session.exec(query).all())


async def process_event(services: Services, event: InboundEvent) -> str:
    """Decide on one event; returns its new status."""
    catalogue = services.catalogue.current
    life_events = catalogue.life_events_for(event.registry_name, event.type)
    try:
        assessments: list[Assessment] = []
        for life_event in life_events:
            parties = parties_of(life_event, event.data)
            facts = await gather_facts(life_event, parties, services.registries)
            assessments.append(assess(catalogue, life_event, event.data, parties, facts))
    except RegistryUnavailable as error:
        return _retry_later(services, event, str(error))
    except (RuleError, KeyError, ValueError) as error:
        return _fail(services, event, f"{type(error).__name__}: {error}")

    now = services.clock.now()
    with transaction(services.db) as session:
        stored = session.get(InboundEvent, event.id, with_for_update=True)
        if stored is None or stored.status != "pending":
            return stored.status if stored else "missing"
        for assessment in assessments:
            record(session, stored, assessment, now)
        stored.status = "processed" if assessments else "ignored"
        stored.processed_at = now
        session.add(stored)
        return stored.status


def _retry_later(services: Services, event: InboundEvent, reason: str) -> str:
    with transaction(services.db) as session:
        stored = session.get(InboundEvent, event.id)
        if stored is None:
            return "missing"
        stored.attempts += 1
        stored.error = reason
        if stored.attempts >= MAX_ATTEMPTS:
            stored.status = "failed"
        session.add(stored)
        log.warning("engine.event.retry event=%s attempts=%d", stored.event_id, stored.attempts)
        return stored.status


def _fail(services: Services, event: InboundEvent, reason: str) -> str:
    with transaction(services.db) as session:
        stored = session.get(InboundEvent, event.id)
        if stored is None:
            return "missing"
        stored.status = "failed"
        stored.error = reason
        stored.attempts += 1
        session.add(stored)
        log.error("engine.event.failed event=%s reason=%s", stored.event_id, reason)
        return "failed"


async def process_pending(services: Services, limit: int = 100) -> int:
    """Process stored events in arrival order; returns how many were handled."""
    handled = 0
    for event in pending_events(services, limit):
        await process_event(services, event)
        handled += 1
    return handled
