"""Evaluating an existing case again: after a registry correction, a change of a citizen's
situation, or a new version of a rule or parameter."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from engine.kernel.catalogue import Catalogue
from engine.pipeline.assessment import Assessment
from engine.pipeline.decide import apply_outcomes, assess
from engine.pipeline.facts import gather
from engine.pipeline.models import Case, CaseParty
from engine.registries.client import RegistryClient
from engine.registries.models import InboundEvent

# How far back a case stays open to re-evaluation (covers the childcare allowance to 1.5 years).
OPEN_CASE_DAYS = 548


def open_cases_of(
    db: Engine, iin: str, today: date, life_events: set[str] | None = None
) -> list[Case]:
    """Cases in which the person is a party, recent enough to be re-evaluated."""
    since = today - timedelta(days=OPEN_CASE_DAYS)
    parties = select(CaseParty.case_id).where(CaseParty.iin == iin)
    query = select(Case).where(col(Case.id).in_(parties), col(Case.event_date) >= since)
    if life_events is not None:
        query = query.where(col(Case.life_event).in_(life_events))
    with Session(db) as session:
        return list(session.exec(query.order_by(col(Case.created_at))).all())


def cases_of_life_events(db: Engine, life_events: set[str], today: date) -> list[Case]:
    since = today - timedelta(days=OPEN_CASE_DAYS)
    with Session(db) as session:
        query = (
            select(Case)
            .where(col(Case.life_event).in_(life_events), col(Case.event_date) >= since)
            .order_by(col(Case.created_at))
        )
        return list(session.exec(query).all())


def original_data(db: Engine, case: Case) -> dict[str, Any]:
    with Session(db) as session:
        event = session.get(InboundEvent, case.inbound_event_id)
        return dict(event.data) if event else {}


async def reassess_case(
    catalogue: Catalogue,
    client: RegistryClient,
    case: Case,
    data: dict[str, Any],
    rule_ids: set[str] | None = None,
) -> Assessment | None:
    """A fresh assessment of the case with current registry facts; None when the life event
    is no longer in the catalogue."""
    life_event = catalogue.life_events.get(case.life_event)
    if life_event is None:
        return None
    parties, facts = await gather(life_event, data, client)
    assessment = assess(catalogue, life_event, data, parties, facts)
    if rule_ids is not None:
        assessment.outcomes = [o for o in assessment.outcomes if o.compiled.rule.id in rule_ids]
    return assessment


def apply_reassessment(
    session: Session, case: Case, assessment: Assessment, now: datetime, reason: str
) -> None:
    stored = session.get(Case, case.id)
    assert stored is not None
    apply_outcomes(session, stored, assessment, now, reason=reason)
