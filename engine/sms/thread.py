"""The citizen's conversation with 1414 as one thread: every message sent to them or about
their matters, and every SMS they sent to 1414, newest first, with times, channels and
statuses in the reader's language."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from engine.inbox.names import channel_name, message_status_name
from engine.kernel.l10n import moment
from engine.kernel.texts import Lang
from engine.notify.models import InboundSms, Notification


def thread(session: Session, iin: str, lang: Lang, limit: int) -> list[dict[str, Any]]:
    sent = session.exec(
        select(Notification)
        .where((col(Notification.citizen_iin) == iin) | (col(Notification.recipient_iin) == iin))
        .order_by(col(Notification.id).desc())
        .limit(limit)
    ).all()
    received = session.exec(
        select(InboundSms)
        .where(InboundSms.from_iin == iin)
        .order_by(col(InboundSms.id).desc())
        .limit(limit)
    ).all()
    entries = [_sent(n, lang) for n in sent] + [_received(m, lang) for m in received]
    entries.sort(key=_order, reverse=True)
    return entries[:limit]


def _order(entry: dict[str, Any]) -> tuple[str, int]:
    """By time; at the same moment 1414's message comes first, the citizen's SMS after it and
    1414's reply to that SMS last."""
    rank = {"in": 1}.get(entry["direction"], 2 if entry["kind"] == "sms_reply" else 0)
    return entry["at"], rank


def _sent(n: Notification, lang: Lang) -> dict[str, Any]:
    at = n.sent_at or n.created_at
    return {
        "id": n.id,
        "direction": "out",
        "kind": n.kind,
        "status": n.status,
        "status_name": message_status_name(n.status, lang),
        "channel": n.channel,
        "channel_name": channel_name(n.channel, lang) if n.channel else None,
        "lang": n.lang,
        "body": n.body,
        "template": f"{n.template}@{n.template_version}" if n.template else None,
        "created_at": n.created_at.isoformat(),
        "sent_at": n.sent_at.isoformat() if n.sent_at else None,
        "delivered_at": n.delivered_at.isoformat() if n.delivered_at else None,
        "attempts": n.attempts,
        "at": at.isoformat(),
        "at_shown": _shown(at, lang),
    }


def _received(m: InboundSms, lang: Lang) -> dict[str, Any]:
    return {
        "id": m.id,
        "direction": "in",
        "kind": "sms_inbound",
        "status": "received",
        "status_name": message_status_name("received", lang),
        "channel": "sms",
        "channel_name": channel_name("sms", lang),
        "lang": m.lang,
        "body": m.text,
        "created_at": m.received_at.isoformat(),
        "at": m.received_at.isoformat(),
        "at_shown": _shown(m.received_at, lang),
    }


def _shown(at: datetime, lang: Lang) -> str:
    return moment(at, lang, zone=False)
