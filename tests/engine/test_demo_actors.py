"""The demo's simulated citizens answer their offers by SMS and its simulated officials work
the queues, through the same paths as real ones."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, col, select

from engine.demo.actors import DemoActors
from engine.inbox.models import InboxItem
from engine.pipeline.models import Task
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.engine.conftest import BirthPoster
from tests.support.flows import run_jobs
from tests.support.population import add_person

pytestmark = pytest.mark.anyio


async def test_citizens_answer_and_officials_work(
    services: Services, registries: RegistryBundle, post_birth: BirthPoster
) -> None:
    population = registries.contexts["population"]
    for number in range(8):
        mother = add_person(population, sex="F", birth_date=date(1992, 1 + number, 1)).iin
        assert (await post_birth(mother, "2026-03-01")).status_code == 201
    await run_jobs(services)
    actors = DemoActors(services, seed=7)

    await actors.tick()  # too early: nobody has looked at the phone yet
    with Session(services.db) as session:
        assert not session.exec(select(InboxItem).where(InboxItem.status == "accepted")).all()

    for _ in range(6):
        services.clock.advance(timedelta(minutes=1))
        await actors.tick()
    with Session(services.db) as session:
        statuses = [i.status for i in session.exec(select(InboxItem)).all()]
        closed = session.exec(select(Task).where(col(Task.status).in_(("done", "rejected")))).all()
    assert statuses.count("accepted") + statuses.count("in_fulfilment") >= 1
    assert closed, "officials completed some steps of accepted offers"
