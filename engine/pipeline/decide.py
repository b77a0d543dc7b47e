"""From a registry event to cases, decisions, entitlements and inbox items, written in one
transaction; and the reconciliation of a case when it is evaluated again."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from engine.fulfilment.service import cancel_open_tasks, open_tasks
from engine.inbox.models import InboxItem
from engine.inbox.service import SYSTEM, create_item, revise_texts, transition
from engine.kernel.catalogue import Catalogue
from engine.kernel.chain import evaluate_chain
from engine.kernel.compiled import CompiledRule
from engine.kernel.evaluate import Evaluation, RuleError, dedup_key, inbox_texts
from engine.kernel.life_events import LifeEvent
from engine.metrics import METRICS
from engine.pipeline.assessment import Assessment, RuleOutcome
from engine.pipeline.models import Case, CaseParty, DeadLetter, Decision, Entitlement

log = logging.getLogger("engine.decide")

STATUS_BY_DELIVERY = {"consent": "offered", "automatic": "granted", "inform": "informed"}


def rules_in_force(catalogue: Catalogue, life_event: str, on: date) -> list[CompiledRule]:
    """Active rules decide; shadow rules are evaluated for the record only."""
    return [
        compiled
        for compiled in catalogue.rules_for(life_event)
        if compiled.rule.status in ("active", "shadow") and compiled.in_force_on(on)
    ]


def assess(
    catalogue: Catalogue,
    life_event: LifeEvent,
    data: dict[str, Any],
    parties: dict[str, str | None],
    facts: dict[str, dict[str, Any] | None],
) -> Assessment:
    """Evaluate every rule in force on the event date, the rules another reads first, each
    modifier folded into its base; one rule's error does not stop the others that do not
    build on it (it goes to the dead-letter table when recorded)."""
    event_date = date.fromisoformat(str(data[life_event.date_field]))
    assessment = Assessment(life_event, event_date, data, parties, facts)
    results = evaluate_chain(
        rules_in_force(catalogue, life_event.id, event_date),
        event=data,
        facts=facts,
        on=event_date,
        parameters=catalogue.parameters,
        project=catalogue.projects_missing_law,
    )
    for compiled, result in results:
        if isinstance(result, RuleError):
            assessment.outcomes.append(RuleOutcome(compiled, error=str(result)))
        else:
            assessment.outcomes.append(RuleOutcome(compiled, result))
    return assessment


def region_of(assessment: Assessment) -> str | None:
    """The region of the case, for the control room's view by region: from the subject's
    record when read, else from the first record read that has one."""
    life_event = assessment.life_event
    records = [
        (life_event.facts[name].party == life_event.subject, record)
        for name, record in assessment.facts.items()
        if record is not None and name in life_event.facts
    ]
    for _, record in sorted(records, key=lambda pair: not pair[0]):
        region = record.get("region")
        if isinstance(region, str) and region:
            return region[:32]
    return None


def open_case(
    session: Session, inbound_event_id: int, assessment: Assessment, now: datetime
) -> Case:
    subject = assessment.parties.get(assessment.life_event.subject) or ""
    case = Case(
        id=uuid.uuid4().hex,
        life_event=assessment.life_event.id,
        subject_iin=subject,
        event_date=assessment.event_date,
        inbound_event_id=inbound_event_id,
        parties=assessment.parties,
        created_at=now,
        region=region_of(assessment),
    )
    session.add(case)
    session.flush()
    for party, iin in assessment.parties.items():
        if iin:
            session.add(CaseParty(case_id=case.id, party=party, iin=iin))
    return case


def record(session: Session, inbound_event_id: int, assessment: Assessment, now: datetime) -> Case:
    """Write a new case with its decisions, entitlements, inbox items and tasks (the caller
    commits). An event processed again (a retried dead letter) completes its existing case."""
    existing = session.exec(
        select(Case).where(
            Case.inbound_event_id == inbound_event_id,
            Case.life_event == assessment.life_event.id,
        )
    ).first()
    if existing is not None:
        apply_outcomes(session, existing, assessment, now, reason="processed again")
        return existing
    case = open_case(session, inbound_event_id, assessment, now)
    apply_outcomes(session, case, assessment, now, reason=None, new_case=True)
    return case


def apply_outcomes(
    session: Session,
    case: Case,
    assessment: Assessment,
    now: datetime,
    *,
    reason: str | None,
    new_case: bool = False,
) -> None:
    """Store decisions and bring the case's entitlements in line with them. ``reason`` is set
    when this is a re-evaluation (a correction, a new rule version); a case opened in this
    transaction has no earlier decisions to retire."""
    for outcome in assessment.outcomes:
        rule = outcome.compiled.rule
        if outcome.error is not None:
            _dead_letter(session, case, assessment, outcome, now)
            continue
        evaluation = outcome.evaluation
        assert evaluation is not None
        if not new_case:
            _retire_previous_decisions(session, case.id, rule.id, shadow=rule.status == "shadow")
        decision = Decision(
            case_id=case.id,
            rule_id=rule.id,
            rule_version=outcome.compiled.version,
            outcome=evaluation.outcome,
            amount_tiyn=evaluation.amount_tiyn,
            trace=evaluation.trace(),
            receipt=evaluation.receipt(),
            shadow=rule.status == "shadow",
            created_at=now,
            held_for=joined_parameters(gap.parameter for gap in evaluation.awaiting),
            projected=joined_parameters(gap.parameter for gap in evaluation.projected),
        )
        session.add(decision)
        session.flush()
        METRICS.inc("engine_decisions_total", outcome=evaluation.outcome, rule=rule.id)
        log.info(
            "engine.decision.made rule=%s outcome=%s case=%s shadow=%s",
            rule.id,
            evaluation.outcome,
            case.id,
            decision.shadow,
        )
        if not decision.shadow and rule.modifies is None:  # a modifier's result is in its base's
            reconcile(
                session, case, decision, outcome.compiled, evaluation, assessment, now, reason
            )


def joined_parameters(parameters: Iterable[str]) -> str | None:
    return ",".join(parameters)[:255] or None


def _retire_previous_decisions(session: Session, case_id: str, rule_id: str, shadow: bool) -> None:
    for earlier in session.exec(
        select(Decision).where(
            Decision.case_id == case_id,
            Decision.rule_id == rule_id,
            col(Decision.current).is_(True),
            Decision.shadow == shadow,
        )
    ).all():
        earlier.current = False
        session.add(earlier)


def _dead_letter(
    session: Session, case: Case, assessment: Assessment, outcome: RuleOutcome, now: datetime
) -> None:
    session.add(
        DeadLetter(
            inbound_event_id=case.inbound_event_id,
            rule_id=outcome.compiled.rule.id,
            life_event=assessment.life_event.id,
            kind="evaluation",
            reason=outcome.error or "rule error",
            payload={
                "case_id": case.id,
                "event": assessment.data,
                "rule_version": outcome.compiled.version,
            },
            created_at=now,
        )
    )
    METRICS.inc("engine_dead_letters_total", kind="evaluation")
    log.error(
        "engine.evaluation.dead_lettered rule=%s case=%s reason=%s",
        outcome.compiled.rule.id,
        case.id,
        outcome.error,
    )


def live_entitlement(session: Session, key: str) -> Entitlement | None:
    return session.exec(
        select(Entitlement).where(
            Entitlement.dedup_key == key,
            col(Entitlement.status).not_in(("superseded", "revoked")),
        )
    ).first()


PAID_OR_ANSWERED = ("accepted", "in_fulfilment", "granted", "paid")


def reconcile(
    session: Session,
    case: Case,
    decision: Decision,
    compiled: CompiledRule,
    evaluation: Evaluation,
    assessment: Assessment,
    now: datetime,
    reason: str | None,
) -> None:
    """Make the live entitlement under this rule's dedup key agree with the decision: create,
    leave, supersede, revoke, offer arrears or flag an overpayment; never delete."""
    key = dedup_key(compiled, evaluation, assessment.data, assessment.facts)
    live = live_entitlement(session, key)
    eligible = evaluation.outcome == "eligible"
    if evaluation.outcome == "unknown":
        return  # the decision records what is missing; nothing changes until it is known
    if live is None:
        if eligible and compiled.rule.when_late == "skip" and assessment.late_on(now):
            _skipped_late(session, decision, compiled, assessment.event_date)
        elif eligible and assessment.parties.get(compiled.rule.recipient) is None:
            _undeliverable(session, decision, compiled)
        elif eligible:
            create_entitlement(session, case, decision, compiled, evaluation, assessment, key, now)
        return
    if live.case_id != case.id:
        if compiled.rule.later_events == "once" and reason is None:
            return  # the same entitlement reached us through another event: it happens once
        if compiled.rule.later_events == "update":
            reason = _later_event(session, case, live, evaluation, reason)
            if reason is None:
                return
    if eligible and live.amount_tiyn == evaluation.amount_tiyn:
        if reason is not None:
            live.decision_id = decision.id or live.decision_id
            session.add(live)
            revise_texts(
                session,
                live,
                compiled.rule,
                inbox_texts(
                    compiled,
                    evaluation,
                    assessment.data,
                    assessment.facts,
                    late=assessment.late_on(now),
                ),
                now,
                assessment,
                reason,
            )
        return
    if live.status in PAID_OR_ANSWERED:
        _correct_after_answer(
            session, case, decision, compiled, evaluation, assessment, live, key, now, reason
        )
        return
    why = reason or "re-evaluated"
    end_entitlement(session, live, "superseded" if eligible else "revoked", why, now)
    if eligible:
        create_entitlement(
            session, case, decision, compiled, evaluation, assessment, key, now, supersedes=live
        )


def _later_event(
    session: Session,
    case: Case,
    live: Entitlement,
    evaluation: Evaluation,
    reason: str | None,
) -> str | None:
    """For a rule whose later events update the one item: why this case's decision changes
    the item another case created, or None when it must not. Only a later event's right to
    an amount counts; an earlier event, re-evaluated, does not undo what a later one decided,
    and a later event that finds no right (or the same amount) leaves the item as it is:
    ending a right is a correction of the case that created it."""
    if evaluation.outcome != "eligible" or evaluation.amount_tiyn == live.amount_tiyn:
        return None
    owner = session.get(Case, live.case_id)
    if owner is not None and (owner.event_date, owner.inbound_event_id) > (
        case.event_date,
        case.inbound_event_id,
    ):
        return None  # twins share the date: the one registered later is the later event
    later = f"a later {case.life_event} event of {case.event_date.isoformat()} (case {case.id})"
    return f"{reason}: {later}" if reason is not None else later


def _undeliverable(session: Session, decision: Decision, compiled: CompiledRule) -> None:
    """Eligible, but the party who should receive it is not in the registries (a death with
    no spouse on record): the decision says so; nothing is sent to anybody else."""
    reason = f"no {compiled.rule.recipient} on record to receive it"
    decision.trace = {**decision.trace, "undelivered": reason}
    session.add(decision)
    METRICS.inc("engine_undeliverable_total", rule=compiled.rule.id)
    log.warning("engine.entitlement.undeliverable rule=%s reason=%s", compiled.rule.id, reason)


def _skipped_late(
    session: Session, decision: Decision, compiled: CompiledRule, event_date: date
) -> None:
    """Eligible, but the rule's item only makes sense by the event's date, which has passed
    (the clock moved ahead, the event came late): the decision records why nothing is sent."""
    reason = f"not sent: the item only makes sense by {event_date.isoformat()}, which has passed"
    decision.trace = {**decision.trace, "skipped": reason}
    session.add(decision)
    METRICS.inc("engine_skipped_late_total", rule=compiled.rule.id)
    log.info("engine.entitlement.skipped_late rule=%s", compiled.rule.id)


def _correct_after_answer(
    session: Session,
    case: Case,
    decision: Decision,
    compiled: CompiledRule,
    evaluation: Evaluation,
    assessment: Assessment,
    live: Entitlement,
    key: str,
    now: datetime,
    reason: str | None,
) -> None:
    """The citizen has already accepted or been paid: a higher amount brings arrears for the
    difference, a lower one (or no right at all) is flagged as an overpayment for review.
    Arrears already owed under the key count towards a higher amount: a sixth child after the
    fifth's arrears is owed only the step from five to six, and deciding the same again adds
    nothing."""
    given = live.amount_tiyn or 0
    owed = _arrears_owed(session, key)
    new = evaluation.amount_tiyn or 0 if evaluation.outcome == "eligible" else 0
    if new > given + owed:
        arrears = create_entitlement(
            session,
            case,
            decision,
            compiled,
            evaluation,
            assessment,
            f"{key}:arrears:{decision.id}",
            now,
            amount_tiyn=new - given - owed,
            kind="arrears",
        )
        arrears.reason = f"{reason or 're-evaluated'}: arrears for the higher amount"
        session.add(arrears)
    elif new < given:
        live.overpaid_tiyn = given - new
        live.reason = (
            f"{reason or 're-evaluated'}: overpayment of {(given - new) // 100} KZT to review"
        )
        session.add(live)
        log.warning("engine.entitlement.overpayment entitlement=%s tiyn=%d", live.id, given - new)


def _arrears_owed(session: Session, key: str) -> int:
    owed = session.exec(
        select(Entitlement.amount_tiyn).where(
            col(Entitlement.dedup_key).startswith(f"{key}:arrears:", autoescape=True),
            Entitlement.kind == "arrears",
            col(Entitlement.status).not_in(("superseded", "revoked", "declined", "expired")),
        )
    ).all()
    return sum(amount or 0 for amount in owed)


def end_entitlement(
    session: Session, entitlement: Entitlement, status: str, why: str, now: datetime
) -> None:
    entitlement.reason = why
    for item in session.exec(
        select(InboxItem).where(InboxItem.entitlement_id == entitlement.id)
    ).all():
        transition(session, item, status, action=status, actor=SYSTEM, now=now, note=why)
    entitlement.status = status
    session.add(entitlement)
    assert entitlement.id is not None
    cancel_open_tasks(session, entitlement.id, why, now)


def create_entitlement(
    session: Session,
    case: Case,
    decision: Decision,
    compiled: CompiledRule,
    evaluation: Evaluation,
    assessment: Assessment,
    key: str,
    now: datetime,
    *,
    supersedes: Entitlement | None = None,
    amount_tiyn: int | None = None,
    kind: str = "benefit",
    recipient: str | None = None,
) -> Entitlement:
    rule = compiled.rule
    recipient = recipient or assessment.parties.get(rule.recipient)
    if recipient is None:
        raise RuleError(f"rule '{rule.id}': the recipient '{rule.recipient}' is not known")
    assert decision.id is not None
    entitlement = Entitlement(
        dedup_key=key,
        case_id=case.id,
        decision_id=decision.id,
        rule_id=rule.id,
        recipient_iin=recipient,
        amount_tiyn=evaluation.amount_tiyn if amount_tiyn is None else amount_tiyn,
        status=STATUS_BY_DELIVERY[rule.delivery],
        kind=kind,
        supersedes_id=supersedes.id if supersedes else None,
        created_at=now,
    )
    session.add(entitlement)
    session.flush()
    create_item(
        session,
        case=case,
        entitlement=entitlement,
        rule=rule,
        texts=inbox_texts(
            compiled,
            evaluation,
            assessment.data,
            assessment.facts,
            late=assessment.late_on(now),
        ),
        now=now,
        assessment=assessment,
    )
    open_tasks(session, case, entitlement, rule, now)
    METRICS.inc("engine_entitlements_total", rule=rule.id, kind=kind)
    return entitlement
