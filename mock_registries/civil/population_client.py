"""The civil registry's calls to the population registry, through the gateway."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import HTTPException

from mock_registries.common.context import RegistryContext
from mock_registries.common.population_lookup import fetch_person as lookup
from mock_registries.common.population_lookup import peer_unavailable

PURPOSE = "civil status registration"


def _unavailable(detail: str) -> HTTPException:
    return peer_unavailable("population", detail)


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
    """A write to the population registry. Its refusals (422) come back as this registry's
    own, with population's field names translated through ``fields``."""
    headers = {"Idempotency-Key": key} if key else {}
    async with ctx.peer("population", PURPOSE) as client:
        try:
            response = await client.request(method, path, json=body, headers=headers)
        except httpx.HTTPError as error:
            raise _unavailable(f"is not answering ({error!r})") from error
    if response.status_code in (200, 201):
        result: dict[str, Any] = response.json()
        return result
    if response.status_code == 422:
        detail = response.json()["detail"]
        for problem in detail if isinstance(detail, list) else []:
            loc = problem.get("loc", [])
            if loc and fields and loc[-1] in fields:
                problem["loc"] = [*loc[:-1], fields[loc[-1]]]
        raise HTTPException(status_code=422, detail=detail)
    if response.status_code == 409:
        raise HTTPException(status_code=409, detail=response.json().get("detail"))
    raise _unavailable(f"answered {response.status_code}")
