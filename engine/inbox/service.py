"""The inbox's state machine: items are created by the decision pipeline, answered by citizens
(or those who act for them), reminded, expired, re-opened; every change appends a timeline
entry and an audit entry and, where the citizen should hear of it, a message to the outbox.
Functions here work in the caller's transaction and never commit."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from engine.audit.chain import append as audit
from engine.fulfilment.service import follow_answer
from engine.iinmask import mask
from engine.inbox.errors import Conflict, NotFound
from engine.inbox.explain import build_explanation
from engine.inbox.models import InboxBundle, InboxItem, InboxTimeline, PaymentAccount
from engine.inbox.policy import (
    ASK_AGAIN_PERIOD,
    REOPENED_WINDOW_MIN,
    TRANSITIONS,
    UNDO_DECLINE_PERIOD,
    next_reminder,
    reminder_hours,
)
from engine.inbox.timeutil import shown
from engine.kernel.rules import Rule
from engine.notify.outbox import enqueue
from engine.pipeline.assessment import Assessment
from engine.pipeline.models import Case, Decision, Entitlement

log = logging.getLogger("engine.inbox")

FIRST_REFERENCE = 101


@dataclass(frozen=True)
class Actor:
    """Who did something: the citizen, someone acting for them, the engine, or an agency."""

    kind: str  # citizen, representative, parent, system, or an agency code
    iin: str | None
    channel: str  # web, api, sms, system

    @property
    def label(self) -> str:
        return self.kind if self.iin is None else f"{self.kind}:{self.iin}"


SYSTEM = Actor("system", None, "system")


# --- creation (inside the decision transaction) ---------------------------------------------


def create_item(
    session: Session,
    *,
    case: Case,
    entitlement: Entitlement,
    rule: Rule,
    texts: dict[str, dict[str, str]],
    now: datetime,
    assessment: Assessment | None = None,
) -> InboxItem:
    """The inbox item for a new entitlement, in the caller's transaction. Items of one life
    event for one person share a bundle, which reaches them as a single message."""
    recipient = entitlement.recipient_iin
    bundle = _open_bundle(session, case, recipient, now)
    decision = session.get(Decision, entitlement.decision_id)
    trace: dict[str, Any] = decision.trace if decision else {}
    law_date = decision.receipt.get("law_date") if decision else None
    amount = None if entitlement.amount_tiyn is None else entitlement.amount_tiyn // 100
    consent = rule.delivery == "consent"
    expires = now + timedelta(hours=rule.consent_window_hours) if consent else None
    hours = reminder_hours(rule) if consent else []
    item = InboxItem(
        citizen_iin=recipient,
        case_id=case.id,
        entitlement_id=entitlement.id,
        bundle_id=bundle.id,
        rule_id=rule.id,
        life_event=case.life_event,
        delivery=rule.delivery,
        status=entitlement.status,
        amount_kzt=amount,
        texts=texts,
        explanation=build_explanation(
            rule, trace, assessment.life_event if assessment else None, law_date, amount
        ),
        missing=_missing(session, recipient, amount, rule, assessment),
        created_at=now,
        expires_at=expires,
        window_hours=rule.consent_window_hours if consent else None,
        reminder_hours=hours,
        next_reminder_at=next_reminder(expires, hours, 0, now) if expires else None,
    )
    session.add(item)
    session.flush()
    _timeline(session, item, "created", None, SYSTEM, now, note=rule.id)
    audit(
        session,
        action="inbox.item.created",
        actor="engine",
        object_type="inbox_item",
        object_id=str(item.id),
        subject_iin=recipient,
        at=now,
        data={
            "case_id": case.id,
            "rule_id": rule.id,
            "rule_version": decision.rule_version if decision else None,
            "decision_id": entitlement.decision_id,
            "entitlement_id": entitlement.id,
            "status": item.status,
            "amount_kzt": amount,
            "bundle_reference": bundle.reference,
        },
    )
    enqueue(
        session,
        dedup_key=f"bundle:{bundle.id}:new",
        kind="bundle",
        citizen_iin=recipient,
        bundle_id=bundle.id,
        now=now,
    )
    log.info(
        "inbox.item.created rule=%s status=%s citizen=%s", rule.id, item.status, mask(recipient)
    )
    return item


def _open_bundle(session: Session, case: Case, citizen_iin: str, now: datetime) -> InboxBundle:
    bundle = session.exec(
        select(InboxBundle).where(
            InboxBundle.case_id == case.id,
            InboxBundle.citizen_iin == citizen_iin,
            col(InboxBundle.notified_at).is_(None),
        )
    ).first()
    if bundle is not None:
        return bundle
    bundle = InboxBundle(
        citizen_iin=citizen_iin,
        case_id=case.id,
        life_event=case.life_event,
        reference=0,
        created_at=now,
    )
    session.add(bundle)
    session.flush()
    # Unique across citizens, so a parent answering for themselves and a child never sees
    # two offers with the same number.
    bundle.reference = FIRST_REFERENCE + (bundle.id or 0) - 1
    session.add(bundle)
    session.flush()
    return bundle


def _missing(
    session: Session,
    recipient: str,
    amount: int | None,
    rule: Rule,
    assessment: Assessment | None,
) -> list[str]:
    """Only what is really missing is asked for: a bank account when money is due and the
    population register has none on file and the citizen has not given one yet."""
    if amount is None or rule.delivery == "inform":
        return []
    if session.get(PaymentAccount, recipient) is not None:
        return []
    record = _record_of(recipient, assessment)
    if record is not None and record.get("has_bank_account") is False:
        return ["bank_account"]
    return []


def _record_of(iin: str, assessment: Assessment | None) -> dict[str, Any] | None:
    if assessment is None:
        return None
    for record in assessment.facts.values():
        if record is not None and record.get("iin") == iin:
            return record
    return None


# --- transitions ----------------------------------------------------------------------------


def transition(
    session: Session,
    item: InboxItem,
    to: str,
    *,
    action: str,
    actor: Actor,
    now: datetime,
    note: str | None = None,
) -> InboxTimeline:
    """Move an item to a new status (409 when the state machine does not allow it); the
    entitlement follows, and the timeline and audit log record it. Fulfilment and corrections
    use this too (``in_fulfilment``, ``granted``, ``paid``, ``rejected``, ``superseded``,
    ``revoked``)."""
    if to not in TRANSITIONS.get(item.status, ()):
        raise Conflict(f"item {item.id} is {item.status} and cannot become {to}")
    before = item.status
    item.status = to
    item.updated_at = now
    if to != "offered":
        item.next_reminder_at = None
    session.add(item)
    if item.entitlement_id is not None:
        entitlement = session.get(Entitlement, item.entitlement_id)
        if entitlement is not None:
            entitlement.status = to
            if note and to in ("superseded", "revoked", "rejected"):
                entitlement.reason = note
            session.add(entitlement)
            follow_answer(session, item.entitlement_id, to, now)
    entry = _timeline(session, item, action, before, actor, now, note=note)
    audit(
        session,
        action=f"inbox.item.{action}",
        actor=actor.label,
        object_type="inbox_item",
        object_id=str(item.id),
        subject_iin=item.citizen_iin,
        at=now,
        data={"from": before, "to": to, "channel": actor.channel, "note": note},
    )
    log.info("inbox.item.%s item=%s from=%s to=%s", action, item.id, before, to)
    return entry


def _timeline(
    session: Session,
    item: InboxItem,
    action: str,
    before: str | None,
    actor: Actor,
    now: datetime,
    note: str | None = None,
) -> InboxTimeline:
    assert item.id is not None
    entry = InboxTimeline(
        item_id=item.id,
        at=now,
        action=action,
        status_from=before,
        status_to=item.status,
        actor=actor.kind,
        actor_iin=actor.iin,
        channel=actor.channel,
        note=note[:500] if note else None,
    )
    session.add(entry)
    session.flush()
    return entry


def note(
    session: Session,
    item: InboxItem,
    action: str,
    actor: Actor,
    now: datetime,
    text: str | None = None,
) -> InboxTimeline:
    """A timeline entry that does not change the status (a reminder, a message sent)."""
    return _timeline(session, item, action, item.status, actor, now, note=text)


def revise_texts(
    session: Session,
    entitlement: Entitlement,
    rule: Rule,
    texts: dict[str, dict[str, str]],
    now: datetime,
    assessment: Assessment | None,
    why: str,
) -> None:
    """A re-evaluation that keeps the amount but changes what the item says (a projected
    value confirmed by the published law): the texts are brought up to date, the change noted
    on the item's timeline."""
    decision = session.get(Decision, entitlement.decision_id)
    trace: dict[str, Any] = decision.trace if decision else {}
    law_date = decision.receipt.get("law_date") if decision else None
    for item in session.exec(
        select(InboxItem).where(InboxItem.entitlement_id == entitlement.id)
    ).all():
        if item.texts == texts:
            continue
        item.texts = texts
        item.explanation = build_explanation(
            rule, trace, assessment.life_event if assessment else None, law_date, item.amount_kzt
        )
        item.updated_at = now
        session.add(item)
        note(session, item, "revised", SYSTEM, now, why)


