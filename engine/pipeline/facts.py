"""Gathering the facts a life event declares, and nothing else (data minimisation)."""

from __future__ import annotations

from typing import Any

from engine.kernel.dictionary import LOOKUPS
from engine.kernel.life_events import LifeEvent
from engine.registries.client import RegistryClient


def parties_of(life_event: LifeEvent, data: dict[str, Any]) -> dict[str, str | None]:
    return {party: data.get(field) for party, field in life_event.parties.items()}


async def gather_facts(
    life_event: LifeEvent, parties: dict[str, str | None], client: RegistryClient
) -> dict[str, dict[str, Any] | None]:
    """One lookup per declared fact; the same record is read once per event."""
    cache: dict[tuple[str, str], dict[str, Any] | None] = {}
    facts: dict[str, dict[str, Any] | None] = {}
    for name, source in life_event.facts.items():
        iin = parties.get(source.party)
        if iin is None:
            facts[name] = None
            continue
        lookup = LOOKUPS[source.lookup]
        key = (lookup.registry, lookup.path.format(iin=iin))
        if key not in cache:
            cache[key] = await client.lookup(*key)
        facts[name] = _declared_only(cache[key], life_event, name)
    return facts


def _declared_only(
    record: dict[str, Any] | None, life_event: LifeEvent, fact: str
) -> dict[str, Any] | None:
    if record is None:
        return None
    allowed = life_event.fact_fields(fact)
    return {key: value for key, value in record.items() if key in allowed}
