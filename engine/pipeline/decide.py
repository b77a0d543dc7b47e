"""From a stored registry event to cases, decisions, entitlements and inbox items, written in
one transaction."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from engine.inbox.service import create_item
from engine.kernel.catalogue import Catalogue
from engine.kernel.compiled import CompiledRule
from engine.kernel.evaluate import Evaluation, dedup_key, evaluate, inbox_texts
from engine.kernel.life_events import LifeEvent
from engine.pipeline.models import Case, Decision, Entitlement
from engine.registries.models import InboundEvent

log = logging.getLogger("engine.decide")

STATUS_BY_DELIVERY = {"consent": "offered", "automatic": "granted", "inform": "informed"}


@dataclass
class Assessment:
    """Everything decided about one life event, before it is written."""

    life_event: LifeEvent
    event_date: date
    parties: dict[str, str | None]
    facts: dict[str, dict[str, Any] | None]
    evaluations: list[tuple[CompiledRule, Evaluation]]


def rules_in_force(catalogue: Catalogue, life_event: str, on: date) -> list[CompiledRule]:
    return [
        compiled
        for compiled in catalogue.rules_for(life_event)
        if compiled.rule.status == "active" and compiled.rule.in_force_on(on)
    ]


def assess(
    catalogue: Catalogue,
    life_event: LifeEvent,
    data: dict[str, Any],
    parties: dict[str, str | None],
    facts: dict[str, dict[str, Any] | None],
) -> Assessment:
    event_date = date.fromisoformat(str(data[life_event.date_field]))
    evaluations = [
        (
            compiled,
            evaluate(
                compiled, event=data, facts=facts, on=event_date, parameters=catalogue.parameters
            ),
        )
        for compiled in rules_in_force(catalogue, life_event.id, event_date)
    ]
    return Assessment(life_event, event_date, parties, facts, evaluations)


def record(session: Session, event: InboundEvent, assessment: Assessment, now: datetime) -> Case:
    """Write the case with its decisions, entitlements and inbox items (the caller commits)."""
    assert event.id is not None
    subject = assessment.parties.get(assessment.life_event.subject) or ""
    case = Case(
        id=uuid.uuid4().hex,
        life_event=assessment.life_event.id,
        subject_iin=subject,
        event_date=assessment.event_date,
        inbound_event_id=event.id,
        parties=assessment.parties,
        created_at=now,
    )
    session.add(case)
    for compiled, evaluation in assessment.evaluations:
        decision = Decision(
            case_id=case.id,
            rule_id=compiled.rule.id,
            rule_version=compiled.version,
            outcome=evaluation.outcome,
            amount_tiyn=evaluation.amount_tiyn,
            trace=evaluation.trace(),
            receipt=evaluation.receipt(),
            created_at=now,
        )
        session.add(decision)
        session.flush()
        log.info(
            "engine.decision.made rule=%s outcome=%s case=%s",
            compiled.rule.id,
            evaluation.outcome,
            case.id,
        )
        if evaluation.outcome == "eligible":
            _entitle(session, case, decision, compiled, evaluation, assessment, now)
    return case


def _entitle(
    session: Session,
    case: Case,
    decision: Decision,
    compiled: CompiledRule,
    evaluation: Evaluation,
    assessment: Assessment,
    now: datetime,
) -> None:
    rule = compiled.rule
    recipient = assessment.parties.get(rule.recipient)
    data = session.get(InboundEvent, case.inbound_event_id)
    event_data = data.data if data else {}
    key = dedup_key(compiled, evaluation, event_data, assessment.facts)
    if (
        recipient is None
        or session.exec(select(Entitlement).where(Entitlement.dedup_key == key)).first()
    ):
        return
    status = STATUS_BY_DELIVERY[rule.delivery]
    assert decision.id is not None
    entitlement = Entitlement(
        dedup_key=key,
        case_id=case.id,
        decision_id=decision.id,
        rule_id=rule.id,
        recipient_iin=recipient,
        amount_tiyn=evaluation.amount_tiyn,
        status=status,
        created_at=now,
    )
    session.add(entitlement)
    session.flush()
    create_item(
        session,
        case=case,
        entitlement=entitlement,
        rule=rule,
        texts=inbox_texts(compiled, evaluation, event_data, assessment.facts),
        now=now,
    )
