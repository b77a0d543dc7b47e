"""The demo's endpoints that need no token answer only on this machine; opening the demo to
the network takes an explicit flag and prints a warning; only the digital ministry's SMS
gateway posts SMS; a caller without the right is told so (403) before their body is read."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from typer.testing import CliRunner

from engine.app import create_app
from engine.auth.tokens import Principal, issue
from engine.cli import app as cli
from engine.services import Services
from tests.support.flows import citizen_token, official_token

pytestmark = pytest.mark.anyio

CITIZEN = "791028302728"
OTHER = "061211600012"
DEMO_DOORS = [
    ("POST", "/api/clock/advance", {"days": 1}),
    ("POST", f"/api/demo/citizen-token/{CITIZEN}", None),
    ("POST", "/api/sms/inbound", {"from_iin": CITIZEN, "text": "Иә"}),
    ("PUT", "/api/notify/_faults/sms", {"outage": True}),
]


async def client_at(web: FastAPI, address: str) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=web, client=(address, 50123))
    async with httpx.AsyncClient(transport=transport, base_url="http://demo") as client:
        yield client


@pytest.fixture
async def remote(web: FastAPI, http: httpx.AsyncClient) -> AsyncIterator[httpx.AsyncClient]:
    async for client in client_at(web, "203.0.113.7"):
        yield client


@pytest.mark.parametrize(("method", "path", "body"), DEMO_DOORS)
async def test_token_free_demo_endpoints_answer_only_on_loopback(
    http: httpx.AsyncClient,
    remote: httpx.AsyncClient,
    web: FastAPI,
    method: str,
    path: str,
    body: dict[str, object] | None,
) -> None:
    refused = await remote.request(method, path, json=body)
    assert refused.status_code == 403
    assert "--allow-remote" in refused.json()["detail"]
    async for ipv6 in client_at(web, "::1"):
        assert (await ipv6.request(method, path, json=body)).status_code == 200
    assert (await http.request(method, path, json=body)).status_code == 200


async def test_a_demo_opened_to_the_network_answers_remote_callers(
    services: Services, remote: httpx.AsyncClient
) -> None:
    services.settings = services.settings.model_copy(update={"demo_remote": True})
    response = await remote.post("/api/clock/advance", json={"days": 1})
    assert response.status_code == 200


def test_the_demo_refuses_a_network_interface_without_the_flag(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["demo", "--host", "0.0.0.0", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "--allow-remote" in result.output
    assert not (tmp_path / "engine.db").exists()


def test_with_the_flag_the_demo_warns_and_opens_its_doors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[FastAPI] = []
    monkeypatch.setattr("engine.serving.serve", lambda app, **_: served.append(app))
    args = ["demo", "--host", "0.0.0.0", "--allow-remote", "--no-scenario"]
    result = CliRunner().invoke(cli, [*args, "--population", "20", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "warning: the demo listens on 0.0.0.0" in result.output
    assert served[0].state.services.settings.demo_remote


@pytest.fixture
async def production(services: Services) -> AsyncIterator[httpx.AsyncClient]:
    services.settings = services.settings.model_copy(update={"mode": "production"})
    web = create_app(services)
    async with web.router.lifespan_context(web):
        async for client in client_at(web, "127.0.0.1"):
            yield client


@pytest.mark.parametrize(
    ("agency", "role", "status"),
    [("digital", "sms_gateway", 200), ("gfc", "sms_gateway", 403), ("digital", "officer", 403)],
)
async def test_only_the_digital_ministrys_gateway_posts_sms(
    production: httpx.AsyncClient, services: Services, agency: str, role: str, status: int
) -> None:
    from datetime import UTC, datetime, timedelta

    principal = Principal(kind="official", subject=agency, role=role)
    token = issue(principal, services.settings.secret, datetime.now(UTC), timedelta(hours=1))
    response = await production.post(
        "/api/sms/inbound",
        json={"from_iin": CITIZEN, "text": "Иә"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == status, response.text


@pytest.mark.parametrize(
    ("method", "path", "body", "caller"),
    [
        ("POST", "/api/rules/kz.childbirth_allowance/simulate", {"as_of": "soon"}, "citizen"),
        ("POST", "/api/representations", {"kind": "uncle"}, "citizen"),
        ("POST", "/api/representations", {"kind": "uncle"}, "kgd"),
        ("PUT", f"/api/citizens/{OTHER}/preferences", {"channel": "pigeon"}, "citizen"),
        ("POST", f"/api/citizens/{OTHER}/bank-account", {"iban": "nope"}, "citizen"),
        ("POST", "/api/sms/inbound", {"from_iin": "nope"}, "gfc"),
    ],
)
async def test_permissions_are_checked_before_the_body(
    production: httpx.AsyncClient,
    services: Services,
    method: str,
    path: str,
    body: dict[str, object],
    caller: str,
) -> None:
    if caller == "citizen":
        headers = citizen_token(services, CITIZEN)
    else:
        headers = official_token(services, caller)
    response = await production.request(method, path, json=body, headers=headers)
    assert response.status_code == 403, response.text


@pytest.mark.parametrize(("flag", "status"), [([], 403), (["--allow-remote"], 200)])
async def test_standalone_registries_open_their_fault_switches_only_with_the_flag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flag: list[str], status: int
) -> None:
    served: list[FastAPI] = []
    monkeypatch.setenv("PROACTIVE_MODE", "demo")
    monkeypatch.setattr("uvicorn.run", lambda app, **_: served.append(app))
    args = ["registries", "--only", "civil", "--no-scenario", "--data-dir", str(tmp_path), *flag]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert ("warning: the registries' fault switches" in result.output) == bool(flag)
    async for remote in client_at(served[0], "203.0.113.7"):
        answer = await remote.put("/registries/civil/_faults", json={"latency_ms": 5})
        assert answer.status_code == status, answer.text
