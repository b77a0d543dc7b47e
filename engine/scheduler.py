"""The background jobs of an engine process, on an asyncio scheduler in its own thread.

Each job is a small async function of the services. Which jobs a process runs depends on its
role: the embedded demo runs them all; in a distributed deployment `proactive scheduler` runs
the periodic ones (guarded by advisory locks, so several schedulers are safe) and
`proactive worker` processes events."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from engine.audit.jobs import audit_checkpoint
from engine.inbox.jobs import expire_offers, follow_fulfilment, send_reminders
from engine.locks import singleton
from engine.notify.deliver import process_outbox
from engine.pipeline.milestones import detect_milestones
from engine.pipeline.process import process_pending
from engine.pipeline.reevaluate import reevaluate_changed_rules
from engine.registries.client import RegistryUnavailable
from engine.registries.watcher import poll_feed
from engine.services import Services

log = logging.getLogger("engine.scheduler")

Job = Callable[[], Awaitable[None]]


@dataclass(frozen=True)
class JobSpec:
    id: str
    seconds: float
    run: Job


def guarded(services: Services, name: str, job: Job, *, exclusive: bool = True) -> Job:
    """Run the job (while holding its advisory lock when ``exclusive``); errors are logged
    with the job's name and never stop the scheduler."""

    async def attempt() -> None:
        try:
            await job()
        except RegistryUnavailable:
            pass  # recorded with its backoff by the job itself
        except Exception:
            log.exception("engine.job.failed job=%s", name)

    async def run() -> None:
        if not exclusive:
            await attempt()
            return
        with singleton(services.db, name) as mine:
            if mine:
                await attempt()

    return run


def watch_feed(services: Services, registry: str) -> Job:
    async def run() -> None:
        await poll_feed(
            services.db,
            services.registries,
            services.clock,
            registry,
            limit=services.settings.poll_limit,
            wait=services.settings.poll_wait_seconds,
            respect_backoff=True,
        )

    return run


def process(services: Services) -> Job:
    async def run() -> None:
        await process_pending(services)

    return run


def milestones(services: Services) -> Job:
    async def run() -> None:
        await detect_milestones(services)

    return run


def reevaluate(services: Services) -> Job:
    async def run() -> None:
        await reevaluate_changed_rules(services)

    return run


def periodic_jobs(services: Services) -> list[JobSpec]:
    """The jobs a scheduler process runs."""
    jobs = [
        JobSpec(
            f"watch:{feed}", 0.2, guarded(services, f"watch:{feed}", watch_feed(services, feed))
        )
        for feed in services.settings.feeds
    ]
    # Cheap when nothing is due (one read of the job's state), so a new day is seen at once.
    jobs.append(JobSpec("milestones", 5, guarded(services, "milestones", milestones(services))))
    jobs.append(JobSpec("reevaluate", 5, guarded(services, "reevaluate", reevaluate(services))))
    jobs.extend(inbox_jobs(services))
    jobs.append(
        JobSpec(
            "audit:checkpoint",
            services.settings.audit_checkpoint_seconds,
            guarded(services, "audit:checkpoint", audit_checkpoint(services)),
        )
    )
    return jobs


def worker_jobs(services: Services) -> list[JobSpec]:
    """The jobs a worker process runs (any number of workers may run them at once)."""
    interval = services.settings.process_interval_seconds
    return [
        JobSpec(
            "process", interval, guarded(services, "process", process(services), exclusive=False)
        ),
        JobSpec("rules:reload", 2, rules_reload(services)),
    ]


def rules_reload(services: Services) -> Job:
    """Hot reload: a changed or new rule file takes effect in this process without restart."""

    async def run() -> None:
        await asyncio.to_thread(services.catalogue.refresh_if_changed)

    return run


def inbox_jobs(services: Services) -> list[JobSpec]:
    """Reminders, expiry of unanswered offers, and the notification outbox."""

    async def reminders() -> None:
        await asyncio.to_thread(send_reminders, services)

    async def expiry() -> None:
        await asyncio.to_thread(expire_offers, services)

    async def outbox() -> None:
        await process_outbox(services)

    async def fulfilment() -> None:
        await asyncio.to_thread(follow_fulfilment, services)

    return [
        JobSpec("inbox:reminders", 5, guarded(services, "inbox:reminders", reminders)),
        JobSpec("inbox:expiry", 5, guarded(services, "inbox:expiry", expiry)),
        JobSpec("notify:outbox", 1, guarded(services, "notify:outbox", outbox)),
        JobSpec("inbox:fulfilment", 5, guarded(services, "inbox:fulfilment", fulfilment)),
    ]


class BackgroundJobs:
    """Starts and stops a scheduler thread with the given jobs; nothing is registered on
    import."""

    def __init__(self, services: Services, jobs: list[JobSpec]) -> None:
        self.services = services
        self.jobs = jobs
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="proactive-jobs", daemon=True)
        self._ready = threading.Event()
        self._scheduler: AsyncIOScheduler | None = None

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        scheduler = AsyncIOScheduler(event_loop=self._loop, timezone="UTC")
        for job in self.jobs:
            scheduler.add_job(
                job.run, "interval", seconds=job.seconds, id=job.id, max_instances=1, coalesce=True
            )
        scheduler.start()
        self._scheduler = scheduler
        self._ready.set()
        self._loop.run_forever()

    def start(self) -> None:
        # A long-poll outlasts its interval by design; skipped runs are expected, not news.
        logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)
        logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
        self._thread.start()
        self._ready.wait(10)

    def stop(self) -> None:
        """Stop the jobs; calling it again does nothing."""
        if not self._thread.is_alive():
            return
        scheduler = self._scheduler
        if scheduler is not None:
            self._loop.call_soon_threadsafe(lambda: scheduler.shutdown(wait=False))
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def run_forever(self) -> None:
        """For the `worker` and `scheduler` commands: block until interrupted."""
        self.start()
        stop = threading.Event()
        try:
            while not stop.wait(1):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()
