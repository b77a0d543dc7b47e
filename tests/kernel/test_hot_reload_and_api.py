"""Hot reload keeps the last valid version of a refused rule; the API shows rules, refusals,
validation and simulations (which write nothing)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, func, select

from engine.inbox.models import InboxItem
from engine.services import CatalogueHolder, Services
from tests.support.flows import official_token

pytestmark = pytest.mark.anyio


def touch(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))


async def test_a_changed_rule_takes_effect_and_a_broken_one_is_refused(workspace: Path) -> None:
    holder = CatalogueHolder(workspace / "rules", workspace / "life_events", check_seconds=0)
    rule = workspace / "rules" / "childbirth_allowance.yaml"
    original = holder.current.rules["kz.childbirth_allowance"].version
    text = rule.read_text(encoding="utf-8")

    touch(rule, text.replace("reminders_hours_before: [24]", "reminders_hours_before: [12]"))
    changed = holder.current.rules["kz.childbirth_allowance"]
    assert changed.version != original
    assert changed.rule.reminders_hours_before == [12]

    touch(rule, text.replace("status: active", "status: actve"))
    catalogue = holder.current
    assert catalogue.rules["kz.childbirth_allowance"].version == changed.version
    assert catalogue.kept == {"kz.childbirth_allowance": changed.version}
    assert any("status" in p.message for p in catalogue.problems)

    new_rule = workspace / "rules" / "copy.yaml"
    touch(new_rule, text.replace("id: kz.childbirth_allowance", "id: kz.copy_of_allowance"))
    assert "kz.copy_of_allowance" in holder.current.rules


async def test_rules_api(http: httpx.AsyncClient, services: Services, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("the API reads files, not the database")
    listing = (await http.get("/api/rules")).json()
    assert len(listing["items"]) == 20 and listing["problems"] == []

    one = (await http.get("/api/rules/kz.childcare_allowance")).json()
    assert one["parameters"]["mrp"]["values"][-1]["value"] == "4325"
    assert all(t["passed"] for t in one["tests"]) and len(one["tests"]) >= 2
    assert one["coverage"]["gaps"] == []
    assert one["coverage"]["covered"] == one["coverage"]["branches"] == 8
    assert [(v["version"], v["valid_from"], v["superseded_from"]) for v in one["versions"]] == [
        (one["version"], "2024-01-01", None)
    ]
    assert (await http.get("/api/rules/kz.nothing")).status_code == 404

    text = (Path(__file__).resolve().parents[2] / "rules" / "childbirth_allowance.yaml").read_text(
        encoding="utf-8"
    )
    checked = (await http.post("/api/rules/validate", json={"yaml": text})).json()
    assert checked["valid"] and all(t["passed"] for t in checked["tests"])
    broken = text.replace("mother.citizenship in", "mother.citizenshp in")
    refused = (await http.post("/api/rules/validate", json={"yaml": broken})).json()
    assert not refused["valid"]
    assert "did you mean 'mother.citizenship'" in refused["problems"][0]["message"]
    assert refused["problems"][0]["line"] > 1
    bad = await http.post("/api/rules/validate", json={"text": text})
    assert bad.status_code == 422

    url = "/api/rules/kz.childbirth_allowance/simulate"
    assert (await http.post(url, json={})).status_code == 401
    headers = official_token(services, "labour")
    result = await http.post(url, json={"population": 2000}, headers=headers)
    assert result.status_code == 200, result.text
    figures = result.json()
    assert figures["eligible"] > 0 and figures["one_time_cost_kzt"] > 0
    assert sum(r["eligible"] for r in figures["by_region"].values()) == figures["eligible"]
    country = figures["national"]
    assert (
        country["population"] == 20_286_084 and "Bureau of National Statistics" in country["source"]
    )
    assert country["eligible"] > figures["eligible"] * 1000
    assert country["annual_cost_kzt"] == country["one_time_cost_kzt"]  # a one-time allowance
    too_many = await http.post(url, json={"population": 20_000_001}, headers=headers)
    assert too_many.status_code == 422 and "population" in too_many.text
    what_if = await http.post(
        url, json={"population": 2000, "parameters": {"mrp": 5000}}, headers=headers
    )
    assert what_if.json()["cost_change_kzt"] > 0 and what_if.json()["losers"] == 0
    assert what_if.json()["national_annual_cost_change_kzt"] > what_if.json()["cost_change_kzt"]
    unknown = await http.post(
        url, json={"population": 2000, "parameters": {"mrp_2026": 5000}}, headers=headers
    )
    assert unknown.status_code == 422 and "unknown parameter 'mrp_2026'" in unknown.text
    # the fourth and later children paid like the first three: mothers of them lose
    candidate = text.replace(
        "value: params.childbirth_allowance.fourth_and_later",
        "value: params.childbirth_allowance.first_to_third",
    )
    assert candidate != text
    diff = await http.post(
        url, json={"population": 2000, "candidate_yaml": candidate}, headers=headers
    )
    assert diff.status_code == 200, diff.text
    assert diff.json()["gainers"] == 0 and diff.json()["cost_change_kzt"] <= 0
    bad = await http.post(url, json={"population": 2000, "candidate_yaml": broken}, headers=headers)
    assert bad.status_code == 422 and "citizenshp" in bad.text
    cars = await http.post(
        "/api/rules/kz.vehicle_tax_obligation/simulate",
        json={"population": 2000},
        headers=headers,
    )
    assert cars.status_code == 200, cars.text
    assert cars.json()["events"] > 0 and cars.json()["one_time_cost_kzt"] > 0
    with Session(services.db) as session:
        assert session.exec(select(func.count()).select_from(InboxItem)).one() == 0
