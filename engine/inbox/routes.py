"""The citizen's inbox over HTTP. Routes check who is calling and hand over to the service;
each request owns its transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool

from engine.api.answers import ACTION, LOOKUP, answers
from engine.auth.deps import current_principal, services_of
from engine.auth.tokens import Principal
from engine.db import transaction
from engine.http_inputs import IINPath, RowId
from engine.inbox import service
from engine.inbox.answers import (
    BankAccountGiven,
    Inbox,
    ItemView,
    Messages,
    OfferAnswered,
    Preferences,
)
from engine.inbox.errors import Conflict, InboxError, NotFound
from engine.inbox.http import http_error
from engine.inbox.models import CitizenPreference, InboxBundle, InboxItem
from engine.inbox.proxies import actor_for, require_acting
from engine.inbox.schemas import AnswerIn, BankAccountIn, PreferencesIn
from engine.inbox.service import Actor
from engine.inbox.views import bundle_view, item_view
from engine.kernel.texts import Lang
from engine.notify.preferences import (
    SHOWING_PREFERENCES,
    check_channel,
    language_of,
    preferences_view,
    save_preference,
)
from engine.registries.client import RegistryUnavailable
from engine.services import Services
from engine.sms.thread import thread

router = APIRouter(tags=["inbox"])

LangQuery = Annotated[
    Lang | None, Query(description="kk, ru or en; default: the citizen's own language")
]
Channel = Annotated[str, Query(pattern="^(web|api)$", description="where the answer was given")]
Caller = Annotated[Principal, Depends(current_principal)]
Svc = Annotated[Services, Depends(services_of)]

Change = Callable[[Session, Sequence[InboxItem], Actor, datetime], None]


async def _actor(services: Services, principal: Principal, iin: str, channel: str) -> Actor:
    try:
        return await actor_for(
            services.db, services.registries, principal, iin, channel, services.clock.now()
        )
    except InboxError as error:
        raise http_error(error) from error


async def _acting(
    iin: IINPath, principal: Caller, services: Svc, channel: Channel = "api"
) -> Actor:
    """Who acts for the citizen of the path: resolved before any body is read, so that a
    caller without access gets 403 whatever they sent."""
    return await _actor(services, principal, iin, channel)


Acting = Annotated[Actor, Depends(_acting)]


async def _language(services: Services, iin: str, lang: Lang | None) -> Lang:
    if lang is not None:
        return lang
    with Session(services.db) as session:
        pref = session.get(CitizenPreference, iin)
    if pref is not None and pref.language:
        return language_of(pref, None)
    try:
        person = await services.registries.lookup(
            "population",
            f"/persons/{iin}",
            purpose="Showing the citizen's inbox in their language",
            on_behalf_of="digital",
        )
    except RegistryUnavailable:
        person = None
    return language_of(None, person)


def _inbox(services: Services, iin: str, lang: Lang) -> dict[str, Any]:
    now = services.clock.now()
    catalogue = services.catalogue.current
    with Session(services.db) as session:
        items = list(
            session.exec(
                select(InboxItem)
                .where(InboxItem.citizen_iin == iin)
                .order_by(col(InboxItem.created_at).desc(), col(InboxItem.id).desc())
            ).all()
        )
        timelines = service.timeline_of(session, [i.id for i in items if i.id is not None])
        bundle_ids = sorted({i.bundle_id for i in items if i.bundle_id is not None}, reverse=True)
        bundles = {
            b.id: b
            for b in session.exec(
                select(InboxBundle).where(col(InboxBundle.id).in_(bundle_ids))
            ).all()
        }
    views = [
        item_view(
            item,
            lang,
            timeline=timelines.get(item.id or 0, []),
            bundle=bundles.get(item.bundle_id),
            now=now,
        )
        for item in items
    ]
    grouped = []
    for bundle_id in bundle_ids:
        bundle = bundles.get(bundle_id)
        if bundle is None:
            continue
        members = sorted((i for i in items if i.bundle_id == bundle_id), key=lambda i: i.id or 0)
        event = catalogue.life_events.get(bundle.life_event)
        title = event.title.in_(lang) if event else bundle.life_event
        grouped.append(bundle_view(bundle, members, title, now, lang))
    return {"iin": iin, "lang": lang, "now": now.isoformat(), "items": views, "bundles": grouped}


@router.get("/api/citizens/{iin}/inbox", **answers(Inbox, *LOOKUP, 503))
async def get_inbox(
    iin: IINPath, principal: Caller, services: Svc, lang: LangQuery = None
) -> dict[str, Any]:
    actor = await _actor(services, principal, iin, "api")
    language = await _language(services, iin, lang)
    body = await run_in_threadpool(_inbox, services, iin, language)
    body["acting_as"] = actor.kind
    return body


def _item_for_reading(services: Services, item_id: int) -> InboxItem:
    with Session(services.db) as session:
        try:
            return service.get_item(session, item_id)
        except InboxError as error:
            raise http_error(error) from error


@router.get("/api/inbox/{item_id}", **answers(ItemView, *LOOKUP, 503))
async def get_item(
    item_id: RowId, principal: Caller, services: Svc, lang: LangQuery = None
) -> dict[str, Any]:
    item = _item_for_reading(services, item_id)
    await _actor(services, principal, item.citizen_iin, "api")
    return await _shown_item(services, item, lang)


async def _shown_item(services: Services, item: InboxItem, lang: Lang | None) -> dict[str, Any]:
    """The item as its reader sees it (whose right to read it is already checked)."""
    assert item.id is not None
    language = await _language(services, item.citizen_iin, lang)
    with Session(services.db) as session:
        timeline = service.timeline_of(session, [item.id])[item.id]
        bundle = session.get(InboxBundle, item.bundle_id) if item.bundle_id else None
    return item_view(item, language, timeline=timeline, bundle=bundle, now=services.clock.now())


def _change(
    services: Services, item_ids: list[int], actor: Actor, change: Change, iban: str | None
) -> None:
    now = services.clock.now()
    try:
        with transaction(services.db) as session:
            items = [session.get(InboxItem, i, with_for_update=True) for i in item_ids]
            present = [i for i in items if i is not None]
            if len(present) != len(item_ids):
                raise http_error(NotFound("the item no longer exists"))
            if iban is not None:
                service.supply_bank_account(session, present[0].citizen_iin, iban, actor, now)
            change(session, present, actor, now)
    except InboxError as error:
        raise http_error(error) from error


async def _answering(services: Services, principal: Principal, iin: str, channel: str) -> Actor:
    """Who answers for the citizen: the citizen or someone acting for them, never a reader."""
    actor = await _actor(services, principal, iin, channel)
    try:
        require_acting(actor)
    except InboxError as error:
        raise http_error(error) from error
    return actor


async def _item_answerer(
    item_id: RowId, principal: Caller, services: Svc, channel: Channel = "api"
) -> Actor:
    """Who answers the item of the path: resolved before any body is read, so that a caller
    who may not answer it gets 404 or 403 whatever they sent."""
    item = _item_for_reading(services, item_id)
    return await _answering(services, principal, item.citizen_iin, channel)


ItemAnswerer = Annotated[Actor, Depends(_item_answerer)]


async def _answer_item(
    services: Services,
    item_id: int,
    actor: Actor,
    change: Change,
    lang: Lang | None,
    iban: str | None = None,
) -> dict[str, Any]:
    await run_in_threadpool(_change, services, [item_id], actor, change, iban)
    # the answerer may read what they answered: no second check of who they are
    return await _shown_item(services, _item_for_reading(services, item_id), lang)


@router.post("/api/inbox/{item_id}/accept", **answers(ItemView, *ACTION, 503))
async def accept_item(
    item_id: RowId,
    actor: ItemAnswerer,
    services: Svc,
    body: Annotated[AnswerIn | None, Body()] = None,
    lang: LangQuery = None,
) -> dict[str, Any]:
    """Consent to one offered item (409 when it is not open: answered, expired, closed)."""
    iban = body.iban if body else None
    return await _answer_item(services, item_id, actor, service.accept, lang, iban)


@router.post("/api/inbox/{item_id}/decline", **answers(ItemView, *ACTION, 503))
async def decline_item(
    item_id: RowId,
    actor: ItemAnswerer,
    services: Svc,
    lang: LangQuery = None,
) -> dict[str, Any]:
    """Refuse one offered item; the refusal can be undone for 30 days."""
    return await _answer_item(services, item_id, actor, service.decline, lang)


@router.post("/api/inbox/{item_id}/undo-decline", **answers(ItemView, *ACTION, 503))
async def undo_decline_item(
    item_id: RowId,
    actor: ItemAnswerer,
    services: Svc,
    lang: LangQuery = None,
) -> dict[str, Any]:
    """Take back a refusal: the offer is open again (at least 72 hours)."""
    return await _answer_item(services, item_id, actor, service.undo_decline, lang)


@router.post("/api/inbox/{item_id}/ask-again", **answers(ItemView, *ACTION, 503))
async def ask_again_item(
    item_id: RowId,
    actor: ItemAnswerer,
    services: Svc,
    lang: LangQuery = None,
) -> dict[str, Any]:
    """Re-open an offer that expired unanswered (within 180 days of its expiry)."""
    return await _answer_item(services, item_id, actor, service.ask_again, lang)


async def _offer_answerer(
    bundle_id: RowId, principal: Caller, services: Svc, channel: Channel = "api"
) -> Actor:
    """Who answers the offer of the path, resolved before any body is read (as for items)."""
    with Session(services.db) as session:
        try:
            bundle = service.get_bundle(session, bundle_id)
        except InboxError as error:
            raise http_error(error) from error
    return await _answering(services, principal, bundle.citizen_iin, channel)


OfferAnswerer = Annotated[Actor, Depends(_offer_answerer)]


async def _answer_offer(
    services: Services,
    bundle_id: int,
    actor: Actor,
    change: Change,
    lang: Lang | None,
    iban: str | None = None,
) -> dict[str, Any]:
    with Session(services.db) as session:
        bundle = service.get_bundle(session, bundle_id)
        members = service.bundle_items(session, bundle_id)
    now = services.clock.now()
    open_ids = [i.id for i in members if i.id is not None and i.status == "offered"]
    if not open_ids:
        raise http_error(Conflict(f"offer {bundle_id} has no item waiting for an answer"))
    await run_in_threadpool(_change, services, open_ids, actor, change, iban)
    language = await _language(services, bundle.citizen_iin, lang)
    body = await run_in_threadpool(_inbox, services, bundle.citizen_iin, language)
    return {
        "offer": next(b for b in body["bundles"] if b["id"] == bundle_id),
        "items": [i for i in body["items"] if i["bundle_id"] == bundle_id],
        "answered_at": now.isoformat(),
    }


@router.post("/api/inbox/offers/{bundle_id}/accept", **answers(OfferAnswered, *ACTION, 503))
async def accept_offer(
    bundle_id: RowId,
    actor: OfferAnswerer,
    services: Svc,
    body: Annotated[AnswerIn | None, Body()] = None,
    lang: LangQuery = None,
) -> dict[str, Any]:
    """The one answer to a whole life event's offer: consent to every item still open."""
    iban = body.iban if body else None
    return await _answer_offer(services, bundle_id, actor, service.accept, lang, iban)


