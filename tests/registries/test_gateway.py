"""The gateway in front of the registries: tokens of known agencies and registered integrators
only, a purpose for every read, a rate per client, a correlation id and the API's version."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from mock_registries.bundle import RegistryBundle, build_registries
from mock_registries.common.auth import official_token
from mock_registries.common.gateway import GatewaySettings, IntegratorClient, RateLimiter
from mock_registries.common.openapi import API_VERSION
from tests.conftest import TEST_SECRET
from tests.registries.conftest import People, official
from tests.support.population import add_person

pytestmark = pytest.mark.anyio
BANK = IntegratorClient(
    id="halyk-payroll", agency="gfc", registries=["population"], purposes=["benefit payment"]
)
REGISTRY_OFFICE_APP = IntegratorClient(
    id="zags-app", agency="civil", registries=["civil"], purposes=["appointments"]
)


@pytest.fixture
def gated(tmp_path: Path) -> Iterator[RegistryBundle]:
    built = build_registries(
        lambda name: f"sqlite:///{tmp_path / name}.db",
        lambda: datetime(2026, 3, 16, 9, tzinfo=UTC),
        only=["population", "civil"],
        secret=TEST_SECRET,
        demo_features=True,
        gateway=GatewaySettings(clients=[BANK, REGISTRY_OFFICE_APP], rate_limit=3),
    )
    yield built
    built.dispose()


@pytest.fixture
async def gateway(gated: RegistryBundle) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=gated.apps["population"]),
        base_url="http://population.registry",
    ) as http:
        yield http


def integrator(
    client_id: str, agency: str = "gfc", purpose: str = "benefit payment"
) -> dict[str, str]:
    token = official_token(TEST_SECRET, agency, role=f"integrator:{client_id}")
    return {"Authorization": f"Bearer {token}", "X-Purpose": purpose}


async def test_a_token_of_an_invented_agency_reads_nothing(
    client: httpx.AsyncClient, people: People
) -> None:
    person = people.woman()
    response = await client.get(
        f"/registries/population/persons/{person.iin}", headers=official("bank_of_nowhere")
    )
    assert response.status_code == 403 and response.json()["code"] == "auth.agency_unknown"


async def test_every_read_states_its_purpose_and_the_feed_is_its_own(
    client: httpx.AsyncClient, people: People
) -> None:
    person = people.woman()
    silent = official("gfc", x_purpose="")
    response = await client.get(f"/registries/population/persons/{person.iin}", headers=silent)
    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == ("purpose.missing", "X-Purpose")
    assert (await client.get("/registries/civil/changes", headers=silent)).status_code == 200


async def test_a_registered_integrator_reads_what_it_is_registered_for_only(
    gated: RegistryBundle, gateway: httpx.AsyncClient
) -> None:
    person = add_person(
        gated.contexts["population"], sex="F", birth_date=datetime(1990, 1, 1).date()
    )
    path = f"/persons/{person.iin}"
    allowed = await gateway.get(path, headers=integrator("halyk-payroll"))
    assert allowed.status_code == 200, allowed.text
    refusals = [
        (
            await gateway.get(path, headers=integrator("halyk-payroll", purpose="marketing")),
            "purpose.not_allowed",
        ),
        (
            await gateway.get(path, headers=integrator("halyk-payroll", agency="mvd")),
            "auth.integrator_unknown",
        ),
        (await gateway.get(path, headers=integrator("unknown-bank")), "auth.integrator_unknown"),
    ]
    assert [(r.status_code, r.json()["code"]) for r, _ in refusals] == [
        (403, code) for _, code in refusals
    ]
    log = await gateway.get(f"/_access-log?iin={person.iin}", headers=integrator("halyk-payroll"))
    assert [(i["agency"], i["caller"], i["purpose"]) for i in log.json()["items"]] == [
        ("gfc", "gfc/integrator:halyk-payroll", "benefit payment")
    ]


async def test_an_integrator_neither_writes_nor_reads_another_registry(
    gated: RegistryBundle,
) -> None:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=gated.apps["civil"]), base_url="http://civil.registry"
    ) as civil:
        read = await civil.get("/changes", headers=integrator("halyk-payroll"))
        written = await civil.post(
            "/deaths",
            json={"iin": "920317411919", "death_date": "2026-03-01"},
            headers=integrator("halyk-payroll", agency="gfc"),
        )
        own = await civil.post(
            "/deaths",
            json={"iin": "920317411919", "death_date": "2026-03-01"},
            headers=integrator("zags-app", agency="civil", purpose="appointments"),
        )
    assert (read.status_code, read.json()["code"]) == (403, "auth.registry_not_allowed")
    assert (written.status_code, written.json()["code"]) == (403, "auth.not_writer")
    assert (own.status_code, own.json()["code"]) == (403, "auth.integrator_reads_only")


async def test_a_client_over_its_rate_gets_429_with_retry_after_and_others_do_not(
    gateway: httpx.AsyncClient,
) -> None:
    gfc, mvd = official("gfc"), official("mvd")
    answers = [(await gateway.get("/persons?limit=1", headers=gfc)).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    limited = await gateway.get("/persons?limit=1", headers=gfc)
    assert limited.json()["code"] == "rate.limited"
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert (await gateway.get("/persons?limit=1", headers=mvd)).status_code == 200


def test_the_rate_is_per_sliding_minute() -> None:
    now = [0.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    assert [limiter.retry_after("a"), limiter.retry_after("a")] == [None, None]
    now[0] = 20.0
    assert limiter.retry_after("a") == 40
    now[0] = 60.0
    assert limiter.retry_after("a") is None


async def test_rate_limiting_is_also_a_fault(client: httpx.AsyncClient) -> None:
    await client.put("/registries/tax/_faults", json={"rate_limited_rate": 1.0})
    response = await client.get("/registries/tax/changes", headers=official("kgd"))
    assert response.status_code == 429 and response.headers["retry-after"] == "2"
    assert response.json()["code"] == "fault.rate_limited"


async def test_the_request_id_is_echoed_or_made_and_the_version_announced(
    client: httpx.AsyncClient,
) -> None:
    given = await client.get(
        "/registries/civil/changes", headers=official("digital", x_request_id="abc-123")
    )
    made = await client.get("/registries/civil/changes", headers=official("digital"))
    refused = await client.get("/registries/civil/changes")
    assert given.headers["x-request-id"] == "abc-123"
    assert len(made.headers["x-request-id"]) == 32
    assert refused.status_code == 401 and refused.headers["x-request-id"]
    for response in (given, made, refused):
        assert response.headers["api-version"] == API_VERSION
    document = (await client.get("/registries/civil/openapi.json")).json()
    assert document["info"]["version"] == API_VERSION
