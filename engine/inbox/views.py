"""Inbox items and offers as the citizen (and the page) sees them, in one language."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from engine.inbox.explain import render_next
from engine.inbox.models import InboxBundle, InboxItem, InboxTimeline
from engine.inbox.names import action_name, actor_name, channel_name, status_name
from engine.inbox.policy import ASK_AGAIN_PERIOD
from engine.kernel.l10n import moment, money
from engine.kernel.texts import Lang


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when else None


def _shown(when: datetime | None, lang: Lang) -> str | None:
    """A time as the page shows it: CLDR, Almaty time (the page names the zone once)."""
    return moment(when, lang, zone=False) if when else None


def _note(entry: InboxTimeline, lang: Lang) -> str | None:
    """The part of a history note a citizen reads: the channel a message went by, the last
    digits of an account given; the engine's own notes (rule ids, reasons) stay internal."""
    if entry.action.endswith("_sent") and entry.note:
        return channel_name(entry.note, lang)
    if entry.action == "bank_account_given":
        return entry.note
    return None


def timeline_entry(entry: InboxTimeline, lang: Lang) -> dict[str, Any]:
    return {
        "at": entry.at.isoformat(),
        "at_shown": _shown(entry.at, lang),
        "action": entry.action,
        "action_name": action_name(entry.action, lang),
        "from": entry.status_from,
        "to": entry.status_to,
        "actor": entry.actor,
        "actor_name": actor_name(entry.actor, lang),
        "channel": entry.channel,
        "channel_name": channel_name(entry.channel, lang),
        "note": entry.note,
        "note_shown": _note(entry, lang),
    }


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
        "status_name": status_name(item.status, lang),
        "title": texts["title"][lang],
        "body": texts["body"][lang],
        "amount_kzt": item.amount_kzt,
        "amount_shown": money(item.amount_kzt, lang) if item.amount_kzt is not None else None,
        "explanation": texts["explanation"][lang],
        "why": explained["why"] if explained else None,
        "next": {
            **explained["next"],
            "lines": render_next(explained, item.expires_at, lang, item.status),
        }
        if explained
        else None,
        "missing": list(item.missing or []),
        "actions": actions(item, now),
        "created_at": item.created_at.isoformat(),
        "expires_at": _iso(item.expires_at),
        "answered_at": _iso(item.answered_at),
        "undo_until": _iso(item.undo_until),
        "created_at_shown": _shown(item.created_at, lang),
        "expires_at_shown": _shown(item.expires_at, lang),
        "undo_until_shown": _shown(item.undo_until, lang),
        "lang": lang,
    }
    if timeline is not None:
        view["timeline"] = [timeline_entry(entry, lang) for entry in timeline]
    return view


def bundle_view(
    bundle: InboxBundle, items: list[InboxItem], title: str, now: datetime, lang: Lang
) -> dict[str, Any]:
    open_items = [i for i in items if "accept" in actions(i, now)]
    deadlines = [i.expires_at for i in open_items if i.expires_at]
    total = sum(i.amount_kzt or 0 for i in items if i.status not in ("declined",))
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
        "created_at_shown": _shown(bundle.created_at, lang),
        "expires_at_shown": _shown(min(deadlines), lang) if deadlines else None,
        "total_kzt": total,
        "total_shown": money(total, lang),
    }
