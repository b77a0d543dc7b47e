"""The outbox job: sends pending messages through the citizen's channel, in their language,
retries failures with back-off (falling back to the app when SMS or e-mail keeps failing),
holds SMS at night, and records delivery receipts. Never called from a request."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from engine.audit.chain import append as audit
from engine.db import transaction
from engine.iinmask import mask
from engine.inbox.models import CitizenPreference, InboxBundle
from engine.inbox.proxies import notify_targets
from engine.inbox.service import SYSTEM, bundle_items, mark_missing, note
from engine.inbox.timeutil import local
from engine.kernel.l10n import KZ_TIME
from engine.notify.gateways import Gateway, GatewayError, mock_gateways, pending_receipts
from engine.notify.models import GatewayMessage, Notification
from engine.notify.outbox import enqueue
from engine.notify.preferences import Route, route_for
from engine.notify.render import NothingToSay, render
from engine.registries.client import RegistryUnavailable
from engine.services import Services

log = logging.getLogger("engine.notify")

MAX_ATTEMPTS = 5
BACKOFF_MINUTES = (1, 5, 15, 60, 240)
HELD_AT_NIGHT = ("bundle", "reminder", "expired")
SMS_FROM_HOUR, SMS_UNTIL_HOUR = 9, 21
PURPOSE = "Sending the citizen a notice about their entitlements"
DECEASED = "the citizen has died: nothing is sent to a deceased person"


def sms_allowed_at(moment: datetime) -> bool:
    return SMS_FROM_HOUR <= local(moment).hour < SMS_UNTIL_HOUR


def next_morning(moment: datetime) -> datetime:
    here = local(moment)
    morning = here.replace(hour=SMS_FROM_HOUR, minute=0, second=0, microsecond=0)
    if here.hour >= SMS_FROM_HOUR:
        morning += timedelta(days=1)
    return morning.astimezone(KZ_TIME)


async def process_outbox(
    services: Services, limit: int = 100, gateways: Mapping[str, Gateway] | None = None
) -> int:
    """Send what is due; returns how many messages were handed to a gateway."""
    gateways = gateways or mock_gateways()
    now = services.clock.now()
    with Session(services.db) as session:
        due = list(
            session.exec(
                select(Notification)
                .where(Notification.status == "pending", col(Notification.next_attempt_at) <= now)
                .order_by(col(Notification.id))
                .limit(limit)
            ).all()
        )
    people: dict[str, dict[str, Any] | None] = {}
    sent = 0
    for notification in due:
        try:
            subject = await _person(services, people, notification.citizen_iin)
            with Session(services.db) as session:
                targets = (
                    [notification.recipient_iin]
                    if notification.recipient_iin
                    else notify_targets(session, subject, notification.citizen_iin, now.date())
                )
            recipient = (
                subject
                if not targets or targets[0] == notification.citizen_iin
                else await _person(services, people, targets[0])
            )
        except RegistryUnavailable as error:
            _postpone(services, notification.id, now, f"population register: {error}")
            continue
        with transaction(services.db) as session:
            if _deliver(
                session, services, notification.id, subject, targets, recipient, now, gateways
            ):
                sent += 1
    apply_mock_receipts(services, now)
    return sent


async def _person(
    services: Services, cache: dict[str, dict[str, Any] | None], iin: str
) -> dict[str, Any] | None:
    if iin not in cache:
        cache[iin] = await services.registries.lookup(
            "population", f"/persons/{iin}", purpose=PURPOSE, on_behalf_of="digital"
        )
    return cache[iin]


def _postpone(services: Services, notification_id: int | None, now: datetime, why: str) -> None:
    with transaction(services.db) as session:
        notification = session.get(Notification, notification_id)
        if notification is not None and notification.status == "pending":
            notification.next_attempt_at = now + timedelta(minutes=1)
            notification.last_error = why[:500]
            session.add(notification)


def _deliver(
    session: Session,
    services: Services,
    notification_id: int | None,
    subject: dict[str, Any] | None,
    targets: list[str],
    recipient: dict[str, Any] | None,
    now: datetime,
    gateways: Mapping[str, Gateway],
) -> bool:
    notification = session.get(Notification, notification_id, with_for_update=True)
    if notification is None or notification.status != "pending":
        return False
    if not targets:
        _cancel(session, notification, DECEASED, now)
        return False
    for extra in targets[1:]:
        enqueue(
            session,
            dedup_key=f"{notification.dedup_key}:to:{extra}",
            kind=notification.kind,
            citizen_iin=notification.citizen_iin,
            recipient_iin=extra,
            bundle_id=notification.bundle_id,
            context=notification.context,
            now=now,
        )
    target = targets[0]
    if target == notification.citizen_iin and recipient and recipient.get("alive") is False:
        _cancel(session, notification, DECEASED, now)
        return False
    notification.recipient_iin = target
    route = _route(session, notification, recipient, target)
    if route.channel == "sms" and notification.kind in HELD_AT_NIGHT and not sms_allowed_at(now):
        notification.next_attempt_at = next_morning(now)
        session.add(notification)
        return False
    bundle = session.get(InboxBundle, notification.bundle_id) if notification.bundle_id else None
    items = bundle_items(session, bundle.id or 0) if bundle else []
    if notification.kind == "bundle" and (subject or {}).get("has_bank_account") is False:
        mark_missing(session, items, "bank_account", now)
    try:
        rendered = render(
            session,
            notification,
            route.lang,
            services.catalogue.current,
            subject,
            target != notification.citizen_iin,
            now,
        )
    except NothingToSay as why:
        notification.status = "skipped"
        notification.last_error = str(why)
        session.add(notification)
        return False
    notification.channel = route.channel
    notification.address = route.address
    notification.lang = route.lang
    notification.template = rendered.template.id
    notification.template_version = rendered.template.version
    notification.body = rendered.body
    try:
        gateway_id = gateways[route.channel].send(
            session,
            address=route.address,
            body=rendered.body,
            client_ref=f"notification-{notification.id}-{notification.attempts}",
            now=now,
        )
    except GatewayError as error:
        _failed(notification, str(error), now)
        session.add(notification)
        return False
    notification.status = "sent"
    notification.sent_at = now
    notification.gateway_id = gateway_id
    notification.attempts += 1
    session.add(notification)
    if bundle is not None and notification.kind == "bundle" and bundle.notified_at is None:
        bundle.notified_at = now
        session.add(bundle)
    if notification.kind in HELD_AT_NIGHT:
        for item in items:
            note(session, item, notification.kind + "_sent", SYSTEM, now, route.channel)
    audit(
        session,
        action="notify.sent",
        actor="engine",
        object_type="notification",
        object_id=str(notification.id),
        subject_iin=notification.citizen_iin,
        at=now,
        data={
            "kind": notification.kind,
            "channel": route.channel,
            "template": f"{rendered.template.id}@{rendered.template.version}",
            "body_sha256": hashlib.sha256(rendered.body.encode()).hexdigest(),
        },
    )
    log.info(
        "notify.sent kind=%s channel=%s citizen=%s",
        notification.kind,
        route.channel,
        mask(notification.citizen_iin),
    )
    return True


def _route(
    session: Session, notification: Notification, recipient: dict[str, Any] | None, target: str
) -> Route:
    route = route_for(session.get(CitizenPreference, target), recipient, target)
    if notification.context.get("fallback") == "push":
        return Route("push", f"egov-mobile:{target}", route.lang)
    if notification.kind == "sms_reply":
        lang = notification.context.get("lang") or route.lang
        phone = (recipient or {}).get("phone")
        if phone:
            return Route("sms", str(phone), lang)
        return Route("push", f"egov-mobile:{target}", lang)
    return route


def _cancel(session: Session, notification: Notification, why: str, now: datetime) -> None:
    notification.status = "cancelled"
    notification.last_error = why
    session.add(notification)
    if notification.bundle_id:
        for item in bundle_items(session, notification.bundle_id):
            note(session, item, "not_sent", SYSTEM, now, why)
    log.warning("notify.cancelled citizen=%s reason=%s", mask(notification.citizen_iin), why)


def _failed(notification: Notification, error: str, now: datetime) -> None:
    notification.attempts += 1
    notification.last_error = error[:500]
    if notification.attempts < MAX_ATTEMPTS:
        minutes = BACKOFF_MINUTES[min(notification.attempts, len(BACKOFF_MINUTES)) - 1]
        notification.next_attempt_at = now + timedelta(minutes=minutes)
        log.warning("notify.retry id=%s attempts=%d", notification.id, notification.attempts)
        return
    if notification.channel != "push" and notification.context.get("fallback") != "push":
        notification.context = {**notification.context, "fallback": "push"}
        notification.attempts = 0
        notification.next_attempt_at = now
        log.warning("notify.fallback id=%s channel=push", notification.id)
        return
    notification.status = "failed"
    log.error("notify.failed id=%s error=%s", notification.id, error)


def apply_receipt(session: Session, gateway_id: str, status: str, now: datetime) -> bool:
    """A delivery receipt from a gateway: ``delivered`` or ``failed`` (which is retried)."""
    notification = session.exec(
        select(Notification).where(Notification.gateway_id == gateway_id)
    ).first()
    message = session.exec(
        select(GatewayMessage).where(GatewayMessage.gateway_id == gateway_id)
    ).first()
    if message is not None:
        message.status = status
        message.receipt_at = now
        session.add(message)
    if notification is None:
        return False
    if status == "delivered" and notification.status == "sent":
        notification.status = "delivered"
        notification.delivered_at = now
    elif status == "failed" and notification.status in ("sent", "delivered"):
        notification.status = "pending"
        _failed(notification, "the operator reported the message undelivered", now)
    session.add(notification)
    return True


def apply_mock_receipts(services: Services, now: datetime) -> int:
    """The mock operator delivers everything it accepted and says so."""
    with transaction(services.db) as session:
        messages = pending_receipts(session)
        for message in messages:
            apply_receipt(session, message.gateway_id, "delivered", now)
    return len(messages)
