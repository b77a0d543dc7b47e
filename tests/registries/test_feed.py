"""The change feed every registry has: commit order under concurrent writers, pages,
long-poll woken by a commit, stable event ids, and who may read it."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlmodel import Session

from mock_registries.bundle import KINDS, RegistryBundle
from mock_registries.common.feed import append_change
from mock_registries.common.writes import write_once
from tests.registries.conftest import People, official

pytestmark = pytest.mark.anyio
WRITERS = 4
WRITES_EACH = 15


async def read_all(
    client: httpx.AsyncClient, registry: str, limit: int = 7
) -> tuple[list[dict[str, Any]], str]:
    events: list[dict[str, Any]] = []
    cursor = ""
    while True:
        page = await client.get(
            f"/registries/{registry}/changes",
            params={"after": cursor, "limit": limit},
            headers=official("digital"),
        )
        assert page.status_code == 200, page.text
        body = page.json()
        if not body["events"]:
            return events, cursor
        events += body["events"]
        cursor = body["next"]


def write_change(bundle: RegistryBundle, number: int) -> str:
    ctx = bundle.contexts["population"]

    def work(session: Session) -> dict[str, Any]:
        event_id = append_change(
            session.connection(),
            ctx.feed,
            type="person.updated",
            occurred_at=datetime.now(UTC),
            data={"changed": {"number": number}},
        )
        return {"event_id": event_id}

    return write_once(ctx, "test", None, {}, work)["event_id"]


async def test_a_reader_paging_during_concurrent_writes_misses_and_repeats_nothing(
    client: httpx.AsyncClient, bundle: RegistryBundle
) -> None:
    written: list[str] = []
    lock = threading.Lock()
    done = threading.Event()

    def writer(first: int) -> None:
        for number in range(first, first + WRITES_EACH):
            event_id = write_change(bundle, number)
            with lock:
                written.append(event_id)

    threads = [threading.Thread(target=writer, args=(i * WRITES_EACH,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()

    def finished() -> None:
        for thread in threads:
            thread.join()
        done.set()

    threading.Thread(target=finished).start()
    seen: list[str] = []
    cursor = ""
    while True:
        caught_up = done.is_set()
        page = await client.get(
            "/registries/population/changes",
            params={"after": cursor, "limit": 5},
            headers=official("digital"),
        )
        body = page.json()
        seen += [event["event_id"] for event in body["events"]]
        cursor = body["next"]
        if caught_up and not body["events"]:
            break
        await asyncio.sleep(0)  # let the writers' threads run between pages

    assert len(seen) == len(set(seen)) == WRITERS * WRITES_EACH
    assert set(seen) == set(written)
    numbers_by_writer: dict[int, list[int]] = {}
    events, _ = await read_all(client, "population")
    for event in events:
        number = event["data"]["changed"]["number"]
        numbers_by_writer.setdefault(number // WRITES_EACH, []).append(number)
    # each writer's changes appear in the order that writer committed them
    assert all(numbers == sorted(numbers) for numbers in numbers_by_writer.values())


async def test_a_change_committed_late_is_not_skipped(
    client: httpx.AsyncClient, bundle: RegistryBundle
) -> None:
    """A writer holds its transaction open after taking its place in the feed; a second
    writer must wait, and a reader meanwhile sees neither, then both in order. (The changes
    name no one, so the reader has no read of personal data to record.)"""
    ctx = bundle.contexts["population"]
    write_change(bundle, 0)
    holding = threading.Event()
    release = threading.Event()

    def slow() -> None:
        def work(session: Session) -> dict[str, Any]:
            append_change(
                session.connection(),
                ctx.feed,
                type="person.updated",
                occurred_at=datetime.now(UTC),
                data={"changed": {"number": 1}},
            )
            holding.set()
            release.wait(10)
            return {}

        write_once(ctx, "test", None, {}, work)

    slow_thread = threading.Thread(target=slow)
    slow_thread.start()
    assert holding.wait(10)
    fast_thread = threading.Thread(target=write_change, args=(bundle, 2))
    fast_thread.start()
    first, cursor = await read_all(client, "population")
    assert [e["data"]["changed"]["number"] for e in first] == [0]
    release.set()
    slow_thread.join(10)
    fast_thread.join(10)
    later = await client.get(
        "/registries/population/changes", params={"after": cursor}, headers=official("digital")
    )
    assert [e["data"]["changed"]["number"] for e in later.json()["events"]] == [1, 2]


async def test_pages_follow_the_limit_and_the_cursor(
    client: httpx.AsyncClient, bundle: RegistryBundle
) -> None:
    for number in range(5):
        write_change(bundle, number)
    sizes = []
    cursor = ""
    for _ in range(4):
        page = await client.get(
            "/registries/population/changes",
            params={"after": cursor, "limit": 2},
            headers=official("digital"),
        )
        body = page.json()
        sizes.append(len(body["events"]))
        cursor = body["next"]
    assert sizes == [2, 2, 1, 0]
    assert cursor == f"{bundle.contexts['population'].incarnation}-5"


async def test_event_ids_are_the_same_when_read_again(
    client: httpx.AsyncClient, bundle: RegistryBundle
) -> None:
    for number in range(3):
        write_change(bundle, number)
    first, _ = await read_all(client, "population")
    again, _ = await read_all(client, "population", limit=1)
    assert [e["event_id"] for e in first] == [e["event_id"] for e in again]
    assert first == again


async def test_long_poll_returns_as_soon_as_a_write_commits(
    client: httpx.AsyncClient, people: People
) -> None:
    mother = people.woman("1995-01-01")
    waiting = asyncio.create_task(
        client.get(
            "/registries/civil/changes",
            params={"wait": 25},
            headers=official("digital"),
        )
    )
    for _ in range(5):  # let the request reach its wait
        await asyncio.sleep(0)
    assert not waiting.done()
    birth = await client.post(
        "/registries/civil/births",
        json={
            "mother_iin": mother.iin,
            "child_first_name": "Айару",
            "child_sex": "F",
            "birth_date": "2026-03-15",
        },
        headers=official("civil"),
    )
    assert birth.status_code == 201
    page = await asyncio.wait_for(waiting, timeout=10)
    assert [e["event_id"] for e in page.json()["events"]] == [birth.json()["event_id"]]


async def test_an_empty_long_poll_ends_after_its_wait(
    client: httpx.AsyncClient, bundle: RegistryBundle
) -> None:
    page = await client.get(
        "/registries/tax/changes", params={"wait": 0.05}, headers=official("digital")
    )
    incarnation = bundle.contexts["tax"].incarnation
    assert page.json() == {"events": [], "next": f"{incarnation}-0", "incarnation": incarnation}


@pytest.mark.parametrize("registry", list(KINDS))
async def test_every_feed_needs_an_officials_token(
    client: httpx.AsyncClient, registry: str
) -> None:
    assert (await client.get(f"/registries/{registry}/changes")).status_code == 401
    response = await client.get(f"/registries/{registry}/changes", headers=official("gfc"))
    assert response.status_code == 200


async def test_a_cursor_that_is_not_from_the_feed_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/registries/civil/changes", params={"after": "abc"}, headers=official("digital")
    )
    assert response.status_code == 422
    assert response.json()["code"] == "feed.cursor_invalid"
    assert response.json()["loc"] == ["query", "after"]


async def test_events_carry_their_sequence_number_and_the_cursor_its_incarnation(
    client: httpx.AsyncClient, bundle: RegistryBundle
) -> None:
    for number in range(3):
        write_change(bundle, number)
    events, cursor = await read_all(client, "population", limit=2)
    incarnation = bundle.contexts["population"].incarnation
    assert [e["seq"] for e in events] == [1, 2, 3]
    assert cursor == f"{incarnation}-3"


async def test_a_cursor_of_another_incarnation_or_beyond_the_head_is_gone(
    client: httpx.AsyncClient, bundle: RegistryBundle
) -> None:
    """A client that kept its cursor across a registry started afresh is told to
    resynchronise instead of silently skipping the new registry's changes."""
    write_change(bundle, 1)
    incarnation = bundle.contexts["population"].incarnation
    cases = {
        "0123456789ab-1": "feed.cursor_stale",
        f"{incarnation}-2": "feed.cursor_beyond_head",
        "7": "feed.cursor_beyond_head",  # a bare number: a position in this incarnation
    }
    for cursor, code in cases.items():
        response = await client.get(
            "/registries/population/changes",
            params={"after": cursor},
            headers=official("digital"),
        )
        assert response.status_code == 410, response.text
        problem = response.json()
        assert (problem["code"], problem["field"]) == (code, "after")
        assert response.headers["content-type"] == "application/problem+json"
    current = await client.get(
        "/registries/population/changes", params={"after": "1"}, headers=official("digital")
    )
    assert current.status_code == 200 and current.json()["events"] == []


