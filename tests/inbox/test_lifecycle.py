"""An offer's life on the simulated clock: offered, reminded, expired, accepted, declined,
undone, asked for again; one message per life event; clear refusals for wrong actions."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlmodel import Session, select

from engine.clock import SimulatedClock
from engine.inbox.models import InboxTimeline
from engine.notify.models import Notification
from engine.pipeline.models import Entitlement
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.inbox.support import birth, by_rule, inbox, tick
from tests.support.flows import citizen_token

pytestmark = pytest.mark.anyio

ALLOWANCE = "kz.childbirth_allowance"
QUEUE = "test.kindergarten_queue"
NOTICE = "test.birth_notice"


async def test_one_life_event_is_one_offer_with_several_items(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    family = await birth(http, services, registries)
    body = await inbox(http, services, family.mother)
    items = by_rule(body)
    assert set(items) == {ALLOWANCE, QUEUE, NOTICE}
    assert items[ALLOWANCE]["status"] == "offered"
    assert items[ALLOWANCE]["amount_kzt"] == 164_350
    assert items[QUEUE]["status"] == "offered"
    assert items[NOTICE]["status"] == "informed"
    assert items[NOTICE]["actions"] == []
    assert items[ALLOWANCE]["actions"] == ["accept", "decline"]
    [offer] = body["bundles"]
    assert offer["title"] == "Birth of a child"
    assert sorted(offer["open_item_ids"]) == sorted([items[ALLOWANCE]["id"], items[QUEUE]["id"]])
    assert offer["reference"] == items[ALLOWANCE]["reference"] == 101

    await tick(services)
    with Session(services.db) as session:
        messages = session.exec(
            select(Notification).where(Notification.citizen_iin == family.mother)
        ).all()
    assert len(messages) == 1, "one message for the whole life event"
    [message] = messages
    assert message.status == "delivered"
    assert message.lang == "kk"
    assert message.template == "bundle" and message.template_version == 3
    assert "Бала тууына байланысты біржолғы жәрдемақы" in (message.body or "")
    assert "Балабақша кезегі" in (message.body or "")
    assert "№101" in (message.body or "")


async def test_the_whole_offer_is_accepted_with_one_answer_and_items_declined_alone(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    family = await birth(http, services, registries)
    body = await inbox(http, services, family.mother)
    items = by_rule(body)
    token = citizen_token(services, family.mother)

    declined = await http.post(f"/api/inbox/{items[QUEUE]['id']}/decline", headers=token)
    assert declined.status_code == 200, declined.text
    assert declined.json()["status"] == "declined"

    offer_id = body["bundles"][0]["id"]
    accepted = await http.post(f"/api/inbox/offers/{offer_id}/accept", headers=token)
    assert accepted.status_code == 200, accepted.text
    statuses = {i["rule_id"]: i["status"] for i in accepted.json()["items"]}
    assert statuses == {ALLOWANCE: "accepted", QUEUE: "declined", NOTICE: "informed"}

    with Session(services.db) as session:
        entitlement = session.get(Entitlement, _entitlement_id(session, items[ALLOWANCE]["id"]))
        assert entitlement is not None and entitlement.status == "accepted"


def _entitlement_id(session: Session, item_id: int) -> int:
    from engine.inbox.models import InboxItem

    item = session.get(InboxItem, item_id)
    assert item is not None and item.entitlement_id is not None
    return item.entitlement_id


async def test_reminder_a_day_before_and_expiry_after_72_hours(
    http: httpx.AsyncClient,
    services: Services,
    registries: RegistryBundle,
    clock: SimulatedClock,
) -> None:
    family = await birth(http, services, registries)
    await tick(services)
    allowance = by_rule(await inbox(http, services, family.mother))[ALLOWANCE]

    clock.advance(timedelta(hours=47))
    await tick(services)
    assert _kinds(services, family.mother) == ["bundle"], "no reminder before 48 hours"

    clock.advance(timedelta(hours=1, minutes=1))
    await tick(services)
    assert _kinds(services, family.mother) == ["bundle", "reminder"]
    await tick(services)
    assert _kinds(services, family.mother) == ["bundle", "reminder"], "reminded once"
    reminder = _messages(services, family.mother)[-1]
    assert reminder.status == "delivered" and "№101" in (reminder.body or "")

    clock.advance(timedelta(hours=23))
    await tick(services)
    item = (
        await http.get(
            f"/api/inbox/{allowance['id']}?lang=en", headers=citizen_token(services, family.mother)
        )
    ).json()
    assert item["status"] == "offered", "still open one hour before the end"

    clock.advance(timedelta(hours=1))
    await tick(services)
    body = await inbox(http, services, family.mother)
    item = by_rule(body)[ALLOWANCE]
    assert item["status"] == "expired"
    assert item["actions"] == ["ask_again"]
    assert _changes(item)[-1] == "expired"
    assert "reminder_sent" in [e["action"] for e in item["timeline"]]
    assert _kinds(services, family.mother) == ["bundle", "reminder", "expired"]

    late = await http.post(
        f"/api/inbox/{allowance['id']}/accept", headers=citizen_token(services, family.mother)
    )
    assert late.status_code == 409
    assert "ask-again" in late.json()["detail"]

    again = await http.post(
        f"/api/inbox/{allowance['id']}/ask-again", headers=citizen_token(services, family.mother)
    )
    assert again.status_code == 200, again.text
    reopened = again.json()
    assert reopened["status"] == "offered"
    assert reopened["expires_at"] == (clock.now() + timedelta(hours=72)).isoformat()
    accepted = await http.post(
        f"/api/inbox/{allowance['id']}/accept", headers=citizen_token(services, family.mother)
    )
    assert accepted.status_code == 200
    assert _changes(accepted.json()) == ["expired", "asked_again", "accepted"]
    assert accepted.json()["timeline"][0]["action"] == "created"


async def test_an_accepted_offer_is_not_reminded_nor_expired(
    http: httpx.AsyncClient,
    services: Services,
    registries: RegistryBundle,
    clock: SimulatedClock,
) -> None:
    family = await birth(http, services, registries)
    offer = (await inbox(http, services, family.mother))["bundles"][0]
    token = citizen_token(services, family.mother)
    assert (
        await http.post(f"/api/inbox/offers/{offer['id']}/accept", headers=token)
    ).status_code == 200
    clock.advance(timedelta(days=4))
    await tick(services)
    items = by_rule(await inbox(http, services, family.mother))
    assert items[ALLOWANCE]["status"] == items[QUEUE]["status"] == "accepted"
    assert "reminder" not in _kinds(services, family.mother)
    assert "expired" not in _kinds(services, family.mother)


async def test_a_refusal_can_be_undone_within_30_days_only(
    http: httpx.AsyncClient,
    services: Services,
    registries: RegistryBundle,
    clock: SimulatedClock,
) -> None:
    family = await birth(http, services, registries)
    items = by_rule(await inbox(http, services, family.mother))
    token = citizen_token(services, family.mother)
    allowance, queue = items[ALLOWANCE]["id"], items[QUEUE]["id"]

    assert (await http.post(f"/api/inbox/{queue}/decline", headers=token)).status_code == 200
    declined = (await http.post(f"/api/inbox/{allowance}/decline", headers=token)).json()
    assert declined["status"] == "declined" and declined["actions"] == ["undo_decline"]
    again = await http.post(f"/api/inbox/{allowance}/accept", headers=token)
    assert again.status_code == 409 and "undo-decline" in again.json()["detail"]

    clock.advance(timedelta(days=10))
    undone = await http.post(f"/api/inbox/{allowance}/undo-decline", headers=token)
    assert undone.status_code == 200
    assert undone.json()["status"] == "offered"
    assert undone.json()["expires_at"] == (clock.now() + timedelta(hours=72)).isoformat()
    assert (await http.post(f"/api/inbox/{allowance}/accept", headers=token)).status_code == 200

    clock.advance(timedelta(days=20, minutes=1))
    too_late = await http.post(f"/api/inbox/{queue}/undo-decline", headers=token)
    assert too_late.status_code == 409
    assert "1414" in too_late.json()["detail"]
    await tick(services)
    kinds = _kinds(services, family.mother)
    assert kinds.count("answer_declined") == 2 and "answer_reopened" in kinds


async def test_wrong_actions_are_refused_and_change_nothing(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    family = await birth(http, services, registries)
    stranger = await birth(http, services, registries)
    items = by_rule(await inbox(http, services, family.mother))
    allowance = items[ALLOWANCE]["id"]
    mine = citizen_token(services, family.mother)

    assert (await http.post(f"/api/inbox/{allowance}/accept", headers=mine)).status_code == 200
    twice = await http.post(f"/api/inbox/{allowance}/accept", headers=mine)
    assert twice.status_code == 409 and "already accepted" in twice.json()["detail"]
    assert (await http.post(f"/api/inbox/{allowance}/decline", headers=mine)).status_code == 409
    assert (
        await http.post(f"/api/inbox/{items[NOTICE]['id']}/accept", headers=mine)
    ).status_code == 409

    theirs = citizen_token(services, stranger.mother)
    other = await http.post(f"/api/inbox/{items[QUEUE]['id']}/decline", headers=theirs)
    assert other.status_code == 403
    assert (
        await http.get(f"/api/citizens/{family.mother}/inbox", headers=theirs)
    ).status_code == 403
    assert (await http.post("/api/inbox/999999/accept", headers=mine)).status_code == 404
    assert (await http.post(f"/api/inbox/{allowance}/accept")).status_code == 401
    bad_lang = await http.get(f"/api/citizens/{family.mother}/inbox?lang=de", headers=mine)
    assert bad_lang.status_code == 422
    assert bad_lang.json()["detail"][0]["loc"] == ["query", "lang"]

    after = by_rule(await inbox(http, services, family.mother))
    assert after[QUEUE]["status"] == "offered"
    assert after[ALLOWANCE]["status"] == "accepted"
    with Session(services.db) as session:
        entries = session.exec(
            select(InboxTimeline).where(InboxTimeline.item_id == items[QUEUE]["id"])
        ).all()
    assert [e.action for e in entries] == ["created"]


async def test_texts_and_explanations_in_the_asked_language(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    family = await birth(http, services, registries, language="ru")
    default = by_rule(await inbox(http, services, family.mother, lang=None))
    assert default[ALLOWANCE]["lang"] == "ru"
    assert default[ALLOWANCE]["title"] == "Единовременное пособие на рождение ребёнка"
    kk = by_rule(await inbox(http, services, family.mother, lang="kk"))[ALLOWANCE]
    assert kk["title"] == "Бала тууына байланысты біржолғы жәрдемақы"
    en = by_rule(await inbox(http, services, family.mother, lang="en"))[ALLOWANCE]
    why = en["why"]
    assert why["conditions"] == [
        {
            "id": "mother_resident",
            "holds": True,
            "text": "The mother is a citizen, a kandas or a permanent resident of Kazakhstan",
        }
    ]
    sources = {d["field"]: d for d in why["data"]}
    assert sources["mother.citizenship"]["registry"] == "population"
    assert sources["mother.citizenship"]["value"] == "citizen of Kazakhstan"
    assert sources["child.birth_order"]["value"] == "1"
    assert why["amount"]["amount_kzt"] == 164_350
    steps = {s["id"]: s["formula"] for s in why["amount"]["steps"]}
    assert steps == {"amount": "38 × 4,325\u00a0₸ = 164,350\u00a0₸"}
    ru = by_rule(await inbox(http, services, family.mother, lang="ru"))[ALLOWANCE]["why"]
    assert ru["amount"]["steps"][0]["formula"] == "38 × 4\u00a0325\u00a0₸ = 164\u00a0350\u00a0₸"
    ru_sources = {d["field"]: d for d in ru["data"]}
    assert ru_sources["mother.citizenship"]["label"] == "Мать: гражданство"
    assert ru_sources["mother.citizenship"]["value"] == "гражданин РК"
    assert {p["id"] for p in why["amount"]["parameters"]} >= {"mrp"}
    assert why["legal_basis"][0]["url"].startswith("https://adilet.zan.kz")
    nxt = en["next"]
    assert [s["agency"] for s in nxt["steps"]] == ["gfc", "gfc"]
    assert nxt["steps"][1]["working_days"] == 7
    assert "Give your consent by" in nxt["lines"][0]


def _changes(item: dict[str, object]) -> list[str]:
    """The timeline's status changes (leaving out notes such as messages sent)."""
    timeline = item["timeline"]
    assert isinstance(timeline, list)
    return [e["action"] for e in timeline if e["from"] is not None and e["from"] != e["to"]]


