"""A birth registered in the civil registry reaches the mother's inbox as an offer of the
one-time childbirth allowance, with no application: on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.support.flows import citizen_token, official_token, run_jobs
from tests.support.population import add_person

pytestmark = pytest.mark.anyio


async def register_birth(
    http: httpx.AsyncClient, services: Services, mother_iin: str, born: str, name: str
) -> str:
    response = await http.post(
        "/registries/civil/births",
        json={
            "mother_iin": mother_iin,
            "child_first_name": name,
            "child_sex": "F",
            "birth_date": born,
        },
        headers=official_token(services, "civil"),
    )
    assert response.status_code == 201, response.text
    child_iin: str = response.json()["child_iin"]
    return child_iin


async def test_fourth_birth_gets_63_mci(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    mother = add_person(registries.contexts["population"], sex="F", birth_date=date(1992, 4, 2))
    births = ["2024-01-10", "2024-11-20", "2025-09-01", "2026-03-14"]
    for name, born in zip(["Айару", "Алихан", "Томирис", "Нурислам"], births, strict=True):
        await register_birth(http, services, mother.iin, born, name)
    await run_jobs(services)

    response = await http.get(
        f"/api/citizens/{mother.iin}/inbox?lang=en", headers=citizen_token(services, mother.iin)
    )
    assert response.status_code == 200
    # the catalogue brings other birth entitlements too (childcare, kindergarten queue...)
    items = [i for i in response.json()["items"] if i["rule_id"] == "kz.childbirth_allowance"]
    assert len(items) == 4
    # newest first: 4th child 2026 (63 x 4 325), 3rd 2025 (38 x 3 932), two in 2024 (38 x 3 692)
    assert [item["amount_kzt"] for item in items] == [272_475, 149_416, 140_296, 140_296]
    assert all(item["status"] == "offered" for item in items)
    assert all(item["rule_id"] == "kz.childbirth_allowance" for item in items)
    assert {item["life_event"] for item in items} == {"child_birth"}
    newest = items[0]
    assert newest["amount_kzt"] == 272_475
    assert "272" in newest["body"] and newest["title"] == "One-time childbirth allowance"
    assert newest["case_id"]