# --- the citizen's answers --------------------------------------------------------------------


def accept(session: Session, items: Sequence[InboxItem], actor: Actor, now: datetime) -> None:
    for item in items:
        _require_open(item, now)
    for item in items:
        item.answered_at = now
        transition(session, item, "accepted", action="accepted", actor=actor, now=now)
    _confirm(session, items, "accepted", actor, now)


def decline(session: Session, items: Sequence[InboxItem], actor: Actor, now: datetime) -> None:
    for item in items:
        _require_open(item, now)
    for item in items:
        item.answered_at = now
        item.undo_until = now + UNDO_DECLINE_PERIOD
        transition(session, item, "declined", action="declined", actor=actor, now=now)
    _confirm(session, items, "declined", actor, now)


def undo_decline(session: Session, items: Sequence[InboxItem], actor: Actor, now: datetime) -> None:
    for item in items:
        if item.status != "declined":
            raise Conflict(f"item {item.id} is {item.status}, not declined: nothing to undo")
        if item.undo_until is None or now > item.undo_until:
            raise Conflict(
                f"the refusal of item {item.id} could be undone until {shown(item.undo_until)}; "
                "call 1414 to ask for it again"
            )
    for item in items:
        item.undo_until = None
        item.answered_at = None
        _reopen(item, now)
        transition(session, item, "offered", action="decline_undone", actor=actor, now=now)
    _confirm(session, items, "reopened", actor, now)


