"""No full IIN reaches a log: the demo's journeys (a fourth birth, a pensioner's death, a
vehicle, retirement reached by a clock advance, the citizen reading and answering, an
outage) are run with every logger at DEBUG, and every record is searched for a 12-digit
number passing the IIN check digit."""

from __future__ import annotations

import logging
from datetime import date

import httpx
import pytest

from engine.pipeline.milestones import detect_milestones
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from mock_registries.common.faults import FaultSettings
from tests.security.logscan import iins_in, rendered
from tests.support.flows import citizen_token, official_token, run_jobs
from tests.support.population import add_person

pytestmark = pytest.mark.anyio

FEEDS = ("civil", "vehicles", "disability", "social_insurance", "pension", "population")


async def post(
    http: httpx.AsyncClient, services: Services, agency: str, path: str, body: dict[str, object]
) -> httpx.Response:
    response = await http.post(path, json=body, headers=official_token(services, agency))
    assert response.status_code in (200, 201), response.text
    return response


async def test_the_demo_journeys_log_no_iin(
    http: httpx.AsyncClient,
    services: Services,
    registries: RegistryBundle,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    for chatty in ("httpx", "httpcore", "alembic"):  # a command run earlier may have quieted them
        caplog.set_level(logging.DEBUG, logger=chatty)
    population = registries.contexts["population"]
    mother = add_person(population, sex="F", birth_date=date(1992, 4, 2)).iin
    pensioner = add_person(population, sex="M", birth_date=date(1950, 1, 1)).iin
    owner = add_person(population, sex="M", birth_date=date(1985, 5, 5)).iin
    retiring = add_person(population, sex="M", birth_date=date(1963, 3, 18)).iin
    for name, born in [("Айару", "2024-01-10"), ("Алихан", "2025-09-01"), ("Дана", "2026-03-14")]:
        body = {
            "mother_iin": mother,
            "child_first_name": name,
            "child_sex": "F",
            "birth_date": born,
        }
        await post(http, services, "civil", "/registries/civil/births", body)
    await post(
        http,
        services,
        "civil",
        "/registries/civil/deaths",
        {"iin": pensioner, "death_date": "2026-03-14"},
    )
    vehicle = {"owner_iin": owner, "vin": "XW8ZZZ61ZKG123456", "make": "Hyundai"}
    vehicle |= {"model": "Accent", "year": 2024, "registration_date": "2026-03-11"}
    await post(http, services, "mvd", "/registries/vehicles/registrations", vehicle)
    await run_jobs(services, FEEDS)
    await detect_milestones(services)
    advanced = await http.post("/api/clock/advance", json={"days": 2})
    assert advanced.status_code == 200
    await detect_milestones(services)
    await run_jobs(services, FEEDS)

    inbox = await http.get(f"/api/citizens/{mother}/inbox", headers=citizen_token(services, mother))
    assert inbox.status_code == 200
    offers = [i for i in inbox.json()["items"] if i["status"] == "offered"]
    assert offers, "the births brought offers"
    answered = await http.post(
        f"/api/inbox/{offers[0]['id']}/decline", json={}, headers=citizen_token(services, mother)
    )
    assert answered.status_code == 200, answered.text
    sms = await http.post("/api/sms/inbound", json={"from_iin": mother, "text": "Иә"})
    assert sms.status_code == 200, sms.text
    for iin in (retiring, owner):
        read = await http.get(
            f"/api/citizens/{iin}/access-log", headers=citizen_token(services, iin)
        )
        assert read.status_code == 200, read.text
    registries.contexts["population"].faults.set(FaultSettings(outage=True))
    await http.get(f"/api/citizens/{owner}/inbox", headers=citizen_token(services, owner))

    messages = [record.getMessage() for record in caplog.records]
    assert any(record.name == "httpx" for record in caplog.records), "HTTP requests were logged"
    assert any("retirement_age" in message for message in messages), "the milestone was logged"
    leaks = {
        f"{record.name}: {text}" for record in caplog.records if iins_in(text := rendered(record))
    }
    assert not leaks, "\n".join(sorted(leaks))
