"""Dates of a scenario: ISO dates, or relative to the deployment's day (``today-3d``)."""

from __future__ import annotations

import re
from datetime import date, timedelta

_RELATIVE = re.compile(r"^today(?:([+-])(\d+)d)?$")


def resolve_date(text: str, today: date) -> date:
    relative = _RELATIVE.match(text)
    if relative is None:
        return date.fromisoformat(text)
    sign, days = relative.groups()
    shift = timedelta(days=int(days or 0))
    return today - shift if sign == "-" else today + shift


def resolve_offset(text: str) -> timedelta:
    """``+3d`` or ``+6h``."""
    amount = int(text[1:-1])
    return timedelta(days=amount) if text.endswith("d") else timedelta(hours=amount)
