"""Tokens, the clock and the health check of the engine's API."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest

from engine.app import create_app
from engine.config import DEFAULT_SECRET, Settings
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.support.flows import citizen_token, official_token
from tests.support.population import add_person

pytestmark = pytest.mark.anyio


async def test_inbox_needs_a_token(http: httpx.AsyncClient) -> None:
    response = await http.get("/api/citizens/791028302728/inbox")
    assert response.status_code == 401
    assert "token" in response.json()["detail"]


async def test_a_forged_token_is_refused(http: httpx.AsyncClient) -> None:
    response = await http.get(
        "/api/citizens/791028302728/inbox", headers={"Authorization": "Bearer not.a.token"}
    )
    assert response.status_code == 401


async def test_a_citizen_cannot_read_another_citizens_inbox(
    http: httpx.AsyncClient, services: Services
) -> None:
    response = await http.get(
        "/api/citizens/791028302728/inbox", headers=citizen_token(services, "061211600012")
    )
    assert response.status_code == 403


async def test_the_control_room_may_read_any_inbox(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    citizen = add_person(registries.contexts["population"], sex="F", birth_date=date(1980, 1, 1))
    response = await http.get(
        f"/api/citizens/{citizen.iin}/inbox", headers=official_token(services, "control_room")
    )
    assert response.status_code == 200
    assert response.json()["items"] == []


async def test_an_agency_without_business_there_cannot(
    http: httpx.AsyncClient, services: Services
) -> None:
    response = await http.get(
        "/api/citizens/791028302728/inbox", headers=official_token(services, "mvd")
    )
    assert response.status_code == 403


async def test_health_is_ok_once_started(http: httpx.AsyncClient) -> None:
    response = await http.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_the_clock_moves_forward_on_request(
    http: httpx.AsyncClient, services: Services
) -> None:
    before = services.clock.now()
    response = await http.post("/api/clock/advance", json={"days": 3})
    assert response.status_code == 200
    assert services.clock.now() - before == timedelta(days=3)
    assert response.json()["today"] == (before + timedelta(days=3)).date().isoformat()
    response = await http.post("/api/clock/advance", json={"hours": 5})
    assert services.clock.now() - before == timedelta(days=3, hours=5)


@pytest.mark.parametrize("body", [{}, {"days": -1}, {"days": "soon"}])
async def test_the_clock_refuses_bad_moves(
    http: httpx.AsyncClient, body: dict[str, object]
) -> None:
    response = await http.post("/api/clock/advance", json=body)
    assert response.status_code == 422


async def test_outside_demo_and_test_mode_the_clock_cannot_be_moved(services: Services) -> None:
    services.settings = services.settings.model_copy(update={"mode": "production"})
    app = create_app(services)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://x"
    ) as client:
        response = await client.post("/api/clock/advance", json={"days": 1})
    assert response.status_code == 404


def test_a_production_server_refuses_the_default_secret(services: Services) -> None:
    services.settings = Settings(mode="production", secret=DEFAULT_SECRET)
    with pytest.raises(RuntimeError, match="PROACTIVE_SECRET"):
        create_app(services)
