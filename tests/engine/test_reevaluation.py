"""Re-evaluation of decided cases: a change of insurance status supersedes the offer with the
right benefit; a higher amount after the citizen accepted brings arrears, a lower one an
overpayment flag; the metrics count it all."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import httpx
import pytest
import yaml
from sqlmodel import Session, select
from typer.testing import CliRunner

from engine.cli import app as cli
from engine.inbox.models import InboxItem
from engine.pipeline.models import DeadLetter, Entitlement
from engine.pipeline.reevaluate import reevaluate_changed_rules
from engine.registries.models import InboundEvent
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.support.flows import citizen_token, official_token, run_jobs
from tests.support.population import add_person

pytestmark = pytest.mark.anyio
FEEDS = ("civil", "social_insurance")


async def insure(http: httpx.AsyncClient, services: Services, iin: str, insured: bool) -> None:
    body = {"iin": iin, "insured": insured, "since": "2024-06-01" if insured else "2024-01-01"}
    if insured:
        body["monthly_income_kzt"] = 400_000
    response = await http.post(
        "/registries/social_insurance/status-changes",
        json=body,
        headers=official_token(services, "gfss"),
    )
    assert response.status_code == 201, response.text


def live_items(services: Services, iin: str) -> dict[str, InboxItem]:
    with Session(services.db) as session:
        items = session.exec(select(InboxItem).where(InboxItem.citizen_iin == iin)).all()
    return {i.rule_id: i for i in items if i.status not in ("superseded", "revoked")}


async def test_a_change_of_insurance_status_switches_the_childcare_benefit(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    mother = add_person(registries.contexts["population"], sex="F", birth_date=date(1995, 6, 6)).iin
    await insure(http, services, mother, insured=False)
    response = await http.post(
        "/registries/civil/births",
        json={
            "mother_iin": mother,
            "child_first_name": "Жансая",
            "child_sex": "F",
            "birth_date": "2026-03-05",
        },
        headers=official_token(services, "civil"),
    )
    assert response.status_code == 201
    await run_jobs(services, FEEDS)
    before = live_items(services, mother)
    assert before["kz.childcare_allowance"].amount_kzt == 24_912
    assert "kz.childcare_income_replacement" not in before

    await insure(http, services, mother, insured=True)
    await run_jobs(services, FEEDS)
    after = live_items(services, mother)
    assert "kz.childcare_allowance" not in after
    assert after["kz.childcare_income_replacement"].amount_kzt == 160_000  # 40% of 400 000
    with Session(services.db) as session:
        revoked = session.exec(
            select(Entitlement).where(
                Entitlement.rule_id == "kz.childcare_allowance", Entitlement.status == "revoked"
            )
        ).one()
    assert "insurance" in (revoked.reason or "")


async def test_a_higher_amount_after_acceptance_brings_arrears_and_a_lower_one_is_flagged(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    await reevaluate_changed_rules(services)  # remember the catalogue as it is
    mother = add_person(registries.contexts["population"], sex="F", birth_date=date(1991, 1, 1)).iin
    response = await http.post(
        "/registries/civil/births",
        json={
            "mother_iin": mother,
            "child_first_name": "Арман",
            "child_sex": "M",
            "birth_date": "2026-03-05",
        },
        headers=official_token(services, "civil"),
    )
    assert response.status_code == 201
    await run_jobs(services, FEEDS)
    offer = live_items(services, mother)["kz.childbirth_allowance"]
    accepted = await http.post(
        f"/api/inbox/{offer.id}/accept", headers=citizen_token(services, mother)
    )
    assert accepted.status_code == 200, accepted.text

    set_mrp_2026(services, 4400)
    await reevaluate_changed_rules(services)
    with Session(services.db) as session:
        arrears = session.exec(select(Entitlement).where(Entitlement.kind == "arrears")).one()
    assert (arrears.recipient_iin, arrears.amount_tiyn) == (mother, (167_200 - 164_350) * 100)

    set_mrp_2026(services, 4000)
    await reevaluate_changed_rules(services)
    with Session(services.db) as session:
        original = session.get(Entitlement, offer.entitlement_id)
    assert original is not None and original.overpaid_tiyn == (164_350 - 152_000) * 100
    assert "overpayment" in (original.reason or "")

    metrics = (await http.get("/metrics")).text
    assert "engine_decisions_total" in metrics and "engine_entitlements_total" in metrics


def set_mrp_2026(services: Services, value: int) -> None:
    path = Path(services.settings.rules_dir) / "parameters" / "kz" / "mrp.yaml"
    mrp = yaml.safe_load(path.read_text(encoding="utf-8"))
    for period in mrp["values"]:
        if str(period["from"]).startswith("2026"):
            period["value"] = value
    path.write_text(yaml.safe_dump(mrp, allow_unicode=True), encoding="utf-8")
    services.catalogue.reload()


def test_dead_letters_from_the_command_line(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = services.clock.now()
    with Session(services.db) as session:
        event = InboundEvent(
            registry_name="civil",
            event_id="x1",
            type="birth.registered",
            occurred_at=now,
            received_at=now,
            data={},
            status="failed",
        )
        session.add(event)
        session.flush()
        session.add(
            DeadLetter(
                inbound_event_id=event.id,
                kind="event",
                reason="no birth_date",
                payload={},
                created_at=now,
            )
        )
        session.commit()
    monkeypatch.setenv("PROACTIVE_DATABASE_URL", services.settings.engine_database_url())
    runner = CliRunner()
    listed = runner.invoke(cli, ["dead-letters", "list"])
    assert (
        listed.exit_code == 0
        and "no birth_date" in listed.output
        and "1 dead letter" in listed.output
    )
    letter_id = listed.output.split()[0]
    assert runner.invoke(cli, ["dead-letters", "discard", letter_id]).exit_code == 0
    again = runner.invoke(cli, ["dead-letters", "discard", letter_id])
    assert again.exit_code == 1 and "already discarded" in again.output
