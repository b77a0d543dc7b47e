"""Reading a person from the population registry, as the other registries check their input
against it (through the gateway, on their own agency's behalf)."""

from __future__ import annotations

from typing import Any

import httpx

from mock_registries.common.context import RegistryContext
from mock_registries.common.errors import Problem


def peer_unavailable(registry: str, reason: str) -> Problem:
    return Problem(
        503, "peer.unavailable", headers={"Retry-After": "1"}, registry=registry, reason=reason
    )


async def fetch_person(ctx: RegistryContext, iin: str, purpose: str) -> dict[str, Any] | None:
    """The person, or None when the population registry has no such IIN."""
    async with ctx.peer("population", purpose) as client:
        try:
            response = await client.get(f"/persons/{iin}")
        except httpx.HTTPError as error:
            raise peer_unavailable("population", f"is not answering ({error!r})") from error
    if response.status_code == 404:
        return None
    if response.status_code != 200:
        raise peer_unavailable("population", f"answered {response.status_code}")
    person: dict[str, Any] = response.json()
    return person
