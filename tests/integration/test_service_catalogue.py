"""The catalogue of proactive services in CPSV-AP JSON-LD."""

from __future__ import annotations

import httpx
import pytest

from engine.services import Services

pytestmark = pytest.mark.anyio


async def test_every_active_rule_but_a_modifier_is_a_public_service_with_its_life_event(
    http: httpx.AsyncClient, services: Services
) -> None:
    response = await http.get("/api/catalogue/cpsv-ap")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    body = response.json()
    assert body["@context"]["cpsv"] == "http://purl.org/vocab/cpsv#"
    rules = services.catalogue.current.rules
    active = {r for r, c in rules.items() if c.rule.status == "active"}
    modifiers = {r for r in active if rules[r].rule.modifies is not None}
    graph = {service["dct:identifier"]: service for service in body["@graph"]}
    assert set(graph) == active - modifiers  # a relief or top-up is part of its base's service
    pension = graph["kz.old_age_base_pension"]["cpsv:follows"]
    assert len(pension) == 2  # the base pension's article and its top-up's
    allowance = graph["kz.childbirth_allowance"]
    assert allowance["@type"] == "cpsv:PublicService"
    assert {t["@language"] for t in allowance["dct:title"]} == {"kk", "ru", "en"}
    assert allowance["cv:isGroupedBy"][0]["dct:identifier"] == "child_birth"
    assert allowance["cv:hasCompetentAuthority"]["@id"] == "urn:proactive:agency:gfc"
    assert any("224-VII" in law["dct:title"] for law in allowance["cpsv:follows"])