def ask_again(session: Session, items: Sequence[InboxItem], actor: Actor, now: datetime) -> None:
    for item in items:
        if item.status != "expired":
            raise Conflict(f"item {item.id} is {item.status}, not expired: it cannot be re-asked")
        if item.expires_at is not None and now > item.expires_at + ASK_AGAIN_PERIOD:
            raise Conflict(
                f"item {item.id} expired on {shown(item.expires_at)}, more than "
                f"{ASK_AGAIN_PERIOD.days} days ago; apply to the agency directly"
            )
    for item in items:
        _reopen(item, now)
        transition(session, item, "offered", action="asked_again", actor=actor, now=now)
    _confirm(session, items, "reopened", actor, now)


def _reopen(item: InboxItem, now: datetime) -> None:
    window = timedelta(hours=item.window_hours) if item.window_hours else REOPENED_WINDOW_MIN
    fresh = now + max(window, REOPENED_WINDOW_MIN)
    item.expires_at = max(item.expires_at or fresh, fresh)
    item.reminders_sent = 0
    item.next_reminder_at = next_reminder(item.expires_at, list(item.reminder_hours), 0, now)


def _require_open(item: InboxItem, now: datetime) -> None:
    if item.status == "offered":
        if item.expires_at is not None and now >= item.expires_at:
            raise Conflict(
                f"item {item.id} expired on {shown(item.expires_at)}; ask for it again "
                f"(POST /api/inbox/{item.id}/ask-again)"
            )
        return
    hint = {
        "declined": f"; undo the refusal first (POST /api/inbox/{item.id}/undo-decline)",
        "expired": f"; ask for it again (POST /api/inbox/{item.id}/ask-again)",
    }.get(item.status, "")
    answered = f" on {shown(item.answered_at)}" if item.answered_at else ""
    raise Conflict(f"item {item.id} is already {item.status}{answered}{hint}")


def _confirm(
    session: Session, items: Sequence[InboxItem], outcome: str, actor: Actor, now: datetime
) -> None:
    """A receipt for an answer given on the web or through the API (an SMS answer is confirmed
    by the SMS reply itself)."""
    if actor.channel == "sms" or not items:
        return
    by_bundle: dict[int, list[InboxItem]] = {}
    for item in items:
        if item.bundle_id is not None:
            by_bundle.setdefault(item.bundle_id, []).append(item)
    for bundle_id, members in by_bundle.items():
        first = members[0]
        enqueue(
            session,
            dedup_key=f"answer:{bundle_id}:{outcome}:{now.isoformat()}:{first.id}",
            kind=f"answer_{outcome}",
            citizen_iin=first.citizen_iin,
            bundle_id=bundle_id,
            now=now,
            context={"item_ids": [m.id for m in members]},
        )


