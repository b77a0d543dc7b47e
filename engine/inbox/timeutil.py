"""Kazakhstan's time (one zone, UTC+5, since 1 March 2024) for what citizens read."""

from __future__ import annotations

from datetime import datetime

from engine.kernel.l10n import KZ_TIME, moment


def local(when: datetime) -> datetime:
    return when.astimezone(KZ_TIME)


def shown(when: datetime | None, lang: str = "en") -> str:
    """A deadline as citizens read it, by CLDR, in Almaty time with its zone named:
    ``20 марта 2026 г. 01:30 (время Алматы)``."""
    return "—" if when is None else moment(when, lang)
