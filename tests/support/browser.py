"""Debian's Chromium for the browser tests: where it is, how it is started, the phone screen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 390, "height": 844}


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"a browser is required (REQUIRE_BROWSER=1) but {CHROMIUM} is missing")
    pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests")
