"""A `proactive worker` process killed with SIGKILL in the middle of a batch loses nothing and
duplicates nothing once a worker runs again (PostgreSQL, real processes, real HTTP)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func
from sqlmodel import Session, col, select

from engine.pipeline.models import Case, Entitlement
from engine.registries.models import InboundEvent
from engine.registries.watcher import poll_feed
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.support.flows import official_token
from tests.support.live_server import serving
from tests.support.population import add_person

pytestmark = [pytest.mark.anyio, pytest.mark.postgres]

BIRTHS = 12


@pytest.fixture
def registry_url(registries: RegistryBundle) -> Iterator[str]:
    app = FastAPI()
    for name, registry_app in registries.apps.items():
        app.mount(f"/registries/{name}", registry_app)
    with serving(app) as base:
        yield f"{base}/registries"


def statuses(services: Services) -> dict[str, int]:
    with Session(services.db) as session:
        rows = session.exec(
            select(InboundEvent.status, func.count()).group_by(col(InboundEvent.status))
        ).all()
    return {status: int(n) for status, n in rows}


def start_worker(services: Services, registry_url: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PROACTIVE_MODE": "test",
        "PROACTIVE_SECRET": services.settings.secret,
        "PROACTIVE_DATABASE_URL": services.settings.engine_database_url(),
        "PROACTIVE_REGISTRIES_URL": registry_url,
        "PROACTIVE_RULES_DIR": str(services.settings.rules_dir),
        "PROACTIVE_LIFE_EVENTS_DIR": str(services.settings.life_events_dir),
        "PROACTIVE_CLAIM_LEASE_SECONDS": "2",
        "PROACTIVE_PROCESS_INTERVAL_SECONDS": "0.2",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "engine.cli", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(condition: object, timeout: float) -> None:
    """Poll another process's progress (there is no event to wait on across processes)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError("timed out waiting for the worker")


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
async def test_sigkill_mid_batch_loses_and_duplicates_nothing(
    services: Services, registries: RegistryBundle, registry_url: str
) -> None:
    population = registries.contexts["population"]
    client = httpx.AsyncClient(base_url=registry_url, headers=official_token(services, "civil"))
    for number in range(BIRTHS):
        mother = add_person(population, sex="F", birth_date=date(1988, 1 + number % 12, 10)).iin
        response = await client.post(
            "/civil/births",
            json={
                "mother_iin": mother,
                "child_first_name": "Нұр",
                "child_sex": "M",
                "birth_date": "2026-03-01",
            },
        )
        assert response.status_code == 201, response.text
    # slow registry answers so that the worker is caught in the middle of its batch
    await client.put("/population/_faults", json={"latency_ms": 150})
    await client.aclose()
    while await poll_feed(services.db, services.registries, services.clock, "civil"):
        pass

    worker = start_worker(services, registry_url)
    try:
        wait_for(lambda: statuses(services).get("processed", 0) >= 2, timeout=60)
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
    interrupted = statuses(services)
    assert interrupted.get("processed", 0) < BIRTHS, "the worker should die mid-batch"

    survivor = start_worker(services, registry_url)
    try:
        wait_for(lambda: statuses(services) == {"processed": BIRTHS}, timeout=120)
    finally:
        survivor.terminate()
        survivor.wait(10)

    with Session(services.db) as session:
        cases = session.exec(select(func.count()).select_from(Case)).one()
        keys = session.exec(select(Entitlement.dedup_key)).all()
    assert cases == BIRTHS
    assert len(keys) == len(set(keys))
