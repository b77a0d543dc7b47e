"""The conversation with 1414 runs both ways: the citizen's SMS reply appears in the thread
between 1414's messages, and 1414 then tells how the work goes, in the 1414 style (assigned,
paid with the amount and the date, refused). A paid item no longer asks for consent, and an
item that pays nothing promises no money."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from engine.clock import SimulatedClock
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.inbox.support import birth, by_rule, inbox, tick
from tests.support.flows import citizen_token, official_token

pytestmark = pytest.mark.anyio

ALLOWANCE = "kz.childbirth_allowance"
QUEUE = "test.kindergarten_queue"


async def thread(http: httpx.AsyncClient, services: Services, iin: str) -> list[dict[str, Any]]:
    response = await http.get(
        f"/api/citizens/{iin}/messages?lang=ru", headers=citizen_token(services, iin)
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return list(reversed(items))  # oldest first, as the page shows it


async def complete_open_tasks(http: httpx.AsyncClient, services: Services, agency: str) -> None:
    token = official_token(services, agency)
    tasks = (await http.get(f"/api/agencies/{agency}/tasks?status=open", headers=token)).json()
    for task in tasks["items"]:
        done = await http.post(f"/api/tasks/{task['id']}/complete", headers=token)
        assert done.status_code == 200, done.text


async def test_the_citizens_reply_and_1414s_status_messages_form_one_thread(
    http: httpx.AsyncClient,
    services: Services,
    registries: RegistryBundle,
    clock: SimulatedClock,
) -> None:
    family = await birth(http, services, registries, language="ru", phone="+77015550199")
    await tick(services)
    clock.advance(timedelta(minutes=20))
    reply = await http.post("/api/sms/inbound", json={"from_iin": family.mother, "text": "Да"})
    assert reply.status_code == 200, reply.text
    await tick(services)
    for _ in range(2):  # the allowance is assigned, then paid
        clock.advance(timedelta(hours=2))
        await complete_open_tasks(http, services, "gfc")
        await tick(services)
    education = official_token(services, "education")
    [queue_task] = (
        await http.get("/api/agencies/education/tasks?status=open", headers=education)
    ).json()["items"]
    refused = await http.post(
        f"/api/tasks/{queue_task['id']}/reject", json={"reason": "no place"}, headers=education
    )
    assert refused.status_code == 200, refused.text
    await tick(services)

    messages = await thread(http, services, family.mother)
    directions = [m["direction"] for m in messages]
    assert directions[:3] == ["out", "in", "out"], "offer, the citizen's «Да», 1414's answer"
    assert messages[1]["body"] == "Да" and messages[1]["channel_name"] == "SMS"
    assert messages[0]["body"].startswith("1414: Рождение ребёнка")
    bodies = [m["body"].replace("\u00a0", " ") for m in messages if m["kind"] == "status"]
    assert any("выплачено 164 350 ₸ 16 марта 2026" in b for b in bodies), bodies
    assert any("отказано" in b for b in bodies), bodies
    assert all(m["status_name"] and m["at_shown"] for m in messages)

    items = by_rule(await inbox(http, services, family.mother, lang="ru"))
    paid = items[ALLOWANCE]
    assert paid["status"] == "paid" and paid["status_name"] == "выплачено"
    assert not any("согласие" in line for line in paid["next"]["lines"])
    assert "Дайте согласие" not in paid["body"]
    history = [e["action_name"] for e in paid["timeline"]]
    assert "Выплачено" in history and "Отправлено предложение" in history
    queue_next = " ".join(items[QUEUE]["next"]["lines"])
    assert "Это не выплата денег" in queue_next and "Деньги поступят" not in queue_next
