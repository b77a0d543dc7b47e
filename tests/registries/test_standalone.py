"""Registries run alone, as ``proactive registries --only NAME`` does: real HTTP on loopback
between a process of vehicles and one of population and civil."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

import httpx
import pytest
import uvicorn
from typer.testing import CliRunner

from engine.cli import app as cli
from engine.clock import SimulatedClock
from mock_registries.common.faults import FaultSettings
from mock_registries.serve import RegistryOptions, build_bundle, frozen_on, registries_site
from tests.conftest import TEST_SECRET
from tests.registries.conftest import official


@contextmanager
def serving(
    options: RegistryOptions, urls: dict[str, str], peers_url: str, sock: socket.socket
) -> Iterator[None]:
    clock = SimulatedClock()
    bundle = build_bundle(
        options,
        urls.__getitem__,
        clock.now,
        peers_url=peers_url,
        secret=TEST_SECRET,
        demo_features=True,
    )
    site = registries_site(bundle, options, TEST_SECRET, clock.now, lambda _: None)
    server = uvicorn.Server(uvicorn.Config(site, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]})
    thread.start()
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(30)


def listening() -> tuple[socket.socket, str]:
    """A bound, listening socket: requests wait in its backlog until the server takes them."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    return sock, f"http://127.0.0.1:{sock.getsockname()[1]}"


@pytest.mark.parametrize("backend", ["sqlite"])
def test_vehicles_alone_check_owners_with_population_over_http(
    registry_urls: dict[str, str],
) -> None:
    population_socket, population_url = listening()
    vehicles_socket, vehicles_url = listening()
    people = RegistryOptions(only=["population", "civil"], population=300, scenario=False)
    cars = RegistryOptions(
        only=["vehicles"],
        population=300,
        scenario=False,
        faults=FaultSettings(missing_fields_rate=0.0),
    )
    peers = f"{population_url}/registries"
    with (
        serving(people, registry_urls, f"{vehicles_url}/registries", population_socket),
        serving(cars, registry_urls, peers, vehicles_socket),
        httpx.Client(timeout=30) as http,
    ):
        health = http.get(f"{vehicles_url}/health").json()
        assert health == {"status": "ok", "registries": ["vehicles"]}
        assert http.get(f"{vehicles_url}/registries/population/health").status_code == 404
        adults = http.get(
            f"{population_url}/registries/population/persons",
            params={"age_min": 30, "alive": "true", "limit": 1},
            headers=official("mvd"),
        ).json()["items"]
        body = {
            "owner_iin": adults[0]["iin"],
            "vin": "XTA219000R0123456",
            "make": "Lada",
            "model": "Granta",
            "year": 2024,
            "engine_cc": 1596,
        }
        registered = http.post(
            f"{vehicles_url}/registries/vehicles/registrations", json=body, headers=official("mvd")
        )
        assert registered.status_code == 201, registered.text
        unknown = http.post(
            f"{vehicles_url}/registries/vehicles/registrations",
            json={**body, "owner_iin": "791028302728", "vin": "XTA219000R0123457"},
            headers=official("mvd"),
        )
        assert unknown.status_code == 422 and "no person" in unknown.text
        # the vehicles process was seeded from the same people as population
        fleet = http.get(
            f"{vehicles_url}/registries/vehicles/changes", headers=official("digital")
        ).json()
        assert [e["type"] for e in fleet["events"]] == ["vehicle.registered"]
        log = http.get(
            f"{population_url}/registries/population/_access-log",
            params={"iin": adults[0]["iin"]},
            headers=official("digital"),
        ).json()["items"]
        assert ("mvd", "vehicle registration", "digital/gateway") in {
            (i["agency"], i["purpose"], i["caller"]) for i in log
        }


runner = CliRunner()


def test_the_command_refuses_an_unknown_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROACTIVE_MODE", "demo")
    result = runner.invoke(cli, ["registries", "--only", "weather"])
    assert result.exit_code == 2
    assert "unknown registry 'weather'" in result.output


def test_faults_need_demo_or_test_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROACTIVE_MODE", "production")
    monkeypatch.setenv("PROACTIVE_SECRET", "a-long-production-secret-0123456789abcdef")
    result = runner.invoke(cli, ["registries", "--only", "tax", "--fault-outage"])
    assert result.exit_code == 2
    assert "PROACTIVE_MODE=demo" in result.output


def test_a_production_process_needs_its_own_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROACTIVE_MODE", "production")
    monkeypatch.delenv("PROACTIVE_SECRET", raising=False)
    result = runner.invoke(cli, ["registries", "--only", "tax"])
    assert result.exit_code == 2
    assert "PROACTIVE_SECRET" in result.output


def test_a_frozen_date_keeps_the_day_and_lets_the_time_run() -> None:
    moments = iter([datetime(2031, 7, 9, 10, 30, tzinfo=UTC), datetime(2031, 7, 10, 1, tzinfo=UTC)])
    clock = frozen_on(date(2026, 3, 16), lambda: next(moments))
    assert clock() == datetime(2026, 3, 16, 10, 30, tzinfo=UTC)
    assert clock() == datetime(2026, 3, 16, 1, tzinfo=UTC)


@pytest.mark.anyio
@pytest.mark.parametrize("backend", ["sqlite"])
async def test_registries_on_a_frozen_date_judge_dates_by_it(
    registry_urls: dict[str, str],
) -> None:
    options = RegistryOptions(only=["population", "civil"], population=50, scenario=False)
    now = frozen_on(date(2026, 1, 1), SimulatedClock().now)
    bundle = build_bundle(
        options,
        registry_urls.__getitem__,
        now,
        peers_url="",
        secret=TEST_SECRET,
        demo_features=True,
    )
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=bundle.apps["civil"]), base_url="http://civil"
        ) as civil:
            response = await civil.post(
                "/deaths",
                json={"iin": "920317411919", "death_date": "2026-01-05"},
                headers=official("civil"),
            )
        assert response.json()["code"] == "date.future"
        assert response.json()["params"]["today"] == "2026-01-01"
    finally:
        bundle.dispose()


def test_the_date_to_freeze_must_be_a_date() -> None:
    result = CliRunner().invoke(cli, ["registries", "--today", "16.03.2026"])
    assert result.exit_code == 2 and "today" in result.output