# --- data the citizen supplies ----------------------------------------------------------------


def supply_bank_account(
    session: Session, iin: str, iban: str, actor: Actor, now: datetime
) -> list[InboxItem]:
    """Keep the account and clear the request from every item that waited for it."""
    account = session.get(PaymentAccount, iin)
    if account is None:
        account = PaymentAccount(iin=iin, iban=iban, supplied_at=now, channel=actor.channel)
    account.iban = iban
    account.supplied_at = now
    account.channel = actor.channel
    session.add(account)
    waiting = [
        item
        for item in session.exec(select(InboxItem).where(InboxItem.citizen_iin == iin)).all()
        if "bank_account" in (item.missing or [])
    ]
    for item in waiting:
        item.missing = [m for m in item.missing if m != "bank_account"]
        item.updated_at = now
        session.add(item)
        note(session, item, "bank_account_given", actor, now, f"IBAN …{iban[-4:]}")
    audit(
        session,
        action="inbox.bank_account.given",
        actor=actor.label,
        object_type="payment_account",
        object_id=iin,
        subject_iin=iin,
        at=now,
        data={"iban_last4": iban[-4:], "items": [i.id for i in waiting]},
    )
    return waiting


def mark_missing(session: Session, items: Sequence[InboxItem], what: str, now: datetime) -> None:
    """Found out at delivery time (the decision had no record of the recipient)."""
    for item in items:
        if what in item.missing or item.amount_kzt is None or item.delivery == "inform":
            continue
        if what == "bank_account" and session.get(PaymentAccount, item.citizen_iin) is not None:
            continue
        item.missing = [*item.missing, what]
        session.add(item)
        note(session, item, "data_requested", SYSTEM, now, what)


# --- corrections from the engine --------------------------------------------------------------


def close_for_deceased(session: Session, iin: str, now: datetime, reason: str) -> list[InboxItem]:
    """A death closes what was still open for the deceased (the engine routes what is due to
    the family as new items); nothing is deleted."""
    closed = []
    for item in session.exec(
        select(InboxItem).where(
            InboxItem.citizen_iin == iin,
            col(InboxItem.status).in_(("offered", "declined", "expired", "accepted", "granted")),
        )
    ).all():
        transition(session, item, "revoked", action="revoked", actor=SYSTEM, now=now, note=reason)
        closed.append(item)
    return closed


# --- reading ----------------------------------------------------------------------------------


def get_item(session: Session, item_id: int) -> InboxItem:
    item = session.get(InboxItem, item_id)
    if item is None:
        raise NotFound(f"no inbox item {item_id}")
    return item


def get_bundle(session: Session, bundle_id: int) -> InboxBundle:
    bundle = session.get(InboxBundle, bundle_id)
    if bundle is None:
        raise NotFound(f"no offer {bundle_id}")
    return bundle


def bundle_items(session: Session, bundle_id: int) -> list[InboxItem]:
    return list(
        session.exec(
            select(InboxItem).where(InboxItem.bundle_id == bundle_id).order_by(col(InboxItem.id))
        ).all()
    )


def timeline_of(session: Session, item_ids: Sequence[int]) -> dict[int, list[InboxTimeline]]:
    found: dict[int, list[InboxTimeline]] = {i: [] for i in item_ids}
    if not item_ids:
        return found
    for entry in session.exec(
        select(InboxTimeline)
        .where(col(InboxTimeline.item_id).in_(list(item_ids)))
        .order_by(col(InboxTimeline.at), col(InboxTimeline.id))
    ).all():
        found[entry.item_id].append(entry)
    return found


def inbox_of(db: Engine, iin: str) -> list[InboxItem]:
    with Session(db) as session:
        query = (
            select(InboxItem)
            .where(InboxItem.citizen_iin == iin)
            .order_by(col(InboxItem.created_at).desc(), col(InboxItem.id).desc())
        )
        return list(session.exec(query).all())


def recent_items(db: Engine, limit: int) -> list[InboxItem]:
    with Session(db) as session:
        query = select(InboxItem).order_by(col(InboxItem.id).desc()).limit(limit)
        return list(session.exec(query).all())


def item_view(item: InboxItem, lang: Any) -> dict[str, Any]:
    """Kept for callers that show a plain item (the first page)."""
    from engine.inbox.views import item_view as full_view

    return full_view(item, lang)
