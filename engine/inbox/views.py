"""Inbox items and offers as the citizen (and the page) sees them, in one language."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from engine.inbox.explain import render_next
from engine.inbox.models import InboxBundle, InboxItem, InboxTimeline
from engine.inbox.policy import ASK_AGAIN_PERIOD
from engine.kernel.texts import Lang


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def actions(item: InboxItem, now: datetime | None) -> list[str]:
    """What the citizen can do with the item right now."""
    found: list[str] = []
    if item.status == "offered" and (now is None or not item.expires_at or now < item.expires_at):
        found += ["accept", "decline"]
    if item.status == "declined" and item.undo_until and (now is None or now <= item.undo_until):
        found.append("undo_decline")
    if (
        item.status == "expired"
        and item.expires_at
        and (now is None or now <= item.expires_at + ASK_AGAIN_PERIOD)
    ):
        found.append("ask_again")
    if "bank_account" in (item.missing or []) and item.status not in (
        "declined",
        "superseded",
        "revoked",
        "rejected",
    ):
        found.append("give_bank_account")
    return found


def item_view(
    item: InboxItem,
    lang: Lang,
    *,
    timeline: list[InboxTimeline] | None = None,
    bundle: InboxBundle | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    texts = item.texts
    explained = (item.explanation or {}).get(lang)
    view: dict[str, Any] = {
        "id": item.id,
        "rule_id": item.rule_id,
        "life_event": item.life_event,
        "case_id": item.case_id,
        "bundle_id": item.bundle_id,
        "reference": bundle.reference if bundle else None,
        "delivery": item.delivery,
        "status": item.status,
        "title": texts["title"][lang],
        "body": texts["body"][lang],
        "amount_kzt": item.amount_kzt,
        "explanation": texts["explanation"][lang],
        "why": explained["why"] if explained else None,
        "next": {
            **explained["next"],
            "lines": render_next(explained, item.expires_at, lang),
        }
        if explained
        else None,
        "missing": list(item.missing or []),
        "actions": actions(item, now),
        "created_at": item.created_at.isoformat(),
        "expires_at": _iso(item.expires_at),
        "answered_at": _iso(item.answered_at),
        "undo_until": _iso(item.undo_until),
        "lang": lang,
    }
    if timeline is not None:
        view["timeline"] = [
            {
                "at": entry.at.isoformat(),
                "action": entry.action,
                "from": entry.status_from,
                "to": entry.status_to,
                "actor": entry.actor,
                "channel": entry.channel,
                "note": entry.note,
            }
            for entry in timeline
        ]
    return view


def bundle_view(
    bundle: InboxBundle, items: list[InboxItem], title: str, now: datetime
) -> dict[str, Any]:
    open_items = [i for i in items if "accept" in actions(i, now)]
    deadlines = [i.expires_at for i in open_items if i.expires_at]
    return {
        "id": bundle.id,
        "reference": bundle.reference,
        "case_id": bundle.case_id,
        "life_event": bundle.life_event,
        "title": title,
        "created_at": bundle.created_at.isoformat(),
        "item_ids": [i.id for i in items],
        "open_item_ids": [i.id for i in open_items],
        "expires_at": _iso(min(deadlines)) if deadlines else None,
        "total_kzt": sum(i.amount_kzt or 0 for i in items if i.status not in ("declined",)),
    }
