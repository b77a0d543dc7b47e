"""The `worker` and `scheduler` processes of a distributed deployment."""

from __future__ import annotations

import logging

import typer

from engine.config import Settings
from engine.iinmask import configure_logging

log = logging.getLogger("engine.processes")


def _services() -> object:
    from engine.app import build_services

    settings = Settings()
    try:
        settings.check_secret()
        settings.check_audit_key()
    except RuntimeError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from error
    return build_services(settings)


def worker() -> None:
    """Claim and process registry events (run as many as the load needs; on PostgreSQL they
    share the work with SELECT ... FOR UPDATE SKIP LOCKED)."""
    from engine.scheduler import BackgroundJobs, worker_jobs
    from engine.services import Services

    configure_logging()
    services = _services()
    assert isinstance(services, Services)
    log.info("engine.worker.started database=%s", services.db.dialect.name)
    BackgroundJobs(services, worker_jobs(services)).run_forever()


def scheduler() -> None:
    """Watch the registry feeds and run the periodic jobs (milestones, re-evaluation, the
    inbox's reminders and expiries). Several schedulers are safe: each job holds an advisory
    lock while it runs."""
    from engine.pipeline.milestones import remember_start
    from engine.scheduler import BackgroundJobs, periodic_jobs
    from engine.services import Services

    configure_logging()
    services = _services()
    assert isinstance(services, Services)
    log.info("engine.scheduler.started feeds=%s", ",".join(services.settings.feeds))
    remember_start(services)
    BackgroundJobs(services, periodic_jobs(services)).run_forever()
