"""A relief written by an analyst changes the vehicle tax the citizen is told about: one item,
with one explanation that shows the tax, the relief with its legal basis and the result; the
engine, ``rules test`` and ``explain`` agree on the amount; changing the relief updates that
one item. A top-up changed after the citizen accepted brings arrears or an overpayment, as
any correction does."""

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
from engine.pipeline.models import Case, Decision, Entitlement
from engine.pipeline.reevaluate import reevaluate_changed_rules
from engine.registries.models import InboundEvent
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.kernel.test_rule_chains import PENSIONER_RELIEF
from tests.support.flows import citizen_token, official_token, run_jobs
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


def write_top_up(services: Services, mrp_times: int) -> None:
    """An analyst's one-time top-up of the childbirth allowance, in MCI."""
    rule: dict[str, Any] = {
        "id": "kz.childbirth_regional_top_up",
        "status": "active",
        "title": {
            "kk": "Туу жәрдемақысына өңірлік үстеме",
            "ru": "Региональная надбавка к пособию на рождение",
            "en": "Regional top-up of the childbirth allowance",
        },
        "description": {
            "kk": "Туу жәрдемақысына бір реттік үстеме.",
            "ru": "Единовременная надбавка к пособию на рождение.",
            "en": "A one-time top-up of the childbirth allowance.",
        },
        "agency": "gfc",
        "legal_basis": [{"act": "Maslikhat decision on a regional top-up (a trial)"}],
        "valid_from": "2026-01-01",
        "life_events": ["child_birth"],
        "delivery": "consent",
        "recipient": "mother",
        "modifies": {"rule": "kz.childbirth_allowance", "kind": "top_up"},
        "conditions": [
            {
                "id": "born_in_2026",
                "expr": "event.birth_date >= date('2026-01-01')",
                "holds": {"kk": "2026 жылы туған", "ru": "Родился в 2026", "en": "Born in 2026"},
                "fails": {
                    "kk": "2026 жылға дейін туған",
                    "ru": "Родился до 2026",
                    "en": "Born before 2026",
                },
            }
        ],
        "computations": [{"id": "top_up", "expr": f"{mrp_times} * params.mrp"}],
        "amount": {
            "computation": "top_up",
            "period": "one_time",
            "rounding": {"to": "tenge", "mode": "half_up"},
        },
        "tests": [
            {
                "name": case["name"],
                "event": {
                    "birth_date": "2026-03-10",
                    "child_iin": "260310500010",
                    "mother_iin": "900101400013",
                },
                "facts": {"mother": {"citizenship": "citizen"}, "child": {"birth_order": 2}},
                "expect": case["expect"],
            }
            for case in [
                {"name": "a 2026 birth", "expect": {"outcome": "eligible"}},
                {"name": "again", "expect": {"outcome": "eligible"}},
            ]
        ],
    }
    path = Path(services.settings.rules_dir) / "childbirth_regional_top_up.yaml"
    path.write_text(yaml.safe_dump(rule, allow_unicode=True, sort_keys=False), encoding="utf-8")
    services.catalogue.reload()
    assert not services.catalogue.current.problems, services.catalogue.current.problems


async def test_a_top_up_changed_after_acceptance_brings_arrears_or_an_overpayment(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    write_top_up(services, 10)
    await reevaluate_changed_rules(services)  # remember the catalogue as it is
    mother = add_person(registries.contexts["population"], sex="F", birth_date=date(1991, 1, 1))
    response = await http.post(
        "/registries/civil/births",
        json={
            "mother_iin": mother.iin,
            "child_first_name": "Арман",
            "child_sex": "M",
            "birth_date": "2026-03-05",
        },
        headers=official_token(services, "civil"),
    )
    assert response.status_code == 201
    await run_jobs(services, ("civil",))
    with Session(services.db) as session:
        offers = session.exec(
            select(InboxItem).where(
                InboxItem.citizen_iin == mother.iin,
                col(InboxItem.rule_id).startswith("kz.childbirth"),
            )
        ).all()
    # one offer: 38 MCI and the 10 MCI top-up
    assert [(o.rule_id, o.amount_kzt) for o in offers] == [
        ("kz.childbirth_allowance", 164_350 + 43_250)
    ]
    accepted = await http.post(
        f"/api/inbox/{offers[0].id}/accept", headers=citizen_token(services, mother.iin)
    )
    assert accepted.status_code == 200, accepted.text

    write_top_up(services, 20)
    await reevaluate_changed_rules(services)
    with Session(services.db) as session:
        arrears = session.exec(select(Entitlement).where(Entitlement.kind == "arrears")).one()
    assert (arrears.recipient_iin, arrears.amount_tiyn) == (mother.iin, 43_250_00)

    write_top_up(services, 5)
    await reevaluate_changed_rules(services)
    with Session(services.db) as session:
        original = session.get(Entitlement, offers[0].entitlement_id)
    assert original is not None and original.overpaid_tiyn == (43_250 - 21_625) * 100
