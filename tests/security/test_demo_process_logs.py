"""A real `proactive demo` process, its scenario running fast, the clock advanced by a year and
citizens reading their inboxes: nothing it writes to its terminal carries a full IIN."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from engine.auth.tokens import Principal, issue
from tests.conftest import TEST_SECRET
from tests.security.logscan import iins_in
from tests.support.live_server import free_port

STARTUP = 120.0
HOUR = timedelta(hours=1)
DEMO = [sys.executable, "-m", "engine.cli", "demo", "--population", "300", "--scenario-rate", "600"]


def official(agency: str) -> str:
    return issue(Principal(kind="official", subject=agency), TEST_SECRET, datetime.now(UTC), HOUR)


def wait_for(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("the demo did not get there in time")


def test_a_running_demo_writes_no_iin(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "PROACTIVE_SECRET": TEST_SECRET}
    output = (tmp_path / "demo.log").open("wb")
    demo = subprocess.Popen(
        [*DEMO, "--port", str(port), "--data-dir", str(tmp_path / "data")],
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            wait_for(lambda: http.get("/health").status_code == 200, STARTUP)
            room = {"Authorization": f"Bearer {official('control_room')}"}

            def cases() -> int:
                summary = http.get("/api/control-room/summary", headers=room).json()
                return int(summary["cases"])

            wait_for(lambda: cases() >= 3, 60)
            assert http.post("/api/clock/advance", json={"days": 366}).status_code == 200
            digital = {
                "Authorization": f"Bearer {official('digital')}",
                "X-Purpose": "checking the demo",
            }
            people = http.get("/registries/population/persons?limit=5", headers=digital)
            for person in people.json()["items"]:
                signed = http.post(f"/api/demo/citizen-token/{person['iin']}").json()["token"]
                inbox = http.get(
                    f"/api/citizens/{person['iin']}/inbox",
                    headers={"Authorization": f"Bearer {signed}"},
                )
                assert inbox.status_code == 200
            wait_for(lambda: cases() >= 6, 60)
    finally:
        demo.send_signal(signal.SIGINT)
        demo.wait(30)
        output.close()
    written = (tmp_path / "demo.log").read_text(encoding="utf-8", errors="replace")
    assert "engine.event.processed" in written, written[-2000:]
    leaks = [line for line in written.splitlines() if iins_in(line)]
    assert not leaks, "\n".join(leaks[:20])
