"""What a registry event changes in cases already decided.

- A death closes the deceased's open offers and moves what is still due to an eligible family
  member among the case's parties; nothing is ever written to the dead.
- A corrected birth record, a change of insurance status or of a person's record re-evaluate
  the open cases the person is a party to: entitlements are superseded or revoked with an
  explanation, arrears offered, overpayments flagged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from engine.fulfilment.service import open_tasks
from engine.inbox.models import InboxItem
from engine.inbox.service import close_for_deceased, create_item
from engine.kernel.catalogue import Catalogue
from engine.kernel.evaluate import RuleError
from engine.kernel.rules import Rule
from engine.pipeline.assessment import Assessment
from engine.pipeline.decide import STATUS_BY_DELIVERY, end_entitlement
from engine.pipeline.models import Case, Entitlement
from engine.pipeline.reassess import apply_reassessment, open_cases_of, original_data, reassess_case
from engine.registries.client import RegistryClient
from engine.registries.models import InboundEvent

log = logging.getLogger("engine.corrections")

DEATH_EVENTS = {("civil", "death.registered"), ("population", "person.died")}
REEVALUATING_EVENTS = {
    ("civil", "birth.corrected"): "the birth record was corrected",
    ("social_insurance", "insurance.status_changed"): "the social insurance status changed",
    ("population", "person.updated"): "the population register was updated",
}
LIVE = ("offered", "granted", "informed", "accepted", "declined", "expired")


@dataclass
class Reroute:
    entitlement_id: int
    new_recipient: str | None
    rule: Rule | None


@dataclass
class CorrectionPlan:
    """Prepared outside the transaction (it reads registries), applied inside it."""

    deceased: str | None = None
    reroutes: list[Reroute] = field(default_factory=list)
    reassessments: list[tuple[Case, Assessment]] = field(default_factory=list)
    reason: str = ""

    def apply(self, session: Session, now: datetime) -> None:
        if self.deceased is not None:
            _apply_death(session, self, now)
        for case, assessment in self.reassessments:
            apply_reassessment(session, case, assessment, now, self.reason)


async def plan_corrections(
    db: Engine,
    catalogue: Catalogue,
    client: RegistryClient,
    event: InboundEvent,
    today: date,
) -> CorrectionPlan:
    key = (event.registry_name, event.type)
    data = event.data
    if key in DEATH_EVENTS and isinstance(data.get("iin"), str):
        return await _plan_death(db, catalogue, client, data["iin"])
    if key in REEVALUATING_EVENTS:
        return await _plan_reassessments(
            db, catalogue, client, event, today, REEVALUATING_EVENTS[key]
        )
    return CorrectionPlan()


async def _plan_reassessments(
    db: Engine,
    catalogue: Catalogue,
    client: RegistryClient,
    event: InboundEvent,
    today: date,
    reason: str,
) -> CorrectionPlan:
    data = event.data
    iin = data.get("iin") or data.get("child_iin")
    if not isinstance(iin, str):
        return CorrectionPlan()
    plan = CorrectionPlan(reason=reason)
    for case in open_cases_of(db, iin, today):
        if case.inbound_event_id == event.id:
            continue
        case_data = original_data(db, case)
        if event.type == "birth.corrected":
            case_data.update({k: v for k, v in data.items() if k in case_data and v is not None})
        try:
            assessment = await reassess_case(catalogue, client, case, case_data)
        except RuleError as error:
            log.error("engine.case.reassess_failed case=%s error=%s", case.id, error)
            continue
        if assessment is not None:
            plan.reassessments.append((case, assessment))
    return plan


async def _plan_death(
    db: Engine, catalogue: Catalogue, client: RegistryClient, iin: str
) -> CorrectionPlan:
    plan = CorrectionPlan(deceased=iin, reason="the recipient died")
    with Session(db) as session:
        due = session.exec(
            select(Entitlement).where(
                Entitlement.recipient_iin == iin, col(Entitlement.status).in_(LIVE)
            )
        ).all()
        cases = {e.case_id: session.get(Case, e.case_id) for e in due}
    for entitlement in due:
        assert entitlement.id is not None
        case = cases.get(entitlement.case_id)
        heir = await _family_member(client, case, iin) if case else None
        compiled = catalogue.rules.get(entitlement.rule_id)
        plan.reroutes.append(Reroute(entitlement.id, heir, compiled.rule if compiled else None))
    return plan


async def _family_member(client: RegistryClient, case: Case, deceased: str) -> str | None:
    """The first living adult party of the case other than the deceased (for a birth: the
    father when the mother died)."""
    for party, iin in case.parties.items():
        if not iin or iin == deceased or party == "child":
            continue
        person = await client.person(iin)
        if person and person.get("alive", True) and _adult(person, case.event_date):
            return str(iin)
    return None


def _adult(person: dict[str, Any], on: date) -> bool:
    born = date.fromisoformat(str(person["birth_date"]))
    return (on.year - born.year - ((on.month, on.day) < (born.month, born.day))) >= 18


def _apply_death(session: Session, plan: CorrectionPlan, now: datetime) -> None:
    assert plan.deceased is not None
    close_for_deceased(session, plan.deceased, now, plan.reason)
    for reroute in plan.reroutes:
        old = session.get(Entitlement, reroute.entitlement_id)
        if old is None:
            continue
        if old.status not in ("revoked", "superseded"):
            end_entitlement(session, old, "revoked", plan.reason, now)
        if reroute.new_recipient is None:
            old.reason = f"{plan.reason}; no living adult family member among the parties"
            session.add(old)
            continue
        _reissue(session, old, reroute, now, plan.reason)


def _reissue(
    session: Session, old: Entitlement, reroute: Reroute, now: datetime, reason: str
) -> None:
    """The same entitlement for the family member, with the same decision and amount."""
    case = session.get(Case, old.case_id)
    assert case is not None and reroute.new_recipient is not None
    rule = reroute.rule
    delivery = rule.delivery if rule else "consent"
    new = Entitlement(
        dedup_key=old.dedup_key,
        case_id=old.case_id,
        decision_id=old.decision_id,
        rule_id=old.rule_id,
        recipient_iin=reroute.new_recipient,
        amount_tiyn=old.amount_tiyn,
        status=STATUS_BY_DELIVERY[delivery],
        kind=old.kind,
        supersedes_id=old.id,
        reason=f"{reason}: re-assigned to a family member",
        created_at=now,
    )
    session.add(new)
    session.flush()
    if rule is not None:
        item = session.exec(select(InboxItem).where(InboxItem.entitlement_id == old.id)).first()
        texts = dict(item.texts) if item else {}
        create_item(session, case=case, entitlement=new, rule=rule, texts=texts, now=now)
        open_tasks(session, case, new, rule, now)
    log.info("engine.entitlement.rerouted entitlement=%s new=%s", old.id, new.id)