async def test_after_now_starts_from_the_newest_change(
    client: httpx.AsyncClient, bundle: RegistryBundle
) -> None:
    write_change(bundle, 1)
    write_change(bundle, 2)
    page = await client.get(
        "/registries/population/changes", params={"after": "now"}, headers=official("digital")
    )
    incarnation = bundle.contexts["population"].incarnation
    assert page.json()["events"] == [] and page.json()["next"] == f"{incarnation}-2"
    newer = write_change(bundle, 3)
    following = await client.get(
        "/registries/population/changes",
        params={"after": page.json()["next"]},
        headers=official("digital"),
    )
    assert [e["event_id"] for e in following.json()["events"]] == [newer]


async def test_feed_reads_are_recorded_for_the_people_in_the_events(
    client: httpx.AsyncClient, people: People
) -> None:
    mother = people.woman("1995-01-01")
    await client.post(
        "/registries/civil/births",
        json={
            "mother_iin": mother.iin,
            "child_first_name": "Айару",
            "child_sex": "F",
            "birth_date": "2026-03-15",
        },
        headers=official("civil"),
    )
    await client.get(
        "/registries/civil/changes",
        headers=official("digital", role="engine", x_on_behalf_of="gfc", x_purpose=""),
    )
    log = await client.get(
        f"/registries/civil/_access-log?iin={mother.iin}", headers=official("digital")
    )
    assert [(i["agency"], i["purpose"], i["path"]) for i in log.json()["items"]] == [
        ("gfc", "change feed", "/changes")
    ]