@router.post("/api/inbox/offers/{bundle_id}/decline", **answers(OfferAnswered, *ACTION, 503))
async def decline_offer(
    bundle_id: RowId,
    actor: OfferAnswerer,
    services: Svc,
    lang: LangQuery = None,
) -> dict[str, Any]:
    return await _answer_offer(services, bundle_id, actor, service.decline, lang)


@router.post("/api/citizens/{iin}/bank-account", **answers(BankAccountGiven, *ACTION, 503))
async def give_bank_account(
    iin: IINPath, actor: Acting, body: BankAccountIn, services: Svc
) -> dict[str, Any]:
    """The bank account an offer asked for; clears the request from every waiting item."""
    try:
        require_acting(actor)
    except InboxError as error:
        raise http_error(error) from error

    def save() -> list[int]:
        with transaction(services.db) as session:
            updated = service.supply_bank_account(
                session, iin, body.iban, actor, services.clock.now()
            )
            return [i.id for i in updated if i.id is not None]

    updated = await run_in_threadpool(save)
    return {"iin": iin, "iban_last4": body.iban[-4:], "items_updated": updated}


@router.get("/api/citizens/{iin}/preferences", **answers(Preferences, *LOOKUP, 503))
async def get_preferences(iin: IINPath, principal: Caller, services: Svc) -> dict[str, Any]:
    """The language and channel chosen, and where messages really go (``sends_to``)."""
    await _actor(services, principal, iin, "api")
    return await _preferences(services, iin)


