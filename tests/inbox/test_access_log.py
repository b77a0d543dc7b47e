"""The citizen's access log: the engine's reads on behalf of a rule's agency, and an official
reading the record directly in the registry."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from engine.clock import SimulatedClock
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.inbox.support import birth
from tests.support.flows import citizen_token, official_token

pytestmark = pytest.mark.anyio


async def test_who_read_my_data_and_why(
    http: httpx.AsyncClient,
    services: Services,
    registries: RegistryBundle,
    clock: SimulatedClock,
) -> None:
    family = await birth(http, services, registries)
    mine = citizen_token(services, family.mother)
    clock.advance(timedelta(hours=2))

    read = await http.get(
        f"/registries/population/persons/{family.mother}",
        headers={**official_token(services, "gfc"), "X-Purpose": "Checking an appeal"},
    )
    assert read.status_code == 200, read.text

    log = await http.get(f"/api/citizens/{family.mother}/access-log?lang=en", headers=mine)
    assert log.status_code == 200, log.text
    reads = log.json()["items"]
    assert log.json()["unavailable_registries"] == []

    official = [r for r in reads if r["purpose"] == "Checking an appeal"]
    assert len(official) == 1
    assert official[0]["agency"] == "gfc" and official[0]["registry"] == "population"
    assert official[0]["via_engine"] is False and official[0]["confirmed_by_registry"] is True
    assert official[0]["agency_name"] == "State Corporation “Government for Citizens”"
    assert reads[0] == official[0], "newest first"

    by_engine = [r for r in reads if r["via_engine"]]
    assert by_engine, "the engine's own reads for the decision are listed"
    assert {r["registry"] for r in by_engine} == {"population"}
    assert all(r["path"].endswith(family.mother) or family.mother in r["path"] for r in by_engine)

    stranger = await birth(http, services, registries)
    refused = await http.get(
        f"/api/citizens/{family.mother}/access-log",
        headers=citizen_token(services, stranger.mother),
    )
    assert refused.status_code == 403
    bad = await http.get("/api/citizens/12345/access-log", headers=mine)
    assert bad.status_code == 422
    assert (await http.get(f"/api/citizens/{family.mother}/access-log")).status_code == 401


@pytest.mark.parametrize("backend", ["sqlite"])  # the database plays no part
async def test_the_purpose_is_shown_in_the_citizens_language(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    family = await birth(http, services, registries)
    mine = citizen_token(services, family.mother)
    kk = (await http.get(f"/api/citizens/{family.mother}/access-log?lang=kk", headers=mine)).json()
    purposes = {r["purpose"] for r in kk["items"] if r["via_engine"]}
    assert "Ананың азаматтығы мен тұрғылықты жерін тексеру" in purposes
