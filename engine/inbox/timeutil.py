"""Kazakhstan's time (one zone, UTC+5, since 1 March 2024) for what citizens read."""

from __future__ import annotations

from datetime import datetime

from engine.kernel.l10n import KZ_TIME, ZONE


def local(moment: datetime) -> datetime:
    return moment.astimezone(KZ_TIME)


def shown(moment: datetime | None, lang: str = "en") -> str:
    """A deadline as citizens read it, with its zone: ``19.03.2026 14:00 (время Алматы)``."""
    if moment is None:
        return "—"
    label = ZONE.get(lang, ZONE["en"])
    return f"{local(moment).strftime('%d.%m.%Y %H:%M')} ({label})"
