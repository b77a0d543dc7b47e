"""Kazakhstan's time (one zone, UTC+5, since 1 March 2024) for what citizens read."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

KZ_TIME = timezone(timedelta(hours=5), "Asia/Almaty")


def local(moment: datetime) -> datetime:
    return moment.astimezone(KZ_TIME)


def shown(moment: datetime | None) -> str:
    """A deadline as citizens read it: ``19.03.2026 14:00``."""
    return local(moment).strftime("%d.%m.%Y %H:%M") if moment else "—"
