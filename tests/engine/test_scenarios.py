"""Every life event of the catalogue end to end: a write to a registry goes in, inbox items
and agency tasks come out, with the amounts of the domain facts (2026: MRP 4 325, subsistence
minimum 50 851)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlmodel import Session, select

from engine.inbox.models import InboxItem
from engine.pipeline.milestones import detect_milestones
from engine.pipeline.models import Case, Decision, Task
from engine.registries.models import InboundEvent
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.support.flows import citizen_token, official_token, run_jobs
from tests.support.population import add_person

pytestmark = pytest.mark.anyio

ALL_FEEDS = ("civil", "vehicles", "disability", "social_insurance", "pension", "population")


async def write(
    http: httpx.AsyncClient,
    services: Services,
    agency: str,
    path: str,
    body: dict[str, Any],
    method: str = "POST",
) -> dict[str, Any]:
    response = await http.request(method, path, json=body, headers=official_token(services, agency))
    assert response.status_code in (200, 201), response.text
    result: dict[str, Any] = response.json()
    return result


def items_of(services: Services, iin: str) -> dict[str, InboxItem]:
    with Session(services.db) as session:
        items = session.exec(select(InboxItem).where(InboxItem.citizen_iin == iin)).all()
    return {item.rule_id: item for item in items if item.status not in ("superseded", "revoked")}


def tasks_of(services: Services, case_id: str) -> list[tuple[str, str, str]]:
    with Session(services.db) as session:
        tasks = session.exec(select(Task).where(Task.case_id == case_id).order_by(Task.id)).all()  # type: ignore[arg-type]
    return [(t.agency, t.step_id, t.status) for t in tasks]


def outcomes(services: Services, life_event: str) -> dict[str, str]:
    with Session(services.db) as session:
        case = session.exec(select(Case).where(Case.life_event == life_event)).one()
        decisions = session.exec(select(Decision).where(Decision.case_id == case.id)).all()
    return {d.rule_id: d.outcome for d in decisions}


async def set_insurance(
    http: httpx.AsyncClient, services: Services, iin: str, insured: bool, income: int | None = None
) -> None:
    body: dict[str, Any] = {"iin": iin, "insured": insured, "since": "2024-01-01"}
    if income is not None:
        body["monthly_income_kzt"] = income
    await write(http, services, "gfss", "/registries/social_insurance/status-changes", body)


async def test_birth_to_a_mother_without_insurance(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    mother = add_person(registries.contexts["population"], sex="F", birth_date=date(1996, 2, 2)).iin
    await set_insurance(http, services, mother, insured=False)
    await write(
        http,
        services,
        "civil",
        "/registries/civil/births",
        {
            "mother_iin": mother,
            "child_first_name": "Аяла",
            "child_sex": "F",
            "birth_date": "2026-03-10",
        },
    )
    await run_jobs(services, ALL_FEEDS)

    items = items_of(services, mother)
    assert items["kz.childbirth_allowance"].amount_kzt == 164_350  # 38 MRP
    assert items["kz.childcare_allowance"].amount_kzt == 24_912  # 5.76 MRP a month, 1st child
    assert items["kz.childbirth_allowance"].status == "offered"
    assert items["kz.newborn_registration"].status == "informed"
    assert items["kz.kindergarten_queue"].status == "offered"
    decided = outcomes(services, "child_birth")
    assert decided["kz.childcare_income_replacement"] == "not_eligible"
    assert decided["kz.large_family_allowance"] == "not_eligible"
    case_id = items["kz.childbirth_allowance"].case_id
    # the agencies start when the mother says yes
    assert ("gfc", "assign", "awaiting_consent") in tasks_of(services, case_id)
    offer = items["kz.childbirth_allowance"]
    accepted = await http.post(
        f"/api/inbox/{offer.id}/accept", headers=citizen_token(services, mother)
    )
    assert accepted.status_code == 200, accepted.text
    assert ("gfc", "assign", "open") in tasks_of(services, case_id)
    assert ("gfc", "pay", "waiting") in tasks_of(services, case_id)


async def test_birth_to_an_insured_mother_replaces_40_percent_of_income(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    mother = add_person(registries.contexts["population"], sex="F", birth_date=date(1994, 4, 4)).iin
    await set_insurance(http, services, mother, insured=True, income=300_000)
    await write(
        http,
        services,
        "civil",
        "/registries/civil/births",
        {
            "mother_iin": mother,
            "child_first_name": "Әлихан",
            "child_sex": "M",
            "birth_date": "2026-03-12",
        },
    )
    await run_jobs(services, ALL_FEEDS)
    items = items_of(services, mother)
    assert items["kz.childcare_income_replacement"].amount_kzt == 120_000  # 40% of 300 000
    assert "kz.childcare_allowance" not in items


async def test_disability_decision_offers_the_benefit_of_the_group(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    person = add_person(registries.contexts["population"], sex="M", birth_date=date(1980, 8, 8)).iin
    await write(
        http,
        services,
        "labour",
        "/registries/disability/decisions",
        {
            "iin": person,
            "group": 2,
            "cause": "general",
            "valid_from": "2026-03-01",
            "decision_date": "2026-03-05",
        },
    )
    await run_jobs(services, ALL_FEEDS)
    benefit = items_of(services, person)["kz.disability_benefit"]
    assert (benefit.status, benefit.amount_kzt) == ("offered", 89_498)  # 1.76 x 50 851


async def test_vehicle_registration_informs_of_tax_and_insurance(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    owner = add_person(registries.contexts["population"], sex="M", birth_date=date(1985, 5, 5)).iin
    await write(
        http,
        services,
        "mvd",
        "/registries/vehicles/registrations",
        {
            "owner_iin": owner,
            "vin": "XW8ZZZ61ZKG123456",
            "make": "Hyundai",
            "model": "Accent",
            "year": 2024,
            "engine_cc": 1600,
            "fuel": "petrol",
            "registration_date": "2026-03-11",
        },
    )
    await run_jobs(services, ALL_FEEDS)
    items = items_of(services, owner)
    assert items["kz.vehicle_tax_obligation"].status == "informed"
    assert items["kz.compulsory_motor_insurance"].status == "informed"
    tasks = tasks_of(services, items["kz.vehicle_tax_obligation"].case_id)
    assert any(agency == "kgd" for agency, _, _ in tasks)


async def test_marriage_and_then_a_death_in_a_family_with_a_child(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    population = registries.contexts["population"]
    husband = add_person(population, sex="M", birth_date=date(1988, 1, 1), first_name="Ерлан").iin
    wife = add_person(population, sex="F", birth_date=date(1990, 2, 2)).iin
    await write(
        http,
        services,
        "civil",
        "/registries/civil/marriages",
        {"spouse1_iin": husband, "spouse2_iin": wife, "marriage_date": "2025-06-01"},
    )
    await write(
        http,
        services,
        "civil",
        "/registries/civil/births",
        {
            "mother_iin": wife,
            "father_iin": husband,
            "child_first_name": "Дана",
            "child_sex": "F",
            "birth_date": "2025-09-01",
        },
    )
    await run_jobs(services, ALL_FEEDS)
    assert items_of(services, husband)["kz.marriage_family_record"].status == "informed"

    await write(
        http,
        services,
        "civil",
        "/registries/civil/deaths",
        {"iin": husband, "death_date": "2026-03-14"},
    )
    await run_jobs(services, ALL_FEEDS)
    widow = items_of(services, wife)
    survivor = widow["kz.survivor_benefit"]
    assert (survivor.status, survivor.amount_kzt) == ("offered", 46_783)  # 0.92 x 50 851, one child
    with Session(services.db) as session:
        open_for_deceased = session.exec(
            select(InboxItem).where(InboxItem.citizen_iin == husband, InboxItem.status == "offered")
        ).all()
    assert open_for_deceased == []


async def test_retirement_age_offers_the_base_pension_and_enpf_payments(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    man = add_person(registries.contexts["population"], sex="M", birth_date=date(1963, 3, 18)).iin
    await write(
        http,
        services,
        "enpf",
        f"/registries/pension/accounts/{man}",
        {"balance_kzt": 3_000_000, "years_of_participation": 20, "receiving_pension": False},
        method="PUT",
    )
    await detect_milestones(services)
    services.clock.advance(timedelta(days=2))  # 2026-03-18: 63 years old
    await detect_milestones(services)
    await run_jobs(services, ALL_FEEDS)
    items = items_of(services, man)
    assert items["kz.old_age_base_pension"].amount_kzt == 45_766  # (70% + 10 x 2%) x 50 851
    assert items["kz.enpf_pension_payments"].amount_kzt == 35_596  # floor 70% of 50 851


async def test_childcare_ends_at_one_and_a_half(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    population = registries.contexts["population"]
    mother = add_person(population, sex="F", birth_date=date(1995, 3, 3)).iin
    add_person(population, sex="M", birth_date=date(2024, 9, 17), mother_iin=mother)
    await detect_milestones(services)  # 2026-03-16: the child is 1 year 5 months
    assert "kz.childcare_end_notice" not in items_of(services, mother)
    services.clock.advance(timedelta(days=1))  # 2026-03-17: 1 year 6 months
    await detect_milestones(services)
    await run_jobs(services, ALL_FEEDS)
    assert items_of(services, mother)["kz.childcare_end_notice"].status == "informed"


async def test_a_death_with_no_spouse_on_record_is_decided_and_delivered_to_nobody(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    widower = add_person(
        registries.contexts["population"], sex="M", birth_date=date(1940, 1, 1)
    ).iin
    await write(
        http,
        services,
        "enpf",
        f"/registries/pension/accounts/{widower}",
        {"balance_kzt": 0, "years_of_participation": 30, "receiving_pension": True},
        method="PUT",
    )
    await write(
        http,
        services,
        "civil",
        "/registries/civil/deaths",
        {"iin": widower, "death_date": "2026-03-15"},
    )
    await run_jobs(services, ALL_FEEDS)
    with Session(services.db) as session:
        events = session.exec(select(InboundEvent.status)).all()
        case = session.exec(select(Case).where(Case.life_event == "death")).one()
        decisions = session.exec(select(Decision).where(Decision.case_id == case.id)).all()
    assert set(events) <= {"processed", "ignored"}
    undelivered = [d for d in decisions if "undelivered" in d.trace]
    assert undelivered and all("spouse" in d.trace["undelivered"] for d in undelivered)
