"""Writing a message from its template at the moment it is sent, so it says what is true then
(an item answered in the meantime is not offered again)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from engine.inbox.models import InboxBundle, InboxItem
from engine.inbox.names import agency_name
from engine.inbox.policy import ASK_AGAIN_PERIOD
from engine.inbox.service import bundle_items
from engine.inbox.timeutil import local, shown
from engine.kernel.catalogue import Catalogue
from engine.kernel.l10n import day, money
from engine.kernel.texts import Lang
from engine.notify.models import Notification
from engine.notify.templates import ANSWER, BUNDLE, EXPIRED, REMINDER, SMS_REPLY, STATUS, Template


@dataclass(frozen=True)
class Rendered:
    template: Template
    body: str


class NothingToSay(Exception):
    """The message has become pointless (every item it concerned was answered meanwhile)."""


def render(
    session: Session,
    notification: Notification,
    lang: Lang,
    catalogue: Catalogue,
    subject: dict[str, Any] | None,
    for_someone_else: bool,
    now: datetime,
) -> Rendered:
    if notification.kind == "sms_reply":
        return Rendered(SMS_REPLY, SMS_REPLY.part("body", lang, text=notification.context["text"]))
    assert notification.bundle_id is not None
    bundle = session.get(InboxBundle, notification.bundle_id)
    assert bundle is not None
    items = bundle_items(session, bundle.id or 0)
    if notification.kind == "bundle":
        return Rendered(BUNDLE, _bundle(bundle, items, lang, catalogue, subject, for_someone_else))
    ids = notification.context.get("item_ids")
    concerned = [i for i in items if ids is None or i.id in ids]
    titles = "; ".join(i.texts["title"][lang] for i in concerned)
    deadline = shown(min((i.expires_at for i in concerned if i.expires_at), default=None), lang)
    if notification.kind == "reminder":
        if not any(i.status == "offered" for i in concerned):
            raise NothingToSay("every item of the reminder was answered")
        body = REMINDER.part("body", lang, ref=bundle.reference, titles=titles, deadline=deadline)
        return Rendered(REMINDER, body)
    if notification.kind == "status":
        return Rendered(
            STATUS, _status(notification, bundle.reference, concerned, titles, lang, now)
        )
    if notification.kind == "expired":
        latest = max((i.expires_at for i in concerned if i.expires_at), default=now)
        body = EXPIRED.part(
            "body",
            lang,
            ref=bundle.reference,
            titles=titles,
            until=shown(latest + ASK_AGAIN_PERIOD, lang),
        )
        return Rendered(EXPIRED, body)
    outcome = notification.kind.removeprefix("answer_")
    undo = min((i.undo_until for i in concerned if i.undo_until), default=None)
    agencies = sorted({_agency(catalogue, i) for i in concerned})
    body = ANSWER.part(
        outcome,
        lang,
        ref=bundle.reference,
        titles=titles,
        until=shown(undo, lang),
        deadline=deadline,
        agency=", ".join(agency_name(a, lang) for a in agencies),
    )
    return Rendered(ANSWER, body)


def _agency(catalogue: Catalogue, item: InboxItem) -> str:
    compiled = catalogue.rules.get(item.rule_id)
    return compiled.rule.agency if compiled else "gfc"


def _bundle(
    bundle: InboxBundle,
    items: list[InboxItem],
    lang: Lang,
    catalogue: Catalogue,
    subject: dict[str, Any] | None,
    for_someone_else: bool,
) -> str:
    event = catalogue.life_events.get(bundle.life_event)
    event_title = event.title.in_(lang) if event else bundle.life_event
    name = (subject or {}).get("first_name")
    for_whom = BUNDLE.part("for_whom", lang, name=name) if for_someone_else and name else ""
    lines = [BUNDLE.part("intro", lang, event=event_title, for_whom=for_whom, ref=bundle.reference)]
    shown_items = [i for i in items if i.status in ("offered", "granted", "informed", "accepted")]
    if not shown_items:
        raise NothingToSay("nothing in the offer is still current")
    for item in shown_items:
        amount = f" {money(item.amount_kzt, lang)}" if item.amount_kzt is not None else ""
        status = {"granted": "granted", "informed": "informed"}.get(item.status)
        lines.append(
            BUNDLE.part(
                "item",
                lang,
                title=item.texts["title"][lang],
                amount=f":{amount}" if amount else "",
                status=BUNDLE.part(status, lang) if status else "",
            )
        )
    offered = [i for i in shown_items if i.status == "offered" and i.expires_at]
    if offered:
        deadline = min(i.expires_at for i in offered if i.expires_at)
        lines.append(BUNDLE.part("consent", lang, deadline=shown(deadline, lang)))
    if any("bank_account" in i.missing for i in shown_items):
        lines.append(BUNDLE.part("bank", lang))
    lines.append(BUNDLE.part("footer", lang))
    return "\n".join(lines)


def _status(
    notification: Notification,
    reference: int,
    concerned: list[InboxItem],
    titles: str,
    lang: Lang,
    now: datetime,
) -> str:
    """How the agencies' work on an item went, in the 1414 style: assigned, paid with the
    date and amount, carried out, or refused."""
    status = str(notification.context.get("status"))
    paid = sum(i.amount_kzt or 0 for i in concerned)
    has_money = any(i.amount_kzt is not None for i in concerned)
    part = {"in_fulfilment": "assigned" if has_money else "started"}.get(status, status)
    return STATUS.part(
        part,
        lang,
        ref=reference,
        titles=titles,
        date=day(local(now).date(), lang),
        amount=money(paid, lang),
    )
