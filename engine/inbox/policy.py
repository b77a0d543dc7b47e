"""How long a citizen has to answer, when they are reminded, how long a refusal can be undone
and how long an expired offer can be asked for again."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from engine.kernel.rules import Rule

DEFAULT_REMINDER_HOURS = (24,)
UNDO_DECLINE_PERIOD = timedelta(days=30)
ASK_AGAIN_PERIOD = timedelta(days=180)
REOPENED_WINDOW_MIN = timedelta(hours=72)

OPEN_STATUSES = ("offered",)
FINAL_STATUSES = ("paid", "rejected", "informed", "superseded", "revoked")

# Which status may follow which; anything else is refused with 409.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "offered": ("accepted", "declined", "expired", "superseded", "revoked"),
    "declined": ("offered", "superseded", "revoked"),
    "expired": ("offered", "superseded", "revoked"),
    "accepted": ("in_fulfilment", "granted", "rejected", "superseded", "revoked"),
    "in_fulfilment": ("granted", "paid", "rejected", "superseded", "revoked"),
    "granted": ("in_fulfilment", "paid", "rejected", "superseded", "revoked"),
    "paid": ("superseded", "revoked"),
    "rejected": ("superseded",),
    "informed": ("superseded", "revoked"),
    "superseded": (),
    "revoked": (),
}


def reminder_hours(rule: Rule) -> list[int]:
    """Hours before expiry at which to remind: the rule's own list when it has one, else one
    reminder a day before; never at or beyond the window itself."""
    declared: Any = getattr(rule, "reminders_hours_before", None) or getattr(
        rule, "reminders", None
    )
    hours = list(_hours(declared)) if declared else list(DEFAULT_REMINDER_HOURS)
    window = rule.consent_window_hours
    return sorted({h for h in hours if 0 < h < window}, reverse=True)


def _hours(declared: Iterable[Any]) -> Iterable[int]:
    for entry in declared:
        if isinstance(entry, int):
            yield entry
            continue
        for name in ("hours_before_expiry", "before_expiry_hours", "hours_before"):
            value = getattr(entry, name, None)
            if isinstance(value, int):
                yield value
                break


def next_reminder(
    expires_at: datetime, hours: list[int], sent: int, now: datetime
) -> datetime | None:
    """The moment of the next reminder not yet sent and still ahead of the expiry."""
    for index, before in enumerate(hours):
        if index < sent:
            continue
        moment = expires_at - timedelta(hours=before)
        if moment < expires_at:
            return max(moment, now)
    return None
