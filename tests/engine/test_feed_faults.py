"""At-least-once delivery, exactly-once effects: duplicated and reordered feed pages still give
one entitlement each; an outage is retried with backoff and the engine catches up after."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from engine.pipeline.models import Entitlement
from engine.pipeline.process import process_pending
from engine.registries.client import RegistryUnavailable
from engine.registries.models import FeedCursor, InboundEvent
from engine.registries.watcher import poll_feed
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.support.flows import official_token
from tests.support.population import add_person

pytestmark = pytest.mark.anyio


async def register_births(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle, n: int
) -> None:
    population = registries.contexts["population"]
    for number in range(n):
        mother = add_person(population, sex="F", birth_date=date(1990, 1 + number % 12, 3)).iin
        response = await http.post(
            "/registries/civil/births",
            json={
                "mother_iin": mother,
                "child_first_name": "Ақбота",
                "child_sex": "F",
                "birth_date": "2026-03-02",
            },
            headers=official_token(services, "civil"),
        )
        assert response.status_code == 201, response.text


async def test_duplicated_and_reordered_pages_give_one_entitlement_each(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    await register_births(http, services, registries, 6)
    faults = await http.put(
        "/registries/civil/_faults", json={"duplicate_rate": 1.0, "reorder": True}
    )
    assert faults.status_code == 200, faults.text

    while await poll_feed(services.db, services.registries, services.clock, "civil", limit=4):
        pass
    await process_pending(services)

    with Session(services.db) as session:
        events = session.exec(select(func.count()).select_from(InboundEvent)).one()
        per_key = session.exec(
            select(Entitlement.dedup_key, func.count())
            .where(Entitlement.rule_id == "kz.childbirth_allowance")
            .group_by(Entitlement.dedup_key)
        ).all()
    assert events == 6
    assert len(per_key) == 6 and all(n == 1 for _, n in per_key)


async def test_an_outage_is_retried_with_backoff_and_caught_up(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    await register_births(http, services, registries, 2)
    assert (await http.put("/registries/civil/_faults", json={"outage": True})).status_code == 200

    with pytest.raises(RegistryUnavailable):
        await poll_feed(
            services.db, services.registries, services.clock, "civil", respect_backoff=True
        )
    with Session(services.db) as session:
        cursor = session.get(FeedCursor, "civil")
        assert cursor is not None and cursor.consecutive_failures == 1 and cursor.last_error
        retry_at = cursor.retry_at
    assert retry_at is not None
    # before the retry time the watcher leaves the feed alone
    assert (
        await poll_feed(
            services.db, services.registries, services.clock, "civil", respect_backoff=True
        )
        == 0
    )

    assert (await http.delete("/registries/civil/_faults")).status_code in (200, 204)
    services.clock.advance(timedelta(minutes=10))
    assert (
        await poll_feed(
            services.db, services.registries, services.clock, "civil", respect_backoff=True
        )
        == 2
    )
    with Session(services.db) as session:
        cursor = session.get(FeedCursor, "civil")
        assert cursor is not None and cursor.consecutive_failures == 0 and cursor.retry_at is None
