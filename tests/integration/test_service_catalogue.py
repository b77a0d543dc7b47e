"""The catalogue of proactive services in CPSV-AP JSON-LD."""

from __future__ import annotations

import httpx
import pytest

from engine.services import Services

pytestmark = pytest.mark.anyio


async def test_every_active_rule_is_a_public_service_with_its_life_event(
    http: httpx.AsyncClient, services: Services
) -> None:
    response = await http.get("/api/catalogue/cpsv-ap")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    body = response.json()
    assert body["@context"]["cpsv"] == "http://purl.org/vocab/cpsv#"
    active = {r for r, c in services.catalogue.current.rules.items() if c.rule.status == "active"}
    graph = {service["dct:identifier"]: service for service in body["@graph"]}
    assert set(graph) == active
    allowance = graph["kz.childbirth_allowance"]
    assert allowance["@type"] == "cpsv:PublicService"
    assert {t["@language"] for t in allowance["dct:title"]} == {"kk", "ru", "en"}
    assert allowance["cv:isGroupedBy"][0]["dct:identifier"] == "child_birth"
    assert allowance["cv:hasCompetentAuthority"]["@id"] == "urn:proactive:agency:gfc"
    assert any("224-VII" in law["dct:title"] for law in allowance["cpsv:follows"])
