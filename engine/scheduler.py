"""The background jobs of an engine process: one feed watcher per registry and the event
processor, on an asyncio scheduler running in its own thread."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from engine.inbox.jobs import expire_offers, send_reminders
from engine.notify.deliver import process_outbox
from engine.pipeline.process import process_pending
from engine.registries.client import RegistryUnavailable
from engine.registries.watcher import poll_feed
from engine.services import Services

log = logging.getLogger("engine.scheduler")

WATCHED_FEEDS = ("civil",)


def watch_job(services: Services, registry: str) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        try:
            await poll_feed(
                services.db,
                services.registries,
                services.clock,
                registry,
                limit=services.settings.poll_limit,
                wait=services.settings.poll_wait_seconds,
            )
        except RegistryUnavailable as error:
            log.warning("engine.feed.unavailable registry=%s error=%s", registry, error)

    return run


def process_job(services: Services) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        await process_pending(services)

    return run


def inbox_jobs(services: Services) -> list[tuple[str, Callable[[], Awaitable[None]], float]]:
    """Reminders, expiry of unanswered offers, and the notification outbox."""

    async def reminders() -> None:
        await asyncio.to_thread(send_reminders, services)

    async def expiry() -> None:
        await asyncio.to_thread(expire_offers, services)

    async def outbox() -> None:
        await process_outbox(services)

    return [
        ("inbox:reminders", reminders, 5),
        ("inbox:expiry", expiry, 5),
        ("notify:outbox", outbox, 1),
    ]


class BackgroundJobs:
    """Starts and stops the scheduler thread; jobs are registered here, never on import."""

    def __init__(self, services: Services, feeds: tuple[str, ...] = WATCHED_FEEDS) -> None:
        self.services = services
        self.feeds = feeds
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="proactive-jobs", daemon=True)
        self._ready = threading.Event()
        self._scheduler: AsyncIOScheduler | None = None

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        scheduler = AsyncIOScheduler(event_loop=self._loop, timezone="UTC")
        for registry in self.feeds:
            scheduler.add_job(
                watch_job(self.services, registry),
                "interval",
                seconds=0.2,
                id=f"watch:{registry}",
                max_instances=1,
                coalesce=True,
            )
        scheduler.add_job(
            process_job(self.services),
            "interval",
            seconds=self.services.settings.process_interval_seconds,
            id="process",
            max_instances=1,
            coalesce=True,
        )
        for job_id, run, seconds in inbox_jobs(self.services):
            scheduler.add_job(
                run, "interval", seconds=seconds, id=job_id, max_instances=1, coalesce=True
            )
        scheduler.start()
        self._scheduler = scheduler
        self._ready.set()
        self._loop.run_forever()

    def start(self) -> None:
        logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)
        logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
        self._thread.start()
        self._ready.wait(10)

    def stop(self) -> None:
        scheduler = self._scheduler
        if scheduler is not None:
            self._loop.call_soon_threadsafe(lambda: scheduler.shutdown(wait=False))
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
