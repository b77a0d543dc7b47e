"""The civil registry's calls to the population registry, through the gateway."""

from __future__ import annotations

from typing import Any

import httpx

from mock_registries.common.context import RegistryContext
from mock_registries.common.errors import Problem
from mock_registries.common.population_lookup import fetch_person as lookup
from mock_registries.common.population_lookup import peer_unavailable

PURPOSE = "civil status registration"


def _unavailable(reason: str) -> Problem:
    return peer_unavailable("population", reason)


def _as_own(status: int, problem: dict[str, Any], fields: dict[str, str] | None) -> Problem:
    """Population's refusal as this registry's own: the same code and values, with
    population's field names translated through ``fields``."""
    errors = problem.get("errors") or []
    if not errors:
        return Problem(status, str(problem.get("code", "http.error")), **problem.get("params", {}))
    first = errors[0]
    loc = list(first.get("loc") or ["body", first.get("field", "body")])
    field = str(loc[-1])
    return Problem(
        status,
        str(first["code"]),
        field=(fields or {}).get(field, field),
        where=str(loc[0]),
        **first.get("params", {}),
    )


async def fetch_person(ctx: RegistryContext, iin: str) -> dict[str, Any] | None:
    return await lookup(ctx, iin, PURPOSE)


async def write_population(
    ctx: RegistryContext,
    method: str,
    path: str,
    body: dict[str, Any],
    key: str | None,
    fields: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A write to the population registry. Its refusals (409, 422) come back as this
    registry's own, with population's field names translated through ``fields``."""
    headers = {"Idempotency-Key": key} if key else {}
    async with ctx.peer("population", PURPOSE) as client:
        try:
            response = await client.request(method, path, json=body, headers=headers)
        except httpx.HTTPError as error:
            raise _unavailable(f"is not answering ({error!r})") from error
    if response.status_code in (200, 201):
        result: dict[str, Any] = response.json()
        return result
    if response.status_code in (409, 422):
        raise _as_own(response.status_code, response.json(), fields)
    raise _unavailable(f"answered {response.status_code}")
