"""The civil registry's change feed, read by the engine's watcher over HTTP (in process)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, func, select

from engine.db import transaction
from engine.registries.client import RegistryUnavailable
from engine.registries.models import FeedCursor, InboundEvent
from engine.registries.watcher import current_cursor, poll_feed
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.support.flows import official_token
from tests.support.population import add_person

pytestmark = pytest.mark.anyio


def stored_events(services: Services) -> int:
    with Session(services.db) as session:
        return int(session.exec(select(func.count()).select_from(InboundEvent)).one())


async def post_birth(
    services: Services, mother_iin: str, born: str = "2026-03-01", name: str = "Алихан"
) -> str:
    response = await services.registries._client("civil").post(
        "/births",
        json={
            "mother_iin": mother_iin,
            "child_first_name": name,
            "child_sex": "M",
            "birth_date": born,
        },
        headers=official_token(services, "civil"),
    )
    assert response.status_code == 201, response.text
    event_id: str = response.json()["event_id"]
    return event_id


async def test_each_event_is_stored_once_and_the_cursor_advances(
    services: Services, registries: RegistryBundle
) -> None:
    mother = add_person(registries.contexts["population"], sex="F", birth_date=date(1995, 1, 1))
    first = await post_birth(services, mother.iin)
    await post_birth(services, mother.iin, name="Алибек")  # twins

    assert await poll_feed(services.db, services.registries, services.clock, "civil") == 2
    assert await poll_feed(services.db, services.registries, services.clock, "civil") == 0
    with Session(services.db) as session:
        cursor = session.get(FeedCursor, "civil")
        incarnation = registries.contexts["civil"].incarnation
        assert cursor is not None and cursor.cursor == f"{incarnation}-2"
        events = session.exec(select(InboundEvent).order_by(InboundEvent.id)).all()  # type: ignore[arg-type]
        assert events[0].event_id == first
        assert {e.type for e in events} == {"birth.registered"}

    # a redelivery of the whole feed (cursor lost) stores nothing twice
    with Session(services.db) as session:
        cursor = session.get(FeedCursor, "civil")
        assert cursor is not None
        cursor.cursor = ""
        session.add(cursor)
        session.commit()
    assert await poll_feed(services.db, services.registries, services.clock, "civil") == 0
    assert stored_events(services) == 2


async def test_pages_follow_the_limit(services: Services, registries: RegistryBundle) -> None:
    mother = add_person(registries.contexts["population"], sex="F", birth_date=date(1990, 6, 6))
    for name in ("Алихан", "Алибек", "Алмас", "Арман", "Асхат"):  # quintuplets
        await post_birth(services, mother.iin, name=name)
    pages = []
    while new := await poll_feed(
        services.db, services.registries, services.clock, "civil", limit=2
    ):
        pages.append(new)
    assert pages == [2, 2, 1]


async def test_long_poll_returns_when_a_birth_is_committed(
    services: Services, registries: RegistryBundle
) -> None:
    mother = add_person(registries.contexts["population"], sex="F", birth_date=date(1993, 3, 3))
    waiting = asyncio.create_task(services.registries.changes("civil", "", 10, wait=30))
    await asyncio.sleep(0)  # let the request start waiting before the write
    event_id = await post_birth(services, mother.iin)
    page = await asyncio.wait_for(waiting, timeout=10)
    assert [e["event_id"] for e in page.events] == [event_id]
    assert page.next_cursor == f"{registries.contexts['civil'].incarnation}-1"


async def test_an_empty_feed_answers_with_the_same_cursor(
    services: Services, registries: RegistryBundle
) -> None:
    page = await services.registries.changes("civil", "", 10, wait=0)
    assert page.events == [] and page.next_cursor == f"{registries.contexts['civil'].incarnation}-0"


async def test_a_cursor_from_a_registry_started_afresh_is_recorded_as_the_feeds_error(
    services: Services, registries: RegistryBundle
) -> None:
    with transaction(services.db) as session:
        session.add(
            FeedCursor(registry_name="civil", cursor="0123456789ab-7", updated_at=datetime.now(UTC))
        )
    with pytest.raises(RegistryUnavailable):
        await poll_feed(services.db, services.registries, services.clock, "civil")
    cursor = current_cursor(services.db, "civil")
    assert cursor is not None and cursor.consecutive_failures == 1
    assert cursor.last_error is not None and "feed.cursor_stale" in cursor.last_error
