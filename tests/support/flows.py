"""Driving the engine's jobs by hand, as the scheduler would, without waiting for it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from engine.auth.tokens import Principal, issue
from engine.pipeline.process import process_pending
from engine.registries.watcher import poll_feed
from engine.services import Services


async def run_jobs(services: Services, feeds: tuple[str, ...] = ("civil",)) -> None:
    for feed in feeds:
        await poll_feed(services.db, services.registries, services.clock, feed)
    await process_pending(services)


def citizen_token(services: Services, iin: str) -> dict[str, str]:
    token = issue(
        Principal(kind="citizen", subject=iin),
        services.settings.secret,
        datetime.now(UTC),
        timedelta(hours=1),
    )
    return {"Authorization": f"Bearer {token}"}


def official_token(services: Services, agency: str) -> dict[str, str]:
    token = issue(
        Principal(kind="official", subject=agency, role="officer"),
        services.settings.secret,
        datetime.now(UTC),
        timedelta(hours=1),
    )
    return {"Authorization": f"Bearer {token}"}
