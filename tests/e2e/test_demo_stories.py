"""The presenter's stories through the API: each makes its life event happen and answers with
the case once the engine has opened it; the living scenario pauses and resumes."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest

from engine.config import Settings
from tests.support.demo import token, wait_until


def tell(base: str, story: str) -> dict[str, Any]:
    response = httpx.post(f"{base}/api/demo/stories/{story}", timeout=40)
    assert response.status_code == 201, response.text
    told: dict[str, Any] = response.json()
    return told


def journey(base: str, settings: Settings, case_id: str) -> dict[str, Any]:
    response = httpx.get(
        f"{base}/api/control-room/cases/{case_id}", headers=token(settings, "control_room")
    )
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def test_the_fourth_child_is_offered_63_mci(shared_demo: tuple[str, Settings]) -> None:
    base, settings = shared_demo
    told = tell(base, "fourth_child")
    assert told["case_url"] == f"/cases/{told['case_id']}"
    assert told["phone_url"] == f"/citizen/{told['citizen_iin']}"
    case = journey(base, settings, told["case_id"])
    assert case["life_event"] == "child_birth"
    assert told["citizen_iin"] in case["parties"].values()
    allowance = next(d for d in case["decisions"] if d["rule_id"] == "kz.childbirth_allowance")
    assert allowance["outcome"] == "eligible"
    assert allowance["amount_kzt"] == 63 * 4_325  # the fourth child: 272,475


@pytest.mark.parametrize(
    ("story", "life_event"),
    [
        ("pensioner_death", "death"),
        ("vehicle_registration", "vehicle_registration"),
        ("retirement", "retirement_age_men"),
    ],
)
def test_each_story_opens_its_case(
    shared_demo: tuple[str, Settings], story: str, life_event: str
) -> None:
    base, settings = shared_demo
    told = tell(base, story)
    case = journey(base, settings, told["case_id"])
    assert case["life_event"] == life_event
    assert told["citizen_iin"] in case["parties"].values()
    if story == "retirement":
        clock = httpx.get(f"{base}/api/clock").json()
        assert case["event_date"] == clock["local_today"]  # the clock moved to his birthday


def test_the_living_scenario_pauses_and_resumes(shared_demo: tuple[str, Settings]) -> None:
    base, _ = shared_demo
    assert httpx.get(f"{base}/api/demo/scenario").json() == {"paused": False}
    assert httpx.post(f"{base}/api/demo/scenario/pause").json() == {"paused": True}
    assert httpx.get(f"{base}/api/demo/scenario").json() == {"paused": True}
    assert httpx.post(f"{base}/api/demo/scenario/resume").json() == {"paused": False}
    unknown = httpx.post(f"{base}/api/demo/stories/wedding")
    assert unknown.status_code == 422


def test_the_live_stream_shows_a_story_as_it_happens(shared_demo: tuple[str, Settings]) -> None:
    """The control room's server-sent events carry the new life event within seconds."""
    base, _ = shared_demo
    seen: list[str] = []
    ready, stop = threading.Event(), threading.Event()

    def listen() -> None:
        with httpx.stream("GET", f"{base}/api/control-room/stream", timeout=30) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            for line in response.iter_lines():
                if line == "event: ready":
                    ready.set()
                seen.append(line)
                if stop.is_set():
                    return

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    assert ready.wait(10)
    told = tell(base, "vehicle_registration")
    lines = wait_until(lambda: [line for line in list(seen) if told["case_id"] in line], 15)
    stop.set()
    assert '"life_event": "vehicle_registration"' in lines[0]
    assert not any(told["citizen_iin"] in line for line in seen)  # no personal data
