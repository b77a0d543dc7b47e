"""Faults on demand: outage, errors, latency, duplicate and reordered feed events, missing
optional fields, IINs without the birth date; only in demo and test mode; reproducible."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from engine.kernel.iin import is_valid_iin, parse_iin
from mock_registries.bundle import RegistryBundle, build_registries
from mock_registries.population.models import Person
from tests.conftest import TEST_SECRET
from tests.registries.conftest import People, official, table_counts

pytestmark = pytest.mark.anyio


async def put_faults(client: httpx.AsyncClient, registry: str, **faults: Any) -> None:
    response = await client.put(f"/registries/{registry}/_faults", json=faults)
    assert response.status_code == 200, response.text


def birth(mother_iin: str, day: str = "2026-03-15") -> dict[str, Any]:
    return {
        "mother_iin": mother_iin,
        "child_first_name": "Айару",
        "child_sex": "F",
        "birth_date": day,
    }


async def test_an_outage_answers_503_except_faults_and_health(
    client: httpx.AsyncClient, people: People, bundle: RegistryBundle
) -> None:
    person = people.woman()
    await put_faults(client, "population", outage=True)
    down = await client.get(f"/registries/population/persons/{person.iin}", headers=official("gfc"))
    assert down.status_code == 503 and "outage" in down.json()["detail"]
    feed = await client.get("/registries/population/changes", headers=official("gfc"))
    assert feed.status_code == 503
    assert (await client.get("/registries/population/health")).status_code == 200
    shown = await client.get("/registries/population/_faults")
    assert shown.json()["outage"] is True
    # a registry that depends on population cannot register, and writes nothing
    before = table_counts(bundle)
    refused = await client.post(
        "/registries/civil/births", json=birth(person.iin), headers=official("civil")
    )
    assert refused.status_code == 503
    assert "try again" in refused.json()["detail"]
    assert table_counts(bundle) == before

    cleared = await client.delete("/registries/population/_faults")
    assert cleared.json()["outage"] is False
    back = await client.get(f"/registries/population/persons/{person.iin}", headers=official("gfc"))
    assert back.status_code == 200


async def test_errors_fail_requests_before_anything_is_done(
    client: httpx.AsyncClient, people: People, bundle: RegistryBundle
) -> None:
    mother = people.woman()
    await put_faults(client, "civil", error_rate=1.0, seed=3)
    before = table_counts(bundle)
    statuses = set()
    for _ in range(12):
        response = await client.post(
            "/registries/civil/births", json=birth(mother.iin), headers=official("civil")
        )
        statuses.add(response.status_code)
    assert statuses == {500, 503}
    assert table_counts(bundle) == before


async def test_the_same_seed_gives_the_same_faults(
    client: httpx.AsyncClient, people: People
) -> None:
    person = people.woman()
    runs = []
    for _ in range(2):
        await put_faults(client, "population", error_rate=0.5, seed=42)
        statuses = []
        for _ in range(16):
            response = await client.get(
                f"/registries/population/persons/{person.iin}", headers=official("gfc")
            )
            statuses.append(response.status_code)
        runs.append(statuses)
    assert runs[0] == runs[1]
    assert 200 in runs[0] and {500, 503} & set(runs[0])


async def test_latency_delays_every_answer(
    client: httpx.AsyncClient, people: People, bundle: RegistryBundle
) -> None:
    delays: list[float] = []

    async def record(seconds: float) -> None:
        delays.append(seconds)

    bundle.contexts["population"].sleep = record
    person = people.woman()
    await put_faults(client, "population", latency_ms=1500)
    response = await client.get(
        f"/registries/population/persons/{person.iin}", headers=official("gfc")
    )
    assert response.status_code == 200
    await client.get("/registries/population/health")
    assert delays == [1.5]


async def write_changes(client: httpx.AsyncClient, people: People, count: int) -> list[str]:
    ids = []
    for number in range(count):
        person = people.woman()
        response = await client.patch(
            f"/registries/population/persons/{person.iin}",
            json={"phone": f"+7 701 555 12 {number:02d}"},
            headers=official("digital"),
        )
        ids.append(response.json()["event_id"])
    return ids


async def test_duplicates_repeat_events_with_the_same_ids(
    client: httpx.AsyncClient, people: People
) -> None:
    ids = await write_changes(client, people, 4)
    await put_faults(client, "population", duplicate_rate=1.0, seed=1)
    page = await client.get("/registries/population/changes", headers=official("digital"))
    body = page.json()
    delivered = [event["event_id"] for event in body["events"]]
    assert sorted(delivered) == sorted(ids * 2)
    # the cursor lags one event behind: the last one comes again on the next page
    await client.delete("/registries/population/_faults")
    again = await client.get(
        "/registries/population/changes",
        params={"after": body["next"]},
        headers=official("digital"),
    )
    assert [e["event_id"] for e in again.json()["events"]] == [ids[-1]]


async def test_a_page_under_duplicates_holds_up_to_twice_its_limit_with_their_seq(
    client: httpx.AsyncClient, people: People
) -> None:
    await write_changes(client, people, 4)
    await put_faults(client, "population", duplicate_rate=1.0, seed=1)
    page = await client.get(
        "/registries/population/changes", params={"limit": 3}, headers=official("digital")
    )
    events = page.json()["events"]
    assert 3 < len(events) <= 6
    by_id = {e["event_id"]: e["seq"] for e in events}
    assert all(by_id[e["event_id"]] == e["seq"] for e in events)
    assert sorted(set(by_id.values())) == [1, 2, 3]


async def test_reorder_shuffles_a_page_but_keeps_its_events(
    client: httpx.AsyncClient, people: People
) -> None:
    ids = await write_changes(client, people, 8)
    await put_faults(client, "population", reorder=True, seed=5)
    page = await client.get("/registries/population/changes", headers=official("digital"))
    delivered = [event["event_id"] for event in page.json()["events"]]
    assert sorted(delivered) == sorted(ids)
    assert delivered != ids
    assert page.json()["next"].endswith("-8")


async def test_missing_fields_leave_optional_fields_out_of_lookups(
    client: httpx.AsyncClient, people: People
) -> None:
    person = people.woman(patronymic="Ерлановна", phone="+7 701 123 45 67")
    await put_faults(client, "population", missing_fields_rate=1.0)
    body = (
        await client.get(f"/registries/population/persons/{person.iin}", headers=official("gfc"))
    ).json()
    assert "patronymic" not in body and "phone" not in body and "address" not in body
    assert {"iin", "first_name", "last_name", "sex", "birth_date", "alive"} <= body.keys()


async def test_new_iins_may_not_encode_the_birth_date(
    client: httpx.AsyncClient, people: People, bundle: RegistryBundle
) -> None:
    mother = people.woman()
    await put_faults(client, "population", iin_date_mismatch_rate=1.0)
    response = await client.post(
        "/registries/civil/births", json=birth(mother.iin, "2026-03-01"), headers=official("civil")
    )
    assert response.status_code == 201
    child = response.json()["child_iin"]
    assert is_valid_iin(child)
    # the date part is the day the IIN was issued (today, 2026-03-16), not the birth date
    assert parse_iin(child).birth_date == date(2026, 3, 16)
    person = await client.get(f"/registries/population/persons/{child}", headers=official("gfc"))
    assert person.json()["birth_date"] == "2026-03-01"


@pytest.mark.parametrize(
    "body",
    [{"error_rate": 2}, {"latency_ms": -1}, {"duplicate_rate": "often"}, {"outages": True}],
)
async def test_bad_fault_settings_are_refused(
    client: httpx.AsyncClient, body: dict[str, Any]
) -> None:
    response = await client.put("/registries/vehicles/_faults", json=body)
    assert response.status_code == 422


async def test_outside_demo_and_test_mode_there_are_no_fault_switches(
    registry_urls: dict[str, str], clock: Any
) -> None:
    production = build_registries(
        registry_urls.__getitem__, clock.now, only=["tax"], secret=TEST_SECRET
    )
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=production.apps["tax"]), base_url="http://tax"
        ) as client:
            response = await client.put("/_faults", json={"outage": True})
            assert response.status_code == 404
            assert "demo and test mode" in response.json()["detail"]
            assert (await client.get("/health")).status_code == 200
    finally:
        production.dispose()


def test_counts_helper_sees_rows(bundle: RegistryBundle, people: People) -> None:
    people.woman()
    with bundle.contexts["population"].engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Person)).scalar_one() == 1
    assert table_counts(bundle)["population.person"] == 1


async def test_written_then_failed_commits_the_write_and_answers_500(
    client: httpx.AsyncClient, people: People
) -> None:
    """A client retrying with its Idempotency-Key after such a 500 gets the first answer."""
    mother = people.woman("1994-04-04")
    await put_faults(client, "civil", written_then_failed_rate=1.0)
    headers = {**official("civil"), "Idempotency-Key": "ward-3:17"}
    failed = await client.post("/registries/civil/births", json=birth(mother.iin), headers=headers)
    assert failed.status_code == 500
    assert failed.json()["code"] == "fault.written_then_failed"
    await client.delete("/registries/civil/_faults")
    feed = await client.get("/registries/civil/changes", headers=official("digital"))
    [event] = feed.json()["events"]
    retried = await client.post("/registries/civil/births", json=birth(mother.iin), headers=headers)
    assert retried.status_code == 201
    assert retried.json()["event_id"] == event["event_id"]


def _caller_at(site: object, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=site, client=(address, 50123))  # type: ignore[arg-type]
    return httpx.AsyncClient(transport=transport, base_url="http://registries.test")


@pytest.mark.parametrize(
    ("method", "body"), [("GET", None), ("PUT", {"outage": True}), ("PUT", {"outage": "x"})]
)
async def test_fault_switches_answer_only_on_this_machine(
    site: object, bundle: RegistryBundle, method: str, body: dict[str, Any] | None
) -> None:
    async with _caller_at(site, "203.0.113.7") as remote:
        refused = await remote.request(method, "/registries/civil/_faults", json=body)
        assert refused.status_code == 403, refused.text
        assert refused.json()["code"] == "faults.local_only"
        assert "--allow-remote" in refused.json()["detail"]
        assert (await remote.delete("/registries/civil/_faults")).status_code == 403
    assert not bundle.contexts["civil"].faults.settings.active
    async with _caller_at(site, "::1") as local:
        shown = await local.get("/registries/civil/_faults")
        assert shown.status_code == 200, shown.text


async def test_registries_opened_to_the_network_let_remote_callers_switch_faults(
    site: object, bundle: RegistryBundle
) -> None:
    bundle.contexts["civil"].faults_remote = True
    async with _caller_at(site, "203.0.113.7") as remote:
        switched = await remote.put("/registries/civil/_faults", json={"outage": True})
        assert switched.status_code == 200, switched.text
    assert bundle.contexts["civil"].faults.settings.outage
