"""Messages leave through the outbox job only: in the citizen's language and channel, from
1414, held at night, retried when the gateway fails, moved to the app when SMS keeps failing,
confirmed by delivery receipts, and never sent to a deceased person."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlmodel import Session, select

from engine.clock import SimulatedClock
from engine.db import transaction
from engine.notify.gateways import set_fault
from engine.notify.models import GatewayMessage, Notification
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.inbox.support import birth, tick, update_person
from tests.support.flows import official_token

pytestmark = pytest.mark.anyio


def messages(services: Services, iin: str) -> list[Notification]:
    with Session(services.db) as session:
        return list(
            session.exec(
                select(Notification)
                .where(Notification.citizen_iin == iin)
                .order_by(Notification.id)  # type: ignore[arg-type]
            ).all()
        )


async def test_nothing_is_sent_before_the_job_runs_and_then_once(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    family = await birth(http, services, registries, phone="+77010000001", language="ru")
    [pending] = messages(services, family.mother)
    assert pending.status == "pending" and pending.body is None
    await tick(services)
    await tick(services)
    [sent] = messages(services, family.mother)
    assert (sent.status, sent.channel, sent.address, sent.lang) == (
        "delivered",
        "sms",
        "+77010000001",
        "ru",
    )
    assert sent.body is not None and sent.body.startswith("1414: Рождение ребёнка.")
    assert "1 (Да) или 2 (Нет)" in sent.body
    with Session(services.db) as session:
        [handed] = session.exec(select(GatewayMessage)).all()
    assert (handed.sender, handed.status) == ("1414", "delivered")


async def test_sms_waits_for_the_morning(
    http: httpx.AsyncClient,
    services: Services,
    registries: RegistryBundle,
    clock: SimulatedClock,
) -> None:
    clock.advance(timedelta(hours=13))  # 22:00 UTC is 03:00 in Kazakhstan
    family = await birth(http, services, registries, phone="+77010000002")
    await tick(services)
    [held] = messages(services, family.mother)
    assert held.status == "pending"
    assert held.next_attempt_at.isoformat() == "2026-03-17T04:00:00+00:00"  # 09:00 local
    clock.advance(timedelta(hours=6))
    await tick(services)
    assert messages(services, family.mother)[0].status == "delivered"


async def test_failures_are_retried_with_backoff_then_the_app_is_used(
    http: httpx.AsyncClient,
    services: Services,
    registries: RegistryBundle,
    clock: SimulatedClock,
) -> None:
    family = await birth(http, services, registries, phone="+77010000003")
    with transaction(services.db) as session:
        set_fault(session, "sms", fail_next=2)
    await tick(services)
    [message] = messages(services, family.mother)
    assert (message.status, message.attempts) == ("pending", 1)
    assert message.next_attempt_at == clock.now() + timedelta(minutes=1)
    await tick(services)
    assert messages(services, family.mother)[0].attempts == 1, "not before its time"
    clock.advance(timedelta(minutes=1))
    await tick(services)
    clock.advance(timedelta(minutes=5))
    await tick(services)
    [message] = messages(services, family.mother)
    assert (message.status, message.channel, message.attempts) == ("delivered", "sms", 3)

    other = await birth(http, services, registries, phone="+77010000004")
    with transaction(services.db) as session:
        set_fault(session, "sms", outage=True)
    for minutes in (0, 1, 5, 15, 60, 240):
        clock.advance(timedelta(minutes=minutes))
        await tick(services)
    [moved] = messages(services, other.mother)
    assert (moved.status, moved.channel) == ("delivered", "push")
    assert moved.address == f"egov-mobile:{other.mother}"


async def test_a_receipt_from_the_gateway_marks_delivery_or_retries(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    family = await birth(http, services, registries, phone="+77010000005")
    await tick(services)
    [sent] = messages(services, family.mother)
    unknown = await http.post(
        "/api/notify/receipts", json={"gateway_id": "x", "status": "delivered"}
    )
    assert unknown.status_code == 404
    failed = await http.post(
        "/api/notify/receipts", json={"gateway_id": sent.gateway_id, "status": "failed"}
    )
    assert failed.status_code == 200
    [again] = messages(services, family.mother)
    assert again.status == "pending" and again.last_error
    bad = await http.post("/api/notify/receipts", json={"gateway_id": "x", "status": "lost"})
    assert bad.status_code == 422


async def test_nothing_is_sent_to_a_deceased_citizen(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    family = await birth(http, services, registries, phone="+77010000006")
    update_person(registries, family.mother, alive=False)
    await tick(services)
    [message] = messages(services, family.mother)
    assert message.status == "cancelled"
    assert "deceased" in (message.last_error or "")
    with Session(services.db) as session:
        assert session.exec(select(GatewayMessage)).all() == []


@pytest.mark.parametrize("backend", ["sqlite"])  # the database plays no part
async def test_the_outbox_is_shown_to_the_control_room_only(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    family = await birth(http, services, registries, phone="+77010000007")
    await tick(services)
    shown = await http.get("/api/notify/outbox", headers=official_token(services, "control_room"))
    assert shown.status_code == 200
    assert shown.json()["items"][0]["address"] == "+77010000007"
    refused = await http.get("/api/notify/outbox", headers=official_token(services, "mvd"))
    assert refused.status_code == 403
    assert family.mother
