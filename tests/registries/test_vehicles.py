"""The vehicle register: registrations by VIN to a person or an organisation, one owner at a
time, deregistration, lookups by owner and VIN; bad requests write nothing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mock_registries.bundle import RegistryBundle
from tests.registries.conftest import People, names_field, official, table_counts

pytestmark = pytest.mark.anyio
MVD = official("mvd")
BASE = "/registries/vehicles"


def car(owner_iin: str | None, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "owner_iin": owner_iin,
        "vin": "XWB3L32EDFA123456",
        "make": "Chevrolet",
        "model": "Cobalt",
        "year": 2024,
        "engine_cc": 1485,
        "fuel": "petrol",
    }
    body.update(changes)
    return {key: value for key, value in body.items() if value is not None}


async def test_a_registration_is_announced_and_found_by_owner_and_vin(
    client: httpx.AsyncClient, people: People
) -> None:
    owner = people.man(region="shymkent")
    response = await client.post(f"{BASE}/registrations", json=car(owner.iin), headers=MVD)
    assert response.status_code == 201, response.text
    answer = response.json()
    assert answer["plate"].endswith(" 17")  # Shymkent's region code on the plate
    page = await client.get(f"{BASE}/changes", headers=official("digital"))
    [event] = page.json()["events"]
    assert event["type"] == "vehicle.registered"
    assert event["data"] == {
        "registration_id": answer["registration_id"],
        "vin": "XWB3L32EDFA123456",
        "owner_iin": owner.iin,
        "make": "Chevrolet",
        "model": "Cobalt",
        "year": 2024,
        "engine_cc": 1485,
        "fuel": "petrol",
        "registration_date": "2026-03-16",
    }
    mine = await client.get(f"{BASE}/owners/{owner.iin}/vehicles", headers=official("kgd"))
    assert [v["vin"] for v in mine.json()["items"]] == ["XWB3L32EDFA123456"]
    found = await client.get(f"{BASE}/vehicles/XWB3L32EDFA123456", headers=official("kgd"))
    assert found.json()["owner_iin"] == owner.iin and found.json()["history"] == []


async def test_an_organisation_may_own_a_vehicle(client: httpx.AsyncClient) -> None:
    body = car(None, owner_bin="990240000129")
    response = await client.post(f"{BASE}/registrations", json=body, headers=MVD)
    assert response.status_code == 201, response.text
    fleet = await client.get(f"{BASE}/owners/990240000129/vehicles", headers=official("kgd"))
    assert fleet.json()["items"][0]["owner_bin"] == "990240000129"


async def test_a_sold_car_is_deregistered_then_registered_to_the_buyer(
    client: httpx.AsyncClient, people: People
) -> None:
    seller, buyer = people.man(), people.woman()
    first = await client.post(
        f"{BASE}/registrations", json=car(seller.iin, registration_date="2025-05-05"), headers=MVD
    )
    registration = first.json()["registration_id"]
    taken = await client.post(f"{BASE}/registrations", json=car(buyer.iin), headers=MVD)
    assert taken.status_code == 422 and "deregister it first" in taken.text
    sold = await client.post(
        f"{BASE}/registrations/{registration}/deregistration",
        json={"deregistration_date": "2026-03-10", "reason": "sold"},
        headers=MVD,
    )
    assert sold.status_code == 201, sold.text
    bought = await client.post(f"{BASE}/registrations", json=car(buyer.iin), headers=MVD)
    assert bought.status_code == 201
    found = (await client.get(f"{BASE}/vehicles/XWB3L32EDFA123456", headers=MVD)).json()
    assert found["owner_iin"] == buyer.iin
    assert [h["owner_iin"] for h in found["history"]] == [seller.iin]
    assert (await client.get(f"{BASE}/owners/{seller.iin}/vehicles", headers=MVD)).json()[
        "items"
    ] == []
    history = await client.get(f"{BASE}/owners/{seller.iin}/vehicles?history=true", headers=MVD)
    assert history.json()["items"][0]["deregistration_reason"] == "sold"
    events = (await client.get(f"{BASE}/changes", headers=MVD)).json()["events"]
    assert [e["type"] for e in events] == [
        "vehicle.registered",
        "vehicle.deregistered",
        "vehicle.registered",
    ]
    assert events[1]["data"]["owner_iin"] == seller.iin


async def test_an_electric_car_has_no_engine_size(
    client: httpx.AsyncClient, people: People
) -> None:
    owner = people.woman()
    body = car(owner.iin, make="BYD", model="Song Plus", fuel="electric", engine_cc=None)
    assert (await client.post(f"{BASE}/registrations", json=body, headers=MVD)).status_code == 201


async def test_bad_registrations_name_the_field_and_write_nothing(
    client: httpx.AsyncClient, people: People, bundle: RegistryBundle
) -> None:
    owner = people.man()
    dead = people.man("1950-01-01", alive=False)
    cases: list[tuple[dict[str, Any], str, str]] = [
        (car(owner.iin, vin="XWB3L32EDFA12345"), "vin", "17 characters"),
        (car(owner.iin, vin="XWB3L32EDFA1234567"), "vin", "17 characters"),
        (car(owner.iin, vin="XWB3L32EDFO123456"), "vin", "I, O or Q"),
        (car(owner.iin, vin="xwb3l32edfa123456"), "vin", "capital"),
        (car(dead.iin), "owner_iin", "a dead person cannot register a vehicle"),
        (car("791028302728"), "owner_iin", "no person"),
        (car("791028302727"), "owner_iin", "check digit"),
        (car(None), "owner_iin", "give the owner"),
        (car(owner.iin, owner_bin="990240000129"), "owner_bin", "one owner"),
        (car(owner.iin, owner_bin=None, year=2030), "year", "after next year"),
        (car(owner.iin, year=1900), "year", "at least 1950"),
        (car(owner.iin, fuel="electric"), "engine_cc", "electric"),
        (car(owner.iin, fuel="coal"), "fuel", "petrol"),
        (car(owner.iin, registration_date="2026-04-01"), "registration_date", "future"),
        (car(owner.iin, year=2024, registration_date="2020-01-01"), "registration_date", "made"),
    ]
    before = table_counts(bundle)
    problems = []
    for body, field, reason in cases:
        response = await client.post(f"{BASE}/registrations", json=body, headers=MVD)
        if (
            response.status_code != 422
            or not names_field(response, field)
            or reason not in response.text
        ):
            problems.append(f"{body}: {response.status_code} {response.text}")
    assert problems == []
    assert table_counts(bundle) == before


async def test_bad_deregistrations_are_refused(client: httpx.AsyncClient, people: People) -> None:
    owner = people.man()
    made = await client.post(
        f"{BASE}/registrations", json=car(owner.iin, registration_date="2025-01-10"), headers=MVD
    )
    registration = made.json()["registration_id"]
    early = {"deregistration_date": "2024-12-31", "reason": "scrapped"}
    response = await client.post(
        f"{BASE}/registrations/{registration}/deregistration", json=early, headers=MVD
    )
    assert response.status_code == 422 and names_field(response, "deregistration_date")
    missing = await client.post(
        f"{BASE}/registrations/999/deregistration",
        json={"deregistration_date": "2026-01-01", "reason": "sold"},
        headers=MVD,
    )
    assert missing.status_code == 422 and names_field(missing, "registration_id")


async def test_only_the_police_registers_vehicles(
    client: httpx.AsyncClient, people: People
) -> None:
    owner = people.man()
    response = await client.post(
        f"{BASE}/registrations", json=car(owner.iin), headers=official("kgd")
    )
    assert response.status_code == 403


async def test_a_repeated_registration_with_its_key_is_done_once(
    client: httpx.AsyncClient, people: People, bundle: RegistryBundle
) -> None:
    owner = people.man()
    headers = {**MVD, "Idempotency-Key": "spec-con-7/2026-03-16/15"}
    first = await client.post(f"{BASE}/registrations", json=car(owner.iin), headers=headers)
    counts = table_counts(bundle)
    again = await client.post(f"{BASE}/registrations", json=car(owner.iin), headers=headers)
    assert first.json() == again.json() and again.status_code == 201
    assert table_counts(bundle) == counts
