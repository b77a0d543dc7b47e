"""A rule in shadow mode only records what it would have done; a new parameter value
re-evaluates the open cases of the rules that read it."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import yaml
from sqlmodel import Session, select

from engine.inbox.models import InboxItem
from engine.pipeline.models import Decision, Entitlement
from engine.pipeline.reevaluate import reevaluate_changed_rules
from engine.services import Services
from tests.engine.conftest import BirthPoster
from tests.support.flows import official_token, run_jobs

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
