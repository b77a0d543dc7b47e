"""Schemathesis against every mock registry's OpenAPI, with a token of the agency that owns it
(so writes get past the door): no input gives a 5xx. The shape of the answers is the
registries' own contract and is checked with it; here only server errors count."""

from __future__ import annotations

import pytest
from schemathesis.checks import not_a_server_error

from mock_registries.bundle import KINDS, RegistryBundle
from mock_registries.common.auth import official_token
from mock_registries.common.faults import FaultSettings
from tests.conftest import TEST_SECRET
from tests.security.fuzz import fuzz

EXAMPLES = 6


@pytest.mark.parametrize("name", list(KINDS))
def test_no_input_gives_a_server_error(registries: RegistryBundle, name: str) -> None:
    owner = KINDS[name].writers[0]
    headers = {"Authorization": f"Bearer {official_token(TEST_SECRET, owner)}"}
    faults = registries.contexts[name].faults

    def calm() -> None:
        faults.set(FaultSettings())  # a latency or outage the fuzzer asked for ends here

    failures = fuzz(registries.apps[name], headers, [not_a_server_error], EXAMPLES, calm)
    assert not failures, "\n\n".join(failures)
