"""A case's journey is true: each step carries its own time and its actor (the registry, the
engine, the citizen and the channel, a named official); a task's deadline ends at 18:00 in
Almaty on its due working day, across Kazakhstan's holidays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlmodel import Session, select

from engine.auth.tokens import Principal, issue
from engine.clock import SimulatedClock
from engine.fulfilment.service import due_at
from engine.inbox.models import InboxItem
from engine.services import Services
from tests.engine.conftest import BirthPoster
from tests.support.flows import official_token, run_jobs

pytestmark = pytest.mark.anyio
TUESDAY_15_DECEMBER = datetime(2026, 12, 15, 5, 0, tzinfo=UTC)  # 10:00 in Almaty


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(TUESDAY_15_DECEMBER, frozen=True)


def named_official(services: Services, agency: str, name: str) -> dict[str, str]:
    principal = Principal(kind="official", subject=agency, role="officer", name=name)
    token = issue(principal, services.settings.secret, datetime.now(UTC), timedelta(hours=1))
    return {"Authorization": f"Bearer {token}"}


def test_a_deadline_ends_at_six_in_the_evening_in_almaty_after_the_holiday() -> None:
    """16 December is Independence Day: one working day after Tuesday 15 December is
    Thursday 17 December, and the day ends at 18:00 Almaty time (13:00 UTC)."""
    due = due_at(TUESDAY_15_DECEMBER, 1)
    assert due == datetime(2026, 12, 17, 13, 0, tzinfo=UTC)
    # late on Tuesday evening in Almaty (but still Tuesday), the same day counts
    assert due_at(datetime(2026, 12, 15, 18, 30, tzinfo=UTC), 1) == datetime(
        2026, 12, 17, 13, 0, tzinfo=UTC
    )


async def test_each_step_of_a_birth_has_its_own_time_and_actor(
    http: httpx.AsyncClient, services: Services, post_birth: BirthPoster, mother: str
) -> None:
    assert (await post_birth(mother, "2026-12-14")).status_code == 201
    await run_jobs(services)
    with Session(services.db) as session:
        offer = session.exec(
            select(InboxItem).where(
                InboxItem.citizen_iin == mother, InboxItem.rule_id == "kz.childbirth_allowance"
            )
        ).one()
    case_id = offer.case_id

    services.clock.advance(timedelta(minutes=20))
    answered = await http.post("/api/sms/inbound", json={"from_iin": mother, "text": "Иә"})
    assert answered.status_code == 200, answered.text

    services.clock.advance(timedelta(hours=1))
    gfc = named_official(services, "gfc", "А. Сейтқали")
    tasks = (await http.get("/api/agencies/gfc/tasks", headers=gfc)).json()["items"]
    task = next(t for t in tasks if t["case_id"] == case_id)
    assert task["due_local"] == "2026-12-17T18:00:00+05:00"  # across Independence Day
    claimed = await http.post(f"/api/tasks/{task['id']}/claim", headers=gfc)
    assert claimed.status_code == 200, claimed.text
    other = named_official(services, "gfc", "Б. Омаров")
    assert (await http.post(f"/api/tasks/{task['id']}/claim", headers=other)).status_code == 409

    services.clock.advance(timedelta(hours=2))
    done = await http.post(f"/api/tasks/{task['id']}/complete", headers=gfc)
    assert done.status_code == 200, done.text
    assert done.json()["on_time"] is True

    journey = await http.get(
        f"/api/control-room/cases/{case_id}", headers=official_token(services, "control_room")
    )
    assert journey.status_code == 200, journey.text
    steps: list[dict[str, Any]] = journey.json()["timeline"]
    assert [s["at"] for s in steps] == sorted(s["at"] for s in steps)
    assert len({s["at"] for s in steps}) == 4  # registration, answer, claim, completion

    def first(kind: str, **where: Any) -> dict[str, Any]:
        found = [
            s for s in steps if s["kind"] == kind and all(s.get(k) == v for k, v in where.items())
        ]
        assert found, (kind, where, [(s["kind"], s.get("action")) for s in steps])
        return found[0]

    assert first("life_event")["actor"] == {"kind": "registry", "registry": "civil"}
    read = first("facts_read", registry="population")
    assert read["actor"] == {"kind": "engine", "on_behalf_of": read["agency"]}
    assert read["purpose"]
    assert first("decision", rule_id="kz.childbirth_allowance")["actor"] == {"kind": "engine"}
    accepted = first("inbox", action="accepted", rule_id="kz.childbirth_allowance")
    assert accepted["actor"] == {"kind": "citizen", "channel": "sms"}
    assert accepted["at_local"].startswith("2026-12-15T10:20")
    claim = first("task_claimed", task_id=task["id"])
    assert claim["actor"] == {"kind": "official", "agency": "gfc", "name": "А. Сейтқали"}
    assert claim["at_local"].startswith("2026-12-15T11:20")
    closed = first("task_closed", task_id=task["id"])
    assert closed["actor"]["name"] == "А. Сейтқали" and closed["on_time"] is True
    assert closed["at_local"].startswith("2026-12-15T13:20")
    assert closed["at"].endswith("+00:00") and closed["at_local"].endswith("+05:00")

    figures = (
        await http.get(
            "/api/control-room/overview", headers=official_token(services, "control_room")
        )
    ).json()
    assert figures["life_events"]["today"] == figures["life_events"]["total"] >= 1
    with Session(services.db) as session:
        answered = session.exec(select(InboxItem).where(InboxItem.citizen_iin == mother)).all()
    accepted = [i for i in answered if i.status in ("accepted", "in_fulfilment")]
    assert figures["offers"]["taken_up"] == len(accepted) >= 1  # one "yes" for the bundle
    assert figures["offers"]["open"] == 0
    assert figures["median_seconds_to_offer"] == 0.0  # the clock stood still meanwhile
    gfc_row = next(a for a in figures["agencies"] if a["agency"] == "gfc")
    assert gfc_row["done"] == 1 and gfc_row["sla_compliance"] == 1.0
    assert gfc_row["median_handling_hours"] == 3.0  # opened on the "yes", done 3 h later
    assert figures["funnel"]["accepted"] == len(accepted)
    [region] = [r for r in figures["regions"] if r["region"] == "astana"]
    assert region["offers"] >= 1 and region["money_offered_kzt"] >= 164_350
    assert figures["per_day"][-1] == {
        "day": "2026-12-15",
        "life_events": figures["life_events"]["today"],
        "offers": region["offers"],
    }

    page = await http.get(f"/cases/{case_id}?lang=ru")
    assert page.status_code == 200
    html = page.text
    assert "Реестр зарегистрировал жизненное событие" in html
    assert "Сведения прочитаны: " in html
    assert "Гражданин согласился: Единовременное пособие на рождение ребёнка" in html
    assert "Госкорпорация «Правительство для граждан» · А. Сейтқали" in html
    assert "в срок" in html and "Без заявления" in html and "до 7 рабочих дней" in html
    assert "15 декабря 2026" in html and "11:20:00" in html
    assert latin_words(html) == set()
    kazakh = (await http.get(f"/cases/{case_id}?lang=kk")).text
    assert "Азамат келісті" in kazakh and latin_words(kazakh) == set()
    missing = await http.get("/cases/nothing-here?lang=kk")
    assert missing.status_code == 404 and "Мұндай іс жоқ" in missing.text


def latin_words(html: str) -> set[str]:
    """Latin-script words a reader sees (markup, scripts and attribute values left out)."""
    import re

    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return set(re.findall(r"[A-Za-z]{2,}", text)) - {"eGov", "Mobile", "English"}


async def test_the_citizen_page_offers_demo_people_and_explains_a_wrong_iin(
    http: httpx.AsyncClient, services: Services, post_birth: BirthPoster, mother: str
) -> None:
    assert (await post_birth(mother, "2026-12-14")).status_code == 201
    await run_jobs(services)
    start = await http.get("/citizen?lang=ru")
    assert start.status_code == 200
    assert f'href="/citizen/{mother}?lang=ru"' in start.text
    assert "Единовременное пособие на рождение ребёнка" in start.text
    wrong = await http.get("/citizen/123456789012?lang=kk")
    assert wrong.status_code == 404
    assert "Бұл ЖСН емес" in wrong.text and "detail" not in wrong.text
