"""Schemathesis against the engine's OpenAPI, as a citizen and as officials: no input gives a
5xx (on SQLite and PostgreSQL, where a NUL byte or a huge number would break a query)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from schemathesis.checks import not_a_server_error

from engine.services import Services
from tests.security.fuzz import fuzz
from tests.support.flows import citizen_token, official_token

CITIZEN = "791028302728"
EXAMPLES = 8


@pytest.mark.parametrize("caller", ["citizen", "control_room"])
def test_no_input_gives_a_server_error(services: Services, web: FastAPI, caller: str) -> None:
    if caller == "citizen":
        headers = citizen_token(services, CITIZEN)
    else:
        headers = official_token(services, caller)
    failures = fuzz(web, headers, [not_a_server_error], EXAMPLES)
    assert not failures, "\n\n".join(failures)
