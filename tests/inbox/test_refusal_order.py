"""A caller without the right to answer an item, an offer or a task hears 403 whatever body
they sent: the permission is checked against the stored row before the body is read, and the
refusal changes nothing."""

from __future__ import annotations

import httpx
import pytest

from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.inbox.support import birth, by_rule, inbox
from tests.support.flows import citizen_token, official_token

pytestmark = pytest.mark.anyio

ALLOWANCE = "kz.childbirth_allowance"
STRANGER = "791028302728"
BAD_IBANS = [{"iban": "nope"}, {"iban": 7}, {"unknown": "field"}]


@pytest.mark.parametrize("body", BAD_IBANS)
async def test_another_citizen_answering_with_a_bad_iban_hears_403(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle, body: object
) -> None:
    family = await birth(http, services, registries)
    mine = await inbox(http, services, family.mother)
    item = by_rule(mine)[ALLOWANCE]["id"]
    offer = mine["bundles"][0]["id"]
    stranger = citizen_token(services, STRANGER)
    for path in (f"/api/inbox/{item}/accept", f"/api/inbox/offers/{offer}/accept"):
        refused = await http.post(path, json=body, headers=stranger)
        assert refused.status_code == 403, (path, refused.text)
    official = official_token(services, "gfc")
    refused = await http.post(f"/api/inbox/{item}/accept", json=body, headers=official)
    assert refused.status_code == 403, refused.text
    assert by_rule(await inbox(http, services, family.mother))[ALLOWANCE]["status"] == "offered"


async def test_the_owner_with_a_bad_iban_hears_422_naming_the_field(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    family = await birth(http, services, registries)
    item = by_rule(await inbox(http, services, family.mother))[ALLOWANCE]["id"]
    answer = await http.post(
        f"/api/inbox/{item}/accept",
        json={"iban": "nope"},
        headers=citizen_token(services, family.mother),
    )
    assert answer.status_code == 422, answer.text
    assert "iban" in answer.text
    assert by_rule(await inbox(http, services, family.mother))[ALLOWANCE]["status"] == "offered"


async def test_an_unknown_item_is_404_before_its_body_is_read(
    http: httpx.AsyncClient, services: Services
) -> None:
    answer = await http.post(
        "/api/inbox/2147483000/accept",
        json={"iban": "nope"},
        headers=citizen_token(services, STRANGER),
    )
    assert answer.status_code == 404, answer.text


@pytest.mark.parametrize("body", [{"reason": "x"}, {"reason": 5}, {}])
async def test_another_agency_rejecting_a_task_with_a_bad_body_hears_403(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle, body: object
) -> None:
    family = await birth(http, services, registries)
    offer = (await inbox(http, services, family.mother))["bundles"][0]["id"]
    mother = citizen_token(services, family.mother)
    assert (await http.post(f"/api/inbox/offers/{offer}/accept", headers=mother)).status_code == 200
    education = official_token(services, "education")
    queue = await http.get("/api/agencies/education/tasks?status=open", headers=education)
    [task] = queue.json()["items"]
    refused = await http.post(
        f"/api/tasks/{task['id']}/reject", json=body, headers=official_token(services, "kgd")
    )
    assert refused.status_code == 403, refused.text
    assert "education" in refused.text
    missing = await http.post("/api/tasks/2147483000/reject", json=body, headers=education)
    assert missing.status_code == 404, missing.text
    own = await http.post(f"/api/tasks/{task['id']}/reject", json=body, headers=education)
    assert own.status_code == 422, own.text
    still = await http.get("/api/agencies/education/tasks?status=open", headers=education)
    assert [t["id"] for t in still.json()["items"]] == [task["id"]]
