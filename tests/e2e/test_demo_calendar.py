"""The demo keeps going past the end of the known law: started today and advanced 400 days
right after start, it shows every pension milestone of the span within seconds, new births
offered at projected 2027 values (labelled), and no dead letter; a demo restarted after a crash
takes back its own claims at once."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlmodel import Session, select

from engine.config import Settings
from engine.db import make_engine, migrate
from engine.demo.embedded import build_demo
from engine.registries.models import InboundEvent
from mock_registries.serve import RegistryOptions
from tests.support.demo import demo_settings, reader, token, wait_until
from tests.support.live_server import free_port, serving

SPAN_DAYS = 400


def test_a_demo_advanced_400_days_at_start_brings_the_whole_span_without_a_dead_letter(
    demo: tuple[str, Settings],
) -> None:
    base, settings = demo
    control = token(settings, "control_room")
    started = date.fromisoformat(httpx.get(f"{base}/api/clock").json()["local_today"])
    moved = httpx.post(f"{base}/api/clock/advance", json={"days": SPAN_DAYS})
    assert moved.status_code == 200, moved.text
    assert moved.json()["milestones"] > 0

    # every man of the population who turns 63 in the span (his birthday, independently of the
    # engine's milestone schedule), and nobody else
    people = httpx.get(
        f"{base}/registries/population/persons",
        params={"sex": "M", "age_min": 61, "age_max": 64, "limit": 1000},
        headers=reader(settings),
    ).json()["items"]
    end = started + timedelta(days=SPAN_DAYS)

    def turns_63(person: dict[str, Any]) -> date:
        born = date.fromisoformat(person["birth_date"])
        return born.replace(year=born.year + 63, day=28 if born.day == 29 else born.day)

    expected = sorted(
        p["iin"] for p in people if p["alive"] and started - timedelta(days=1) < turns_63(p) <= end
    )
    assert expected, "the population should have men turning 63 in 400 days"

    def settled() -> dict[str, Any] | None:
        facts: dict[str, Any] = httpx.get(
            f"{base}/api/control-room/summary", headers=control
        ).json()
        events = facts["events_by_status"]
        busy = events.get("pending", 0) + events.get("processing", 0)
        return facts if not busy and facts["cases"] else None

    facts = wait_until(settled, timeout=120)
    assert facts["dead_letters_open"] == 0
    assert facts["cases_by_life_event"]["retirement_age_men"] == len(expected)
    assert facts["cases_by_life_event"]["retirement_age_women"] > 0
    for iin in expected:
        cases = httpx.get(
            f"{base}/api/control-room/cases", params={"subject_iin": iin}, headers=control
        ).json()["items"]
        assert [c["life_event"] for c in cases] == ["retirement_age_men"], iin

    # a birth after the known law: offered at the last value, labelled in every language
    mother = next(
        p
        for p in httpx.get(
            f"{base}/registries/population/persons",
            params={"sex": "F", "age_min": 25, "age_max": 35, "limit": 50},
            headers=reader(settings),
        ).json()["items"]
        if p["alive"] and p["citizenship"] == "citizen"
    )
    born = httpx.post(
        f"{base}/registries/civil/births",
        json={
            "mother_iin": mother["iin"],
            "child_first_name": "Айбек",
            "child_sex": "M",
            "birth_date": (end - timedelta(days=1)).isoformat(),
        },
        headers=token(settings, "civil"),
    )
    assert born.status_code == 201, born.text

    child = born.json()["child_iin"]

    def case_of_birth() -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = httpx.get(
            f"{base}/api/control-room/cases", params={"subject_iin": child}, headers=control
        ).json()["items"]
        return found

    [case] = wait_until(case_of_birth, timeout=120)
    journey = httpx.get(f"{base}/api/control-room/cases/{case['id']}", headers=control).json()
    allowance = next(d for d in journey["decisions"] if d["rule_id"] == "kz.childbirth_allowance")
    assert allowance["outcome"] == "eligible", allowance["trace"]
    assert [g["parameter"] for g in allowance["trace"]["projected"]] == ["mrp"]
    [item] = [i for i in journey["inbox_items"] if i["rule_id"] == "kz.childbirth_allowance"]
    inbox = httpx.get(
        f"{base}/api/citizens/{item['citizen_iin']}/inbox",
        params={"lang": "ru"},
        headers=token(settings, "gfc"),
    ).json()["items"]
    offer = next(i for i in inbox if i["id"] == item["id"])
    assert "Прогноз" in offer["body"]
    law = httpx.get(f"{base}/api/control-room/summary", headers=control).json()["law"]
    assert law["projecting"] is True and law["projected_cases"] > 0 and law["held_cases"] == 0
    assert (
        httpx.get(f"{base}/api/control-room/summary", headers=control).json()["dead_letters_open"]
        == 0
    )


def test_a_restarted_demo_takes_back_its_own_claims_at_start(tmp_path: Path) -> None:
    """A claim left by the crashed process (its lease still running) is released at start."""
    port = free_port()
    settings = demo_settings(tmp_path, port)
    migrate(settings.engine_database_url())
    db = make_engine(settings.engine_database_url())
    now = datetime.now().astimezone()
    with Session(db) as session:
        session.add(
            InboundEvent(
                registry_name="civil",
                event_id="left-over-1",
                type="unknown.kind",
                occurred_at=now,
                received_at=now,
                data={},
                status="processing",
                locked_by="crashed-host:4242",
                locked_until=now + timedelta(seconds=120),
            )
        )
        session.commit()
    app = build_demo(settings, scenario=False, registries=RegistryOptions(population=200))
    with serving(app, port) as base:
        wait_until(lambda: httpx.get(f"{base}/health").status_code == 200)

        def taken_back() -> bool:
            with Session(db) as session:
                event = session.exec(
                    select(InboundEvent).where(InboundEvent.event_id == "left-over-1")
                ).one()
                return event.locked_by != "crashed-host:4242"

        wait_until(taken_back, timeout=10)
    db.dispose()
