"""The demo's scenario: life events of realistic kinds at the configured rate, written through
the registries' own endpoints, driven by ticks (no waiting)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import httpx
import pytest

from engine.clock import SimulatedClock
from mock_registries.bundle import RegistryBundle
from mock_registries.scenario import Scenario
from mock_registries.seeding.run import SeedParameters, seed_registries
from tests.conftest import TEST_SECRET
from tests.registries.conftest import official

pytestmark = pytest.mark.anyio


@pytest.fixture
def scenario(bundle: RegistryBundle, clock: SimulatedClock) -> Scenario:
    seed_registries(bundle.contexts, SeedParameters(9, 1_500, clock.today()), lambda _: None)
    peers = bundle.contexts["population"].peers
    return Scenario(peers, TEST_SECRET, clock.now, rate_per_minute=30, seed=4)


async def test_ticks_produce_events_at_the_configured_rate(scenario: Scenario) -> None:
    assert await scenario.tick(1.0) == []  # 30 a minute: half an event is not due yet
    assert len(await scenario.tick(29.0)) == 15  # the half carried over completes one
    assert len(await scenario.tick(3.0)) == 1  # 1.5 due: one now, half carried over
    assert len(await scenario.tick(1.0)) == 1


async def test_after_a_long_pause_the_scenario_catches_up_gently(scenario: Scenario) -> None:
    assert len(await scenario.tick(3600.0)) == 20
    assert len(await scenario.tick(2.0)) == 1


async def test_events_are_written_and_mostly_accepted(
    scenario: Scenario, client: httpx.AsyncClient
) -> None:
    outcomes = [await scenario.one() for _ in range(60)]
    kinds = Counter(o.kind for o in outcomes)
    assert kinds["birth"] > kinds["death"] > 0 and kinds["vehicle"] > 0
    written = [o for o in outcomes if o.written]
    assert len(written) >= 0.9 * len(outcomes), [o for o in outcomes if not o.written]
    civil = await client.get(
        "/registries/civil/changes", params={"limit": 1000}, headers=official("digital")
    )
    types = Counter(e["type"] for e in civil.json()["events"])
    assert types["birth.registered"] == sum(1 for o in written if o.kind == "birth")


async def test_births_go_to_women_of_18_to_45_with_their_true_birth_order(
    scenario: Scenario, client: httpx.AsyncClient, clock: SimulatedClock
) -> None:
    for _ in range(12):
        await scenario.one("birth")
    page = await client.get(
        "/registries/civil/changes", params={"limit": 1000}, headers=official("digital")
    )
    births = [e["data"] for e in page.json()["events"] if e["type"] == "birth.registered"]
    assert len(births) >= 10
    for birth in births:
        mother = (
            await client.get(
                f"/registries/population/persons/{birth['mother_iin']}", headers=official("gfc")
            )
        ).json()
        born = date.fromisoformat(mother["birth_date"])
        age = (
            clock.today().year
            - born.year
            - (clock.today().timetuple()[1:3] < (born.month, born.day))
        )
        assert 18 <= age <= 45
        children = (
            await client.get(
                f"/registries/population/persons/{birth['mother_iin']}/children",
                headers=official("gfc"),
            )
        ).json()["items"]
        mine = [c for c in children if c["mother_iin"] == birth["mother_iin"]]
        assert birth["birth_order"] == [c["iin"] for c in mine].index(birth["child_iin"]) + 1
        assert birth["birth_order"] == len(mine)  # the newborn is her latest child


async def test_deaths_mostly_take_the_old(scenario: Scenario, client: httpx.AsyncClient) -> None:
    for _ in range(16):
        await scenario.one("death")
    page = await client.get(
        "/registries/population/changes", params={"limit": 1000}, headers=official("digital")
    )
    died = [e["data"]["iin"] for e in page.json()["events"] if e["type"] == "person.died"]
    ages = []
    for iin in died:
        person = (
            await client.get(f"/registries/population/persons/{iin}", headers=official("gfc"))
        ).json()
        ages.append(2026 - int(person["birth_date"][:4]))
    assert len(ages) >= 14
    assert sum(1 for age in ages if age >= 60) > len(ages) / 2


async def test_marriages_are_of_unmarried_adults(
    scenario: Scenario, client: httpx.AsyncClient
) -> None:
    outcomes = [await scenario.one("marriage") for _ in range(5)]
    assert sum(o.written for o in outcomes) >= 4
    page = await client.get("/registries/civil/changes", headers=official("digital"))
    for event in page.json()["events"]:
        for key in ("spouse1_iin", "spouse2_iin"):
            person = (
                await client.get(
                    f"/registries/population/persons/{event['data'][key]}",
                    headers=official("gfc"),
                )
            ).json()
            other = event["data"]["spouse2_iin" if key == "spouse1_iin" else "spouse1_iin"]
            assert person["spouse_iin"] == other


async def test_the_scenario_leaves_only_the_agencies_reads_in_the_access_logs(
    scenario: Scenario, client: httpx.AsyncClient
) -> None:
    outcome = await scenario.one("birth")
    assert outcome.written
    page = await client.get("/registries/civil/changes", headers=official("digital"))
    mother = page.json()["events"][-1]["data"]["mother_iin"]
    log = await client.get(
        f"/registries/population/_access-log?iin={mother}", headers=official("digital")
    )
    readers = {(i["agency"], i["caller"]) for i in log.json()["items"]}
    # the civil registry read her record to register the birth; choosing her was the
    # simulation's doing and left no trace
    assert ("civil", "digital/gateway") in readers
    assert all(caller != "digital/simulator" for _agency, caller in readers)
