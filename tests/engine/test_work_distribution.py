"""Workers claim events without doing any twice; one citizen's events keep their order; a
worker that dies mid-batch loses nothing."""

from __future__ import annotations

import asyncio
import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select

from engine.pipeline.claims import LEASE, claim_batch
from engine.pipeline.models import Case, Entitlement
from engine.pipeline.process import process_pending
from engine.registries.models import InboundEvent
from engine.registries.watcher import poll_feed
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.engine.conftest import BirthPoster
from tests.support.population import add_person

pytestmark = pytest.mark.anyio


def count(services: Services, model: type[Case] | type[Entitlement]) -> int:
    with Session(services.db) as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


async def ingest(services: Services) -> None:
    while await poll_feed(services.db, services.registries, services.clock, "civil"):
        pass


async def test_one_citizens_events_are_claimed_one_at_a_time(
    services: Services, post_birth: BirthPoster, mother: str
) -> None:
    for day in ("2025-03-05", "2025-09-05", "2026-03-05"):
        assert (await post_birth(mother, day)).status_code == 201
    await ingest(services)
    now = services.clock.now()
    first = claim_batch(services.db, "w1", now, 10)
    assert len(first) == 1, "later events of the same mother wait for the first"
    assert claim_batch(services.db, "w2", now, 10) == []


async def test_a_crashed_workers_events_return_after_the_lease(
    services: Services, post_birth: BirthPoster, mother: str
) -> None:
    assert (await post_birth(mother, "2026-03-01")).status_code == 201
    await ingest(services)
    claimed = claim_batch(services.db, "doomed-worker", services.clock.now(), 10)
    assert len(claimed) == 1
    # the worker dies here; nobody else may take the event while its lease runs
    assert await process_pending(services, worker="survivor") == 0
    services.clock.advance(LEASE + timedelta(seconds=1))
    assert await process_pending(services, worker="survivor") == 1
    assert count(services, Case) == 1
    assert count(services, Entitlement) >= 1
    # and processing again changes nothing
    assert await process_pending(services, worker="survivor") == 0


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
async def test_two_workers_share_a_load_without_double_work(
    services: Services, registries: RegistryBundle, post_birth: BirthPoster
) -> None:
    population = registries.contexts["population"]
    mothers = [
        add_person(population, sex="F", birth_date=date(1985 + i % 15, 1 + i % 12, 1 + i % 27)).iin
        for i in range(24)
    ]
    for number, mother_iin in enumerate(mothers):
        assert (await post_birth(mother_iin, f"2026-02-{1 + number % 27:02d}")).status_code == 201
    await ingest(services)
    services.settings.claim_batch_size = 3  # small claims, so that both workers get some

    handled: dict[str, int] = {}

    def work(name: str) -> None:
        handled[name] = asyncio.run(process_pending(services, worker=name))

    threads = [threading.Thread(target=work, args=(f"worker-{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    assert sum(handled.values()) == len(mothers)
    assert all(n > 0 for n in handled.values()), f"both workers should get work: {handled}"
    assert count(services, Case) == len(mothers)
    with Session(services.db) as session:
        statuses = session.exec(select(InboundEvent.status)).all()
        keys = session.exec(select(Entitlement.dedup_key)).all()
        events_per_case = session.exec(
            select(Case.inbound_event_id, func.count()).group_by(col(Case.inbound_event_id))
        ).all()
    assert set(statuses) == {"processed"}
    assert len(keys) == len(set(keys))
    assert all(n == 1 for _, n in events_per_case)
