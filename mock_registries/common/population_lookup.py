"""Reading a person from the population registry, as the other registries check their input
against it (through the gateway, on their own agency's behalf)."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import HTTPException

from mock_registries.common.context import RegistryContext


def peer_unavailable(registry: str, detail: str) -> HTTPException:
    return HTTPException(
        status_code=503,
        detail=f"the {registry} registry {detail}; nothing was written, try again "
        "(with the same Idempotency-Key)",
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


def death_note(person: dict[str, Any]) -> str:
    """ "died on D", or just "died" when the date is not in the answer."""
    day = person.get("death_date")
    return f"died on {day}" if day else "died"
