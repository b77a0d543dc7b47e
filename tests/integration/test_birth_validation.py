"""Bad births are refused with the field and the reason, and nothing is half-written."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from engine.services import Services
from mock_registries.bundle import RegistryBundle
from mock_registries.civil.models import FEED as CIVIL_FEED
from mock_registries.population.models import Person
from tests.support.flows import official_token
from tests.support.population import add_person

pytestmark = pytest.mark.anyio


def counts(registries: RegistryBundle) -> tuple[int, int]:
    with registries.contexts["population"].engine.connect() as conn:
        people = conn.execute(select(func.count()).select_from(Person)).scalar_one()
    with registries.contexts["civil"].engine.connect() as conn:
        changes = conn.execute(select(func.count()).select_from(CIVIL_FEED.changes)).scalar_one()
    return int(people), int(changes)


@pytest.fixture
def parents(registries: RegistryBundle) -> dict[str, str]:
    population = registries.contexts["population"]
    return {
        "mother": add_person(population, sex="F", birth_date=date(1994, 8, 8)).iin,
        "man": add_person(population, sex="M", birth_date=date(1990, 2, 2), first_name="Ерлан").iin,
        "girl": add_person(population, sex="F", birth_date=date(2018, 1, 1)).iin,
    }


def birth(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "child_first_name": "Аружан",
        "child_sex": "F",
        "birth_date": "2026-03-01",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


CASES = [
    ("invalid check digit", {"mother_iin": "791028302727"}, "mother_iin", "check digit"),
    ("unknown mother", {"mother_iin": "791028302728"}, "mother_iin", "no person"),
    ("a man as mother", {"mother_iin": "<man>"}, "mother_iin", "male"),
    ("future date", {"birth_date": "2026-03-17"}, "birth_date", "future"),
    ("impossible date", {"birth_date": "2026-02-30"}, "birth_date", "date"),
    ("a mother too young", {"mother_iin": "<girl>"}, "birth_date", "years old"),
    ("missing first name", {"child_first_name": None}, "child_first_name", "required"),
    ("unknown sex", {"child_sex": "X"}, "child_sex", "'M' or 'F'"),
    ("a woman as father", {"father_iin": "<mother>"}, "father_iin", "female"),
]


@pytest.mark.parametrize(("case", "change", "field", "reason"), CASES, ids=[c[0] for c in CASES])
async def test_bad_birth_is_refused_naming_the_field(
    http: httpx.AsyncClient,
    services: Services,
    registries: RegistryBundle,
    parents: dict[str, str],
    case: str,
    change: dict[str, Any],
    field: str,
    reason: str,
) -> None:
    body = birth(mother_iin=parents["mother"])
    for key, value in change.items():
        if isinstance(value, str) and value.startswith("<"):
            value = parents[value.strip("<>")]
        body[key] = value
        if value is None:
            del body[key]
    before = counts(registries)

    response = await http.post(
        "/registries/civil/births", json=body, headers=official_token(services, "civil")
    )

    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert any(e["loc"][-1] == field and reason in e["message"] for e in errors), errors
    assert counts(registries) == before


async def test_a_request_repeated_with_its_key_registers_one_birth(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle, parents: dict[str, str]
) -> None:
    headers = {**official_token(services, "civil"), "Idempotency-Key": "maternity-ward-7:0001"}
    body = birth(mother_iin=parents["mother"])
    first = await http.post("/registries/civil/births", json=body, headers=headers)
    before = counts(registries)
    again = await http.post("/registries/civil/births", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert counts(registries) == before
