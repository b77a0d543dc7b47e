"""Advancing the clock brings the skipped life at once: every milestone of the span, decided by
the law of its own date, right after start-up; notices about a date already passed say so in
the past tense; amounts of clock movement that make no sense are refused."""

from __future__ import annotations

from datetime import date

import httpx
import pytest
from sqlmodel import Session, col, select

from engine.inbox.models import InboxItem
from engine.pipeline.models import Case, DeadLetter, Decision
from engine.pipeline.process import process_pending
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.support.flows import official_token
from tests.support.population import add_person

pytestmark = pytest.mark.anyio


def items_of(services: Services, iin: str) -> dict[str, InboxItem]:
    with Session(services.db) as session:
        found = session.exec(select(InboxItem).where(InboxItem.citizen_iin == iin)).all()
    return {item.rule_id: item for item in found}


def decision_of(services: Services, rule_id: str, case_of: str) -> Decision:
    with Session(services.db) as session:
        case = session.exec(select(Case).where(Case.subject_iin == case_of)).one()
        return session.exec(
            select(Decision).where(
                Decision.case_id == case.id,
                Decision.rule_id == rule_id,
                col(Decision.current).is_(True),
            )
        ).one()


async def test_a_jump_of_400_days_right_after_start_brings_every_milestone_of_the_span(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    """The clock stands at 2026-03-16 when the engine starts. One man turns 63 in May 2026
    (the 2026 law pays him), another in February 2027 (the 2027 subsistence minimum is not
    published: his case waits for it, no dead letter); one born a day too late stays out."""
    population = registries.contexts["population"]
    may = add_person(population, sex="M", birth_date=date(1963, 5, 20)).iin
    february = add_person(population, sex="M", birth_date=date(1964, 2, 10)).iin
    outside = add_person(population, sex="M", birth_date=date(1964, 4, 21)).iin  # 2027-04-21
    for man in (may, february, outside):
        account = {"balance_kzt": 3_000_000, "years_of_participation": 20}
        saved = await http.put(
            f"/registries/pension/accounts/{man}",
            json={**account, "receiving_pension": False},
            headers=official_token(services, "enpf"),
        )
        assert saved.status_code in (200, 201), saved.text

    response = await http.post("/api/clock/advance", json={"days": 400})  # to 2027-04-20
    assert response.status_code == 200, response.text
    moved = response.json()
    assert moved["local_today"] == "2027-04-20" and moved["zone"] == "Asia/Almaty"
    assert moved["milestones"] >= 2
    await process_pending(services)

    paid = items_of(services, may)["kz.old_age_base_pension"]
    assert (paid.status, paid.amount_kzt) == ("offered", 45_766)  # (70% + 10 x 2%) x 50 851
    assert decision_of(services, "kz.old_age_base_pension", may).receipt["law_date"] == (
        "2026-05-20"
    )
    waiting = decision_of(services, "kz.old_age_base_pension", february)
    assert waiting.outcome == "unknown" and "subsistence_minimum" in (waiting.held_for or "")
    assert "kz.old_age_base_pension" not in items_of(services, february)
    assert items_of(services, outside) == {}
    with Session(services.db) as session:
        assert session.exec(select(DeadLetter)).all() == []


async def test_a_notice_about_a_date_already_passed_is_worded_in_the_past_tense(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    population = registries.contexts["population"]
    mother = add_person(population, sex="F", birth_date=date(1994, 2, 2)).iin
    add_person(population, sex="M", birth_date=date(2025, 1, 10), mother_iin=mother)

    response = await http.post("/api/clock/advance", json={"days": 200})  # to 2026-10-02
    assert response.status_code == 200, response.text
    await process_pending(services)

    notice = items_of(services, mother)["kz.childcare_end_notice"]
    assert notice.texts["title"]["ru"] == "Выплаты по уходу за ребёнком завершены"
    assert "10 июля 2026\u202fг. ребёнку исполнилось полтора года" in notice.texts["body"]["ru"]
    assert "толды" in notice.texts["body"]["kk"]
    assert "turned one and a half on 10 July 2026" in notice.texts["body"]["en"]


@pytest.mark.parametrize(
    "body",
    [
        {"days": -1},
        {"days": 0},
        {"hours": 0},
        {"days": 3654},
        {"hours": 24 * 3654},
        {"days": 3000, "hours": 24 * 700},
        {},
        {"days": "soon"},
        {"days": 1, "minutes": 5},
    ],
)
async def test_a_move_that_makes_no_sense_is_refused_and_moves_nothing(
    http: httpx.AsyncClient, services: Services, body: dict[str, object]
) -> None:
    before = services.clock.now()
    response = await http.post("/api/clock/advance", json=body)
    assert response.status_code == 422, response.text
    assert services.clock.now() == before
