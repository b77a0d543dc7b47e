"""A real embedded demo for end-to-end tests: every registry, the engine and its jobs in one
process, served on a loopback port, as `proactive demo` runs it."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from engine.auth.tokens import Principal, issue
from engine.config import Settings
from tests.conftest import ROOT


def wait_until(condition: Callable[[], Any], timeout: float = 60) -> Any:
    """Poll the running demo (its jobs run in their own thread) until ``condition`` holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"not reached within {timeout} s")


def demo_settings(data_dir: Path, port: int) -> Settings:
    return Settings(
        mode="demo",
        data_dir=data_dir,
        port=port,
        population=1500,
        seed=2026,
        registries_url=f"http://127.0.0.1:{port}/registries",
        rules_dir=ROOT / "rules",
        life_events_dir=ROOT / "life_events",
        scenarios_dir=ROOT / "tests" / "scenarios",
        project_missing_law=True,
        poll_wait_seconds=1,
    )


def token(settings: Settings, agency: str) -> dict[str, str]:
    principal = Principal(kind="official", subject=agency, role="officer")
    signed = issue(principal, settings.secret, datetime.now().astimezone(), timedelta(hours=1))
    return {"Authorization": f"Bearer {signed}"}


def reader(settings: Settings) -> dict[str, str]:
    """An official reading the registries, with the purpose every read must state."""
    return {**token(settings, "digital"), "X-Purpose": "checking the demo's population"}
