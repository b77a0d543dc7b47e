"""The first page shows recent life events and inbox items."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.support.flows import official_token, run_jobs
from tests.support.population import add_person

pytestmark = pytest.mark.anyio


async def test_a_birth_appears_on_the_first_page(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    empty = await http.get("/")
    assert empty.status_code == 200
    assert "No life events yet" in empty.text
    assert "http-equiv" not in empty.text  # live through server-sent events, not reloads

    mother = add_person(registries.contexts["population"], sex="F", birth_date=date(1991, 9, 9))
    response = await http.post(
        "/registries/civil/births",
        json={
            "mother_iin": mother.iin,
            "child_first_name": "Ержан",
            "child_sex": "M",
            "birth_date": "2026-03-15",
        },
        headers=official_token(services, "civil"),
    )
    assert response.status_code == 201
    await run_jobs(services)

    page = await http.get("/?lang=ru")
    case_id = (
        await http.get(
            "/api/control-room/cases",
            params={"subject_iin": mother.iin},
            headers=official_token(services, "control_room"),
        )
    ).json()["items"][0]["id"]
    assert f'href="/cases/{case_id}?lang=ru">Рождение ребёнка</a>' in page.text
    assert "Единовременное пособие на рождение ребёнка" in page.text
    assert "164\u00a0350\u00a0₸" in page.text
    assert mother.iin not in page.text  # identities are masked on the dashboard

    # every service of the catalogue, with its agency, status and the version deciding today
    rules = page.text.split('<table id="rules">')[1].split("</table>")[0]
    catalogue = services.catalogue.current
    assert rules.count("<tr><td title=") == len(catalogue.versions)
    tax = catalogue.rules["kz.vehicle_tax_obligation"]
    assert f"kz.vehicle_tax_obligation · {tax.version[:8]}" in rules
    assert tax.rule.title.ru in rules
    assert rules.count("действует") == len(catalogue.versions)  # statuses in the page's language