async def _preferences(services: Services, iin: str) -> dict[str, Any]:
    with Session(services.db) as session:
        pref = session.get(CitizenPreference, iin)
    try:
        person = await services.registries.lookup(
            "population", f"/persons/{iin}", purpose=SHOWING_PREFERENCES, on_behalf_of="digital"
        )
    except RegistryUnavailable:
        return preferences_view(iin, pref, None, known=False)
    return preferences_view(iin, pref, person, known=True)


@router.put("/api/citizens/{iin}/preferences", **answers(Preferences, *ACTION, 503))
async def put_preferences(
    iin: IINPath, actor: Acting, body: PreferencesIn, services: Svc
) -> dict[str, Any]:
    """The language and channel for messages (sms, push to eGov Mobile, or e-mail)."""
    try:
        require_acting(actor)
        with transaction(services.db) as session:
            check_channel(session.get(CitizenPreference, iin), body.channel, body.email)
            save_preference(
                session,
                iin,
                services.clock.now(),
                language=body.language,
                channel=body.channel,
                email=body.email,
            )
    except InboxError as error:
        raise http_error(error) from error
    return await _preferences(services, iin)


@router.get("/api/citizens/{iin}/messages", **answers(Messages, *LOOKUP, 503))
async def get_messages(
    iin: IINPath,
    principal: Caller,
    services: Svc,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    lang: LangQuery = None,
) -> dict[str, Any]:
    """The citizen's thread with 1414: the messages sent to them or about their matters and
    the SMS they sent, newest first."""
    await _actor(services, principal, iin, "api")
    language = await _language(services, iin, lang)
    with Session(services.db) as session:
        return {"items": thread(session, iin, language, limit)}
