"""Schemathesis over an ASGI app's OpenAPI: every operation, valid and invalid inputs, a fixed
number of examples each, derandomized so that a run is repeatable."""

from __future__ import annotations

from collections.abc import Callable

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from hypothesis.strategies import SearchStrategy
from schemathesis import GenerationMode
from schemathesis.checks import CheckFunction

MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


def fuzz(
    app: FastAPI,
    headers: dict[str, str],
    checks: list[CheckFunction],
    examples: int,
    reset: Callable[[], None] = lambda: None,
) -> list[str]:
    """What broke, one line per operation and mode; ``reset`` runs after every request (to
    switch off a fault the fuzzer switched on)."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in MODES:
            try:
                cases = operation.as_strategy(generation_mode=mode)
                _run(cases, headers, checks, examples, reset)
            except Unsatisfiable:
                pass  # an operation without inputs has no invalid ones
            except Exception as error:
                failures.append(f"{operation.label} ({mode}): {error}")
    return failures


def _run(
    cases: SearchStrategy[schemathesis.Case],
    headers: dict[str, str],
    checks: list[CheckFunction],
    examples: int,
    reset: Callable[[], None],
) -> None:
    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],  # the failing request as found, unshrunk
    )
    @given(case=cases)
    def call(case: schemathesis.Case) -> None:
        wait = (case.query or {}).get("wait")
        if isinstance(wait, int | float) and wait > 0:
            case.query["wait"] = 0  # a long poll answers the same, without the wait
        try:
            response = case.call(headers=headers)
        finally:
            reset()
        case.validate_response(response, checks=checks)

    call()
