"""Applying a citizen's SMS reply to their open offers, and answering them in their language.
Nothing changes unless the reply is one clear answer to one identifiable offer."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from engine.audit.chain import append as audit
from engine.db import transaction
from engine.iinmask import mask
from engine.inbox.iban import iban_problem, normalise_iban
from engine.inbox.models import CitizenPreference, InboxBundle, InboxItem
from engine.inbox.policy import ASK_AGAIN_PERIOD
from engine.inbox.proxies import active_representations, is_minor_child_of
from engine.inbox.service import (
    Actor,
    accept,
    ask_again,
    decline,
    supply_bank_account,
    undo_decline,
)
from engine.inbox.timeutil import shown
from engine.kernel.texts import Lang
from engine.notify.models import InboundSms
from engine.notify.outbox import enqueue
from engine.notify.preferences import language_of, save_preference
from engine.registries.client import RegistryUnavailable
from engine.services import Services
from engine.sms.grammar import Reading, read
from engine.sms.replies import reply

log = logging.getLogger("engine.sms")

PURPOSE = "Answering the citizen's SMS to 1414"


@dataclass
class Offer:
    """One bundle as the SMS sender can answer it, with the items that answer would touch."""

    bundle: InboxBundle
    items: list[InboxItem]
    actor: Actor
    state: str  # open, undoable, reaskable


@dataclass
class Outcome:
    understood: str
    text: str
    applied: list[dict[str, Any]] = field(default_factory=list)


async def handle_inbound(services: Services, from_iin: str, text: str) -> dict[str, Any]:
    now = services.clock.now()
    reading = read(text)
    sender = await _quietly(services, f"/persons/{from_iin}")
    children_record = await _quietly(services, f"/persons/{from_iin}/children")
    children = [
        str(child["iin"])
        for child in (children_record or {}).get("items", [])
        if is_minor_child_of(child, from_iin, now.date())
    ]
    with transaction(services.db) as session:
        acting = _acting_for(session, from_iin, children, now)
        lang: Lang = (
            reading.wants_language
            or reading.lang
            or language_of(session.get(CitizenPreference, from_iin), sender)
        )
        outcome = _apply(session, reading, acting, from_iin, lang, now)
        inbound = InboundSms(
            from_iin=from_iin,
            text=_masked_text(text, reading),
            received_at=now,
            understood=outcome.understood,
            lang=lang,
            applied=outcome.applied,
            reply=outcome.text,
        )
        session.add(inbound)
        session.flush()
        audit(
            session,
            action="sms.inbound",
            actor=f"citizen:{from_iin}",
            object_type="sms_inbound",
            object_id=str(inbound.id),
            subject_iin=from_iin,
            at=now,
            data={
                "understood": outcome.understood,
                "applied": outcome.applied,
                "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
            },
        )
        enqueue(
            session,
            dedup_key=f"sms-reply:{inbound.id}",
            kind="sms_reply",
            citizen_iin=from_iin,
            recipient_iin=from_iin,
            now=now,
            context={"text": outcome.text, "lang": lang},
        )
    log.info("sms.inbound citizen=%s understood=%s", mask(from_iin), outcome.understood)
    return {
        "understood": outcome.understood,
        "applied": outcome.applied,
        "reply": outcome.text,
        "lang": lang,
    }


async def _quietly(services: Services, path: str) -> dict[str, Any] | None:
    try:
        return await services.registries.lookup(
            "population", path, purpose=PURPOSE, on_behalf_of="digital"
        )
    except RegistryUnavailable:
        return None


def _masked_text(text: str, reading: Reading) -> str:
    if reading.iban:
        return text.upper().replace(" ", "").replace(reading.iban, f"KZ…{reading.iban[-4:]}")
    return text[:1000]


def _acting_for(session: Session, iin: str, children: list[str], now: datetime) -> dict[str, Actor]:
    acting = {iin: Actor("citizen", iin, "sms")}
    for representation in active_representations(session, now.date(), representative=iin):
        acting.setdefault(representation.represented_iin, Actor("representative", iin, "sms"))
    for child in children:
        acting.setdefault(child, Actor("parent", iin, "sms"))
    return acting


def _offers(session: Session, acting: dict[str, Actor], now: datetime) -> list[Offer]:
    items = session.exec(
        select(InboxItem)
        .where(
            col(InboxItem.citizen_iin).in_(list(acting)),
            col(InboxItem.status).in_(("offered", "declined", "expired")),
            col(InboxItem.bundle_id).is_not(None),
        )
        .order_by(col(InboxItem.id))
    ).all()
    grouped: dict[tuple[int, str], list[InboxItem]] = {}
    for item in items:
        state = _state(item, now)
        if state is not None:
            grouped.setdefault((item.bundle_id or 0, state), []).append(item)
    offers = []
    for (bundle_id, state), members in grouped.items():
        bundle = session.get(InboxBundle, bundle_id)
        if bundle is not None:
            offers.append(Offer(bundle, members, acting[bundle.citizen_iin], state))
    offers.sort(key=lambda o: o.bundle.reference)
    return offers


def _state(item: InboxItem, now: datetime) -> str | None:
    if item.status == "offered" and (item.expires_at is None or now < item.expires_at):
        return "open"
    if item.status == "declined" and item.undo_until and now <= item.undo_until:
        return "undoable"
    if item.status == "expired" and item.expires_at and now <= item.expires_at + ASK_AGAIN_PERIOD:
        return "reaskable"
    return None


def _titles(offer: Offer, lang: Lang) -> str:
    return "; ".join(i.texts["title"][lang] for i in offer.items)


def _listed(offers: list[Offer], lang: Lang) -> str:
    if not offers:
        return reply("none", lang)
    return ", ".join(f"№{o.bundle.reference} ({_titles(o, lang)})" for o in offers)


def _apply(
    session: Session,
    reading: Reading,
    acting: dict[str, Actor],
    from_iin: str,
    lang: Lang,
    now: datetime,
) -> Outcome:
    intent = reading.intent
    if intent in ("yes", "no"):
        return _answer(session, reading, acting, lang, now)
    if intent == "iban":
        assert reading.iban is not None
        iban = normalise_iban(reading.iban)
        problem = iban_problem(iban)
        if problem is not None:
            return Outcome("iban_invalid", reply("iban_invalid", lang, problem=problem))
        supply_bank_account(session, from_iin, iban, acting[from_iin], now)
        saved = reply("iban_saved", lang, last4=iban[-4:])
        if reading.yes_with_iban:
            answered = _answer(session, reading, acting, lang, now)
            return Outcome(
                "iban+" + answered.understood, f"{saved} {answered.text}", answered.applied
            )
        return Outcome("iban", saved)
    if intent == "help":
        open_offers = [o for o in _offers(session, acting, now) if o.state == "open"]
        return Outcome("help", reply("help", lang, offers=_listed(open_offers, lang)))
    if intent == "language":
        save_preference(session, from_iin, now, language=reading.wants_language)
        return Outcome("language", reply("language_set", lang))
    if intent == "stop":
        save_preference(session, from_iin, now, channel="push")
        return Outcome("stop", reply("stopped", lang))
    if intent == "ambiguous":
        return Outcome("ambiguous", reply("ambiguous", lang))
    return Outcome("unclear", reply("unclear", lang))


def _answer(
    session: Session, reading: Reading, acting: dict[str, Actor], lang: Lang, now: datetime
) -> Outcome:
    offers = _offers(session, acting, now)
    yes = reading.intent in ("yes", "iban")
    usable = offers if yes else [o for o in offers if o.state == "open"]
    open_offers = [o for o in usable if o.state == "open"]
    if reading.reference is not None:
        matching = [o for o in usable if o.bundle.reference == reading.reference]
        by_state = {o.state: o for o in matching}
        chosen = by_state.get("open") or by_state.get("undoable") or by_state.get("reaskable")
        if chosen is None or len({o.bundle.id for o in matching}) > 1:
            return Outcome(
                "unknown_reference",
                reply(
                    "unknown_reference",
                    lang,
                    ref=reading.reference,
                    offers=_listed(open_offers, lang),
                ),
            )
    elif len(open_offers) == 1:
        chosen = open_offers[0]
    elif len(open_offers) > 1:
        return _which(open_offers, lang)
    else:
        later = [o for o in usable if o.state != "open"]
        if len({o.bundle.id for o in later}) > 1:
            return _which(later, lang)
        if not later:
            return Outcome("nothing_open", reply("nothing_open", lang))
        chosen = later[0]
    return _do(session, chosen, yes, lang, now)


def _which(offers: list[Offer], lang: Lang) -> Outcome:
    return Outcome(
        "which_offer",
        reply("which", lang, offers=_listed(offers, lang), example=offers[0].bundle.reference),
    )


def _do(session: Session, offer: Offer, yes: bool, lang: Lang, now: datetime) -> Outcome:
    titles = _titles(offer, lang)
    ref = offer.bundle.reference
    applied = {
        "bundle_id": offer.bundle.id,
        "reference": ref,
        "item_ids": [i.id for i in offer.items],
    }
    if not yes:
        decline(session, offer.items, offer.actor, now)
        until = shown(min(i.undo_until for i in offer.items if i.undo_until), lang)
        return Outcome(
            "decline",
            reply("declined", lang, ref=ref, titles=titles, until=until),
            [{**applied, "action": "declined"}],
        )
    if offer.state == "undoable":
        undo_decline(session, offer.items, offer.actor, now)
        key, action = "undone", "decline_undone+accepted"
    elif offer.state == "reaskable":
        ask_again(session, offer.items, offer.actor, now)
        key, action = "reasked", "asked_again+accepted"
    else:
        key, action = "accepted", "accepted"
    accept(session, offer.items, offer.actor, now)
    return Outcome(
        "accept", reply(key, lang, ref=ref, titles=titles), [{**applied, "action": action}]
    )