def _messages(services: Services, iin: str) -> list[Notification]:
    with Session(services.db) as session:
        return list(
            session.exec(
                select(Notification)
                .where(Notification.citizen_iin == iin)
                .order_by(Notification.id)  # type: ignore[arg-type]
            ).all()
        )


def _kinds(services: Services, iin: str) -> list[str]:
    return [n.kind for n in _messages(services, iin)]


async def test_the_item_follows_the_agencies_work_until_paid_or_rejected(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    from tests.support.flows import official_token

    family = await birth(http, services, registries)
    items = by_rule(await inbox(http, services, family.mother))
    token = citizen_token(services, family.mother)
    offer = (await inbox(http, services, family.mother))["bundles"][0]["id"]
    assert (await http.post(f"/api/inbox/offers/{offer}/accept", headers=token)).status_code == 200

    async def tasks(agency: str) -> list[dict[str, object]]:
        response = await http.get(
            f"/api/agencies/{agency}/tasks?status=open", headers=official_token(services, agency)
        )
        assert response.status_code == 200, response.text
        found: list[dict[str, object]] = response.json()["items"]
        return found

    gfc = official_token(services, "gfc")
    [assign] = [t for t in await tasks("gfc") if t["entitlement_id"] == _eid(services, items)]
    assert (await http.post(f"/api/tasks/{assign['id']}/complete", headers=gfc)).status_code == 200
    await tick(services)
    assert by_rule(await inbox(http, services, family.mother))[ALLOWANCE]["status"] == (
        "in_fulfilment"
    )
    [pay] = [t for t in await tasks("gfc") if t["entitlement_id"] == _eid(services, items)]
    assert (await http.post(f"/api/tasks/{pay['id']}/complete", headers=gfc)).status_code == 200
    await tick(services)
    paid = by_rule(await inbox(http, services, family.mother))[ALLOWANCE]
    assert paid["status"] == "paid"
    assert _changes(paid)[-3:] == ["accepted", "in_fulfilment", "paid"]

    education = official_token(services, "education")
    [queue_task] = await tasks("education")
    refused = await http.post(
        f"/api/tasks/{queue_task['id']}/reject",
        json={"reason": "the child already has a place"},
        headers=education,
    )
    assert refused.status_code == 200, refused.text
    await tick(services)
    queue = by_rule(await inbox(http, services, family.mother))[QUEUE]
    assert queue["status"] == "rejected"
    assert queue["timeline"][-1]["note"] == "the child already has a place"


def _eid(services: Services, items: dict[str, dict[str, object]]) -> int:
    with Session(services.db) as session:
        item_id = items[ALLOWANCE]["id"]
        assert isinstance(item_id, int)
        return _entitlement_id(session, item_id)
