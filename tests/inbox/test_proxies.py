"""Who may act for whom: a parent for a minor child, a registered representative for a person
who cannot act, officials only to read; and nothing for the deceased."""

from __future__ import annotations

import httpx
import pytest
from sqlmodel import Session, select

from engine.db import transaction
from engine.inbox.models import InboxItem
from engine.inbox.service import close_for_deceased
from engine.notify.models import Notification
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.inbox.support import new_mother, register_birth, tick
from tests.support.flows import citizen_token, official_token, run_jobs

pytestmark = pytest.mark.anyio

SAVINGS = "test.child_savings"


async def boy(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> tuple[str, str]:
    mother = new_mother(registries, phone="+77012220000")
    response = await http.post(
        "/registries/civil/births",
        json={
            "mother_iin": mother,
            "child_first_name": "Алихан",
            "child_sex": "M",
            "birth_date": "2026-03-14",
        },
        headers=official_token(services, "civil"),
    )
    assert response.status_code == 201, response.text
    await run_jobs(services)
    return mother, response.json()["child_iin"]


async def test_a_mother_answers_for_her_newborn_son(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    mother, child = await boy(http, services, registries)
    as_mother = citizen_token(services, mother)
    body = (await http.get(f"/api/citizens/{child}/inbox?lang=en", headers=as_mother)).json()
    assert body["acting_as"] == "parent"
    [item] = [i for i in body["items"] if i["rule_id"] == SAVINGS]
    assert item["amount_kzt"] == 43_250 and item["status"] == "offered"
    assert item["expires_at"] is not None

    relations = (
        await http.get(f"/api/citizens/{mother}/representations", headers=as_mother)
    ).json()
    assert {"iin": child, "kind": "parent"} in [
        {"iin": r["iin"], "kind": r["kind"]} for r in relations["represents"]
    ]

    await tick(services)
    with Session(services.db) as session:
        [told] = session.exec(select(Notification).where(Notification.citizen_iin == child)).all()
    assert told.recipient_iin == mother, "the child's offer reaches the mother"
    assert told.body is not None and "(Алихан үшін)" in told.body

    accepted = await http.post(f"/api/inbox/{item['id']}/accept", headers=as_mother)
    assert accepted.status_code == 200
    last = accepted.json()["timeline"][-1]
    assert (last["action"], last["actor"]) == ("accepted", "parent")

    stranger = new_mother(registries)
    refused = await http.get(
        f"/api/citizens/{child}/inbox", headers=citizen_token(services, stranger)
    )
    assert refused.status_code == 403


async def test_a_registered_representative_acts_until_revoked(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    ward = new_mother(registries)
    await register_birth(http, services, ward)
    await run_jobs(services)
    guardian = new_mother(registries)
    as_guardian = citizen_token(services, guardian)
    assert (await http.get(f"/api/citizens/{ward}/inbox", headers=as_guardian)).status_code == 403

    body = {
        "representative_iin": guardian,
        "represented_iin": ward,
        "kind": "guardian",
        "basis": "Decision of the Astana district court No. 2-1234/2026",
    }
    assert (
        await http.post(
            "/api/representations", json=body, headers=citizen_token(services, guardian)
        )
    ).status_code == 403
    registered = await http.post(
        "/api/representations", json=body, headers=official_token(services, "labour")
    )
    assert registered.status_code == 201, registered.text
    inbox = (await http.get(f"/api/citizens/{ward}/inbox?lang=en", headers=as_guardian)).json()
    assert inbox["acting_as"] == "representative"
    offer = inbox["bundles"][0]["id"]
    accepted = await http.post(f"/api/inbox/offers/{offer}/accept", headers=as_guardian)
    assert accepted.status_code == 200

    await tick(services)
    with Session(services.db) as session:
        answers = session.exec(
            select(Notification).where(Notification.kind == "answer_accepted")
        ).all()
    assert [n.recipient_iin for n in answers] == [guardian], "the guardian is told, not the ward"

    revoked = await http.delete(
        f"/api/representations/{registered.json()['id']}",
        headers=official_token(services, "labour"),
    )
    assert revoked.status_code == 200
    assert (await http.get(f"/api/citizens/{ward}/inbox", headers=as_guardian)).status_code == 403
    again = await http.delete(
        f"/api/representations/{registered.json()['id']}",
        headers=official_token(services, "labour"),
    )
    assert again.status_code == 409

    invalid = await http.post(
        "/api/representations",
        json={**body, "represented_iin": guardian},
        headers=official_token(services, "labour"),
    )
    assert invalid.status_code == 422


async def test_officials_read_but_never_answer(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    mother = new_mother(registries)
    await register_birth(http, services, mother)
    await run_jobs(services)
    official = official_token(services, "gfc")
    body = (await http.get(f"/api/citizens/{mother}/inbox", headers=official)).json()
    assert body["acting_as"] == "gfc"
    item = body["items"][0]["id"]
    assert (await http.post(f"/api/inbox/{item}/accept", headers=official)).status_code == 403
    other = official_token(services, "mvd")
    assert (await http.get(f"/api/citizens/{mother}/inbox", headers=other)).status_code == 403


async def test_a_death_closes_the_deceased_persons_open_items(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    mother = new_mother(registries)
    await register_birth(http, services, mother)
    await run_jobs(services)
    with transaction(services.db) as session:
        closed = close_for_deceased(session, mother, services.clock.now(), "death registered")
    assert {i.status for i in closed} == {"revoked"}
    with Session(services.db) as session:
        items = session.exec(select(InboxItem).where(InboxItem.citizen_iin == mother)).all()
    statuses = sorted(i.status for i in items)
    assert statuses == ["informed", "revoked", "revoked"]
    update_and_tick = await http.get(
        f"/api/citizens/{mother}/inbox?lang=en", headers=citizen_token(services, mother)
    )
    assert all(i["actions"] == [] for i in update_and_tick.json()["items"])
