"""The law's calendar: a birth dated after the last published MCI is held, not dead-lettered,
until the value is added to the parameter file; a demo started to project shows the last value,
labelled, and the control room counts both."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from sqlmodel import Session, col, select

from engine.clock import SimulatedClock
from engine.inbox.models import InboxItem
from engine.pipeline.models import DeadLetter, Decision
from engine.pipeline.reevaluate import reevaluate_changed_rules
from engine.services import Services
from tests.engine.conftest import BirthPoster
from tests.support.flows import official_token, run_jobs

pytestmark = pytest.mark.anyio
JANUARY_2027 = datetime(2027, 1, 6, 5, 0, tzinfo=UTC)  # 10:00 in Almaty


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(JANUARY_2027, frozen=True)


def add_mrp_2027(services: Services, value: int) -> None:
    """What an analyst does when the 2027 budget law is published: one more period in the
    parameter file, with its reference; the running engine reloads it."""
    path = Path(services.settings.rules_dir) / "parameters" / "kz" / "mrp.yaml"
    mrp = yaml.safe_load(path.read_text(encoding="utf-8"))
    mrp["values"].append(
        {
            "from": date(2027, 1, 1),
            "to": date(2027, 12, 31),
            "value": value,
            "reference": {"act": "Law on the republican budget for 2027 (test value)"},
        }
    )
    path.write_text(yaml.safe_dump(mrp, allow_unicode=True), encoding="utf-8")
    assert services.catalogue.refresh_if_changed()


def decisions(services: Services, rule_id: str) -> list[Decision]:
    with Session(services.db) as session:
        return list(
            session.exec(
                select(Decision)
                .where(Decision.rule_id == rule_id, col(Decision.current).is_(True))
                .order_by(col(Decision.id))
            ).all()
        )


def items(services: Services, iin: str, rule_id: str) -> list[InboxItem]:
    with Session(services.db) as session:
        return list(
            session.exec(
                select(InboxItem)
                .where(InboxItem.citizen_iin == iin, InboxItem.rule_id == rule_id)
                .order_by(col(InboxItem.id))
            ).all()
        )


def dead_letters(services: Services) -> int:
    with Session(services.db) as session:
        return len(session.exec(select(DeadLetter)).all())


async def law(http: httpx.AsyncClient, services: Services) -> dict[str, Any]:
    response = await http.get(
        "/api/control-room/summary", headers=official_token(services, "control_room")
    )
    assert response.status_code == 200, response.text
    calendar: dict[str, Any] = response.json()["law"]
    return calendar


async def test_a_birth_after_the_known_law_is_held_then_offered_when_the_mci_is_published(
    http: httpx.AsyncClient, services: Services, post_birth: BirthPoster, mother: str
) -> None:
    await reevaluate_changed_rules(services)  # the catalogue as the engine first saw it
    assert (await post_birth(mother, "2027-01-05")).status_code == 201
    await run_jobs(services)

    held = decisions(services, "kz.childbirth_allowance")
    assert [d.outcome for d in held] == ["unknown"]
    assert held[0].held_for == "mrp"
    assert held[0].trace["awaiting"][0]["reason"] == "awaiting mrp for 2027-01-05"
    assert items(services, mother, "kz.childbirth_allowance") == []
    assert dead_letters(services) == 0
    calendar = await law(http, services)
    mrp = next(p for p in calendar["parameters"] if p["parameter"] == "mrp")
    assert mrp["ran_out"] is True and mrp["last_day"] == "2026-12-31"
    with Session(services.db) as session:
        held_cases = {
            d.case_id for d in session.exec(select(Decision).where(Decision.held_for == "mrp"))
        }
    assert mrp["held_cases"] == len(held_cases) == calendar["held_cases"] >= 1
    assert calendar["projecting"] is False
    page = (await http.get("/?lang=ru")).text
    assert "Месячный расчётный показатель (МРП): опубликованное значение действовало по" in page
    assert f'дел ожидают: <b class="held">{mrp["held_cases"]}</b>' in page
    assert "время Алматы" in page and "10:00" in page

    add_mrp_2027(services, 4_500)
    assert await reevaluate_changed_rules(services) >= 1
    offered = items(services, mother, "kz.childbirth_allowance")
    assert [(i.status, i.amount_kzt) for i in offered] == [("offered", 38 * 4_500)]
    assert "Прогноз" not in offered[0].texts["body"]["ru"]
    assert decisions(services, "kz.childbirth_allowance")[0].held_for is None
    assert dead_letters(services) == 0
    calendar = await law(http, services)
    still = {p["parameter"]: p["held_cases"] for p in calendar["parameters"]}
    assert "mrp" not in still
    assert still["mzp"] == calendar["held_cases"] == 1  # the income replacement waits on


def project_missing_law(services: Services) -> None:
    """What `proactive demo` does at start (its --project-law default)."""
    services.catalogue.project_missing_law = True
    services.catalogue.reload()


async def test_a_projecting_demo_offers_the_last_value_labelled_until_the_law_comes(
    http: httpx.AsyncClient, services: Services, post_birth: BirthPoster, mother: str
) -> None:
    project_missing_law(services)
    await reevaluate_changed_rules(services)
    assert (await post_birth(mother, "2027-01-05")).status_code == 201
    await run_jobs(services)

    projected = items(services, mother, "kz.childbirth_allowance")
    assert [(i.status, i.amount_kzt) for i in projected] == [("offered", 38 * 4_325)]
    body = projected[0].texts["body"]
    assert "Прогноз: значение «Месячный расчётный показатель (МРП)» на 2027 год" in body["ru"]
    assert "Болжам:" in body["kk"]
    assert "Projected: the 2027 Monthly calculation index (MCI)" in body["en"]
    assert "≈ Прогноз" in projected[0].texts["explanation"]["ru"]
    assert decisions(services, "kz.childbirth_allowance")[0].projected == "mrp"
    calendar = await law(http, services)
    assert calendar["projecting"] is True
    assert calendar["projected_cases"] >= 1 and calendar["held_cases"] == 0
    assert next(p for p in calendar["parameters"] if p["parameter"] == "mrp")["projected_cases"]

    add_mrp_2027(services, 4_500)
    await reevaluate_changed_rules(services)
    now = items(services, mother, "kz.childbirth_allowance")
    assert [(i.status, i.amount_kzt) for i in now] == [
        ("superseded", 38 * 4_325),
        ("offered", 38 * 4_500),
    ]
    assert "Прогноз" not in now[1].texts["body"]["ru"]
    calendar = await law(http, services)
    still = {p["parameter"]: p["projected_cases"] for p in calendar["parameters"]}
    assert "mrp" not in still and still["mzp"] == calendar["projected_cases"]
    assert dead_letters(services) == 0


async def test_a_published_value_equal_to_the_projection_removes_the_label(
    services: Services, post_birth: BirthPoster, mother: str
) -> None:
    project_missing_law(services)
    await reevaluate_changed_rules(services)
    assert (await post_birth(mother, "2027-01-05")).status_code == 201
    await run_jobs(services)
    add_mrp_2027(services, 4_325)
    await reevaluate_changed_rules(services)
    [item] = items(services, mother, "kz.childbirth_allowance")
    assert (item.status, item.amount_kzt) == ("offered", 164_350)
    assert "Прогноз" not in item.texts["body"]["ru"]
    assert decisions(services, "kz.childbirth_allowance")[0].projected is None


def test_production_never_projects() -> None:
    from engine.config import Settings

    assert Settings(mode="demo", project_missing_law=True).projects_missing_law
    assert not Settings(mode="production", project_missing_law=True).projects_missing_law
    assert not Settings(mode="demo").projects_missing_law
