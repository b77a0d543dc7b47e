"""A rule in shadow mode only records what it would have done; a new parameter value
re-evaluates the open cases of the rules that read it; a new version of a rule decides the
events from its date while earlier decisions keep theirs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import httpx
import pytest
import yaml
from sqlmodel import Session, select

from engine.inbox.models import InboxItem
from engine.pipeline.models import Decision, Entitlement
from engine.pipeline.reevaluate import reevaluate_changed_rules
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.engine.conftest import BirthPoster
from tests.support.flows import official_token, run_jobs
from tests.support.population import add_person

pytestmark = pytest.mark.anyio


def write_rule_variant(services: Services, rule_id: str, status: str) -> None:
    source = Path(services.settings.rules_dir) / "childbirth_allowance.yaml"
    rule = yaml.safe_load(source.read_text(encoding="utf-8"))
    rule.update({"id": rule_id, "status": status})
    target = Path(services.settings.rules_dir) / f"{rule_id.replace('.', '_')}.yaml"
    target.write_text(yaml.safe_dump(rule, allow_unicode=True), encoding="utf-8")
    services.catalogue.reload()
    assert rule_id in services.catalogue.current.rules, services.catalogue.current.problems


async def test_a_shadow_rule_decides_but_offers_nothing(
    http: httpx.AsyncClient, services: Services, post_birth: BirthPoster, mother: str
) -> None:
    write_rule_variant(services, "kz.childbirth_allowance_draft", "shadow")
    assert (await post_birth(mother, "2026-03-04")).status_code == 201
    await run_jobs(services, ("civil",))

    with Session(services.db) as session:
        shadow = session.exec(select(Decision).where(Decision.shadow == True)).all()  # noqa: E712
        entitlements = session.exec(select(Entitlement)).all()
    assert [(d.rule_id, d.outcome, d.amount_tiyn) for d in shadow] == [
        ("kz.childbirth_allowance_draft", "eligible", 164_350_00)
    ]
    assert "kz.childbirth_allowance_draft" not in {e.rule_id for e in entitlements}
    case = (
        await http.get(
            f"/api/control-room/cases/{shadow[0].case_id}",
            headers=official_token(services, "control_room"),
        )
    ).json()
    assert any(d["shadow"] for d in case["decisions"])


async def test_a_new_mrp_value_re_evaluates_open_offers(
    services: Services, post_birth: BirthPoster, mother: str
) -> None:
    assert await reevaluate_changed_rules(services) == 0  # first sight: fingerprints recorded
    assert (await post_birth(mother, "2026-03-04")).status_code == 201
    await run_jobs(services, ("civil",))

    mrp_file = Path(services.settings.rules_dir) / "parameters" / "kz" / "mrp.yaml"
    mrp = yaml.safe_load(mrp_file.read_text(encoding="utf-8"))
    for period in mrp["values"]:
        if str(period["from"]).startswith("2026"):
            period["value"] = 4400  # a what-if: the budget law amended mid-year
    mrp_file.write_text(yaml.safe_dump(mrp, allow_unicode=True), encoding="utf-8")
    services.catalogue.reload()

    assert await reevaluate_changed_rules(services) >= 1
    with Session(services.db) as session:
        items = session.exec(
            select(InboxItem)
            .where(InboxItem.rule_id == "kz.childbirth_allowance")
            .order_by(InboxItem.id)  # type: ignore[arg-type]
        ).all()
    assert [(i.status, i.amount_kzt) for i in items] == [
        ("superseded", 164_350),
        ("offered", 167_200),
    ]
    assert await reevaluate_changed_rules(services) == 0


async def test_a_new_version_applies_from_its_date_and_old_decisions_keep_theirs(
    services: Services, post_birth: BirthPoster, mother: str, registries: RegistryBundle
) -> None:
    """A second file with the same rule id and a later valid_from is the rule's next version:
    births before that day keep the first version's decision, births from it get the new
    one, and adding it re-evaluates nothing."""
    assert await reevaluate_changed_rules(services) == 0
    assert (await post_birth(mother, "2026-03-04")).status_code == 201
    await run_jobs(services, ("civil",))
    first_version = services.catalogue.current.rules["kz.childbirth_allowance"].version

    source = Path(services.settings.rules_dir) / "childbirth_allowance.yaml"
    rule = yaml.safe_load(source.read_text(encoding="utf-8"))
    rule["valid_from"] = "2026-03-10"
    rule["computations"][1]["expr"] = "coefficient * params.mrp * 2"
    target = source.with_name("childbirth_allowance_from_2026_03_10.yaml")
    target.write_text(yaml.safe_dump(rule, allow_unicode=True), encoding="utf-8")
    services.catalogue.reload()
    catalogue = services.catalogue.current
    assert not catalogue.problems, catalogue.problems
    versions = catalogue.versions["kz.childbirth_allowance"]
    assert [v.version == first_version for v in versions] == [True, False]
    assert versions[0].superseded_from == date(2026, 3, 10)

    assert await reevaluate_changed_rules(services) == 0
    other_mother = add_person(
        registries.contexts["population"], sex="F", birth_date=date(1993, 7, 1)
    ).iin
    assert (await post_birth(other_mother, "2026-03-12")).status_code == 201
    await run_jobs(services, ("civil",))

    with Session(services.db) as session:
        decisions = session.exec(
            select(Decision)
            .where(Decision.rule_id == "kz.childbirth_allowance")
            .order_by(Decision.id)  # type: ignore[arg-type]
        ).all()
        items = session.exec(
            select(InboxItem)
            .where(InboxItem.rule_id == "kz.childbirth_allowance")
            .order_by(InboxItem.id)  # type: ignore[arg-type]
        ).all()
    assert [(d.rule_version == first_version, d.amount_tiyn, d.current) for d in decisions] == [
        (True, 164_350_00, True),
        (False, 328_700_00, True),
    ]
    assert [(i.status, i.amount_kzt) for i in items] == [("offered", 164_350), ("offered", 328_700)]


async def test_two_active_versions_starting_the_same_day_are_refused(
    services: Services,
) -> None:
    source = Path(services.settings.rules_dir) / "childbirth_allowance.yaml"
    copy = source.with_name("childbirth_allowance_copy.yaml")
    copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    services.catalogue.reload()
    problems = [str(p) for p in services.catalogue.current.problems]
    assert any(
        "childbirth_allowance_copy.yaml:" in p
        and "already has an active version from 2024-01-01" in p
        for p in problems
    ), problems
    assert len(services.catalogue.current.versions["kz.childbirth_allowance"]) == 1
