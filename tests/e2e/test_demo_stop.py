"""A demo told to stop (Ctrl-C, the end of a test) stops its background jobs before it closes
its sockets: the presenter's terminal does not end with the demo's own registries reported
unavailable or its events retried."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import pytest

from engine.demo.embedded import build_demo
from mock_registries.serve import RegistryOptions
from tests.support.demo import demo_settings, wait_until
from tests.support.live_server import free_port, serving


def test_a_busy_demo_stops_without_reporting_its_own_registries_down(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    port = free_port()
    settings = demo_settings(tmp_path, port)
    # the living scenario on, fast: feeds, events and SMS are all in flight when it stops
    options = RegistryOptions(population=300, seed=2026, scenario_rate=120.0)
    app = build_demo(settings, scenario=True, registries=options)
    caplog.set_level(logging.INFO)
    with serving(app, port) as base:
        wait_until(lambda: httpx.get(f"{base}/health").status_code == 200)
        wait_until(
            lambda: any("engine.event.ingested" in r.getMessage() for r in caplog.records),
            timeout=60,
        )
        caplog.clear()
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert not [m for m in said if "feed.unavailable" in m or "event.retry" in m], said
