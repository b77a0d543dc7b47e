"""A relief written by an analyst changes the vehicle tax the citizen is told about: one item,
with one explanation that shows the tax, the relief with its legal basis and the result; the
engine, ``rules test`` and ``explain`` agree on the amount; changing the relief updates that
one item."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from sqlmodel import Session, col, select

from engine.inbox.models import InboxItem
from engine.kernel.chain import evaluate_in_chain
from engine.kernel.evaluate import explanation
from engine.kernel.testing import run_rule_tests
from engine.pipeline.models import Case, Decision
from engine.pipeline.reevaluate import reevaluate_changed_rules
from engine.registries.models import InboundEvent
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.kernel.test_rule_chains import PENSIONER_RELIEF
from tests.support.flows import official_token, run_jobs
from tests.support.population import add_person

pytestmark = pytest.mark.anyio

BASE = "kz.vehicle_tax_obligation"


def write_relief(services: Services, share: str) -> None:
    rule: dict[str, Any] = {
        **PENSIONER_RELIEF,
        "computations": [{"id": "half", "expr": f"rules.vehicle_tax_obligation.amount * {share}"}],
    }
    if share != "0.5":
        rule["tests"] = [
            {**case, "expect": {k: v for k, v in case["expect"].items() if "amount" not in k}}
            for case in rule["tests"]
        ]
    path = Path(services.settings.rules_dir) / "vehicle_tax_pensioner_relief.yaml"
    path.write_text(yaml.safe_dump(rule, allow_unicode=True, sort_keys=False), encoding="utf-8")
    services.catalogue.reload()
    assert not services.catalogue.current.problems, services.catalogue.current.problems


def tax_items(services: Services, iin: str) -> list[InboxItem]:
    with Session(services.db) as session:
        return list(
            session.exec(
                select(InboxItem)
                .where(
                    InboxItem.citizen_iin == iin, col(InboxItem.rule_id).startswith("kz.vehicle")
                )
                .order_by(col(InboxItem.id))
            ).all()
        )


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


async def test_a_relief_written_by_an_analyst_changes_the_tax_the_citizen_is_told(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    write_relief(services, "0.5")
    assert await reevaluate_changed_rules(services) == 0  # first sight: recorded
    owner = add_person(registries.contexts["population"], sex="M", birth_date=date(1961, 1, 1))
    response = await http.post(
        "/registries/vehicles/registrations",
        json={
            "owner_iin": owner.iin,
            "vin": "KMHD841CBNU123456",
            "make": "Hyundai",
            "model": "Elantra",
            "year": 2026,
            "engine_cc": 1600,
            "fuel": "petrol",
            "registration_date": "2026-03-10",
        },
        headers=official_token(services, "mvd"),
    )
    assert response.status_code == 201, response.text
    await run_jobs(services, ("vehicles",))

    # one item, the final amount, one explanation with the tax, the relief and the result
    items = tax_items(services, owner.iin)
    assert [(i.rule_id, i.status, i.amount_kzt) for i in items] == [(BASE, "informed", 6838)]
    item = items[0]
    assert "6 838 ₸" in plain(item.texts["body"]["ru"])
    assert item.explanation is not None
    lines = {lang: item.explanation[lang]["why"]["amount"]["modifiers"] for lang in ("ru", "en")}
    assert plain(lines["ru"][-1]) == (
        "= 13 675 ₸ − 6 837 ₸ (Льгота пенсионеру по налогу на транспорт) = 6 838 ₸"
    )
    assert "Maslikhat decision on local tax reliefs" in lines["en"][1]
    with Session(services.db) as session:
        decisions = session.exec(select(Decision).where(Decision.case_id == item.case_id)).all()
        case = session.get(Case, item.case_id)
        assert case is not None
        inbound = session.get(InboundEvent, case.inbound_event_id)
        assert inbound is not None
        event = dict(inbound.data)
    outcomes = {d.rule_id: (d.outcome, d.amount_tiyn) for d in decisions}
    assert outcomes[BASE] == ("eligible", 6_838_00)
    assert outcomes["kz.vehicle_tax_pensioner_relief"] == ("eligible", 6_837_00)
    assert outcomes["kz.vehicle_tax_disability_exemption"][0] == "not_eligible"

    # rules test and explain say the same
    catalogue = services.catalogue.current
    tests = run_rule_tests(catalogue, "kz.vehicle_tax_pensioner_relief")
    assert all(t.passed for t in tests), [str(t) for t in tests]
    assert tests[0].evaluation is not None and tests[0].evaluation.amount_tiyn == 6_837_00
    facts = {"owner": {"birth_date": "1961-01-01"}, "owner_disability": None}
    told, _ = evaluate_in_chain(
        catalogue, catalogue.rules[BASE], event, facts, date(2026, 3, 10), catalogue.parameters
    )
    assert told.amount_tiyn == 6_838_00
    assert "= 13 675 ₸ − 6 837 ₸" in plain(explanation(catalogue.rules[BASE], told, "ru"))

    # a change of the relief updates the one item (the earlier one is superseded)
    write_relief(services, "0.25")
    assert await reevaluate_changed_rules(services) >= 1
    items = tax_items(services, owner.iin)
    assert [(i.rule_id, i.status, i.amount_kzt) for i in items] == [
        (BASE, "superseded", 6838),
        (BASE, "informed", 10257),  # 13 675 − 3 418
    ]
    assert await reevaluate_changed_rules(services) == 0
