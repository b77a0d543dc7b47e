"""Gathering the facts a life event declares, and nothing else (data minimisation). Parties
named in the event come first; parties found in those facts (a mother's spouse) next."""

from __future__ import annotations

import asyncio
from typing import Any

from engine.kernel.dictionary import LOOKUPS
from engine.kernel.life_events import LifeEvent
from engine.registries.client import RegistryClient

Facts = dict[str, dict[str, Any] | None]
Parties = dict[str, str | None]


async def gather(
    life_event: LifeEvent,
    data: dict[str, Any],
    client: RegistryClient,
    readers: dict[str, str] | None = None,
) -> tuple[Parties, Facts]:
    """The parties of the event and the facts declared for them; each record is read once.
    ``readers`` names, per fact, the agency on whose behalf it is read (for the citizen's
    access log)."""
    parties = life_event.direct_parties(data)
    cache: dict[tuple[str, str], dict[str, Any] | None] = {}
    facts: Facts = {}
    first, second = life_event.fact_stages()
    await _fetch(life_event, first, parties, client, cache, facts, readers or {})
    parties.update(life_event.derived_parties(facts))
    await _fetch(life_event, second, parties, client, cache, facts, readers or {})
    return parties, facts


async def _fetch(
    life_event: LifeEvent,
    names: list[str],
    parties: Parties,
    client: RegistryClient,
    cache: dict[tuple[str, str], dict[str, Any] | None],
    facts: Facts,
    readers: dict[str, str],
) -> None:
    """The lookups of one stage run concurrently; a record two facts share is read once."""
    wanted: dict[tuple[str, str], str] = {}
    for name in names:
        iin = parties.get(life_event.facts[name].party)
        if iin is None:
            continue
        lookup = LOOKUPS[life_event.facts[name].lookup]
        key = (lookup.registry, lookup.path.format(iin=iin))
        if key not in cache:
            wanted.setdefault(key, name)

    async def read(key: tuple[str, str], name: str) -> None:
        source = life_event.facts[name]
        cache[key] = await client.lookup(
            *key,
            purpose=f"{life_event.id}: {source.purpose.en}",
            on_behalf_of=readers.get(name),
        )

    await asyncio.gather(*(read(key, name) for key, name in wanted.items()))
    for name in names:
        source = life_event.facts[name]
        iin = parties.get(source.party)
        if iin is None:
            facts[name] = None
            continue
        lookup = LOOKUPS[source.lookup]
        facts[name] = _declared_only(
            cache[(lookup.registry, lookup.path.format(iin=iin))], life_event, name
        )


def _declared_only(
    record: dict[str, Any] | None, life_event: LifeEvent, fact: str
) -> dict[str, Any] | None:
    if record is None:
        return None
    allowed = life_event.fact_fields(fact)
    return {key: value for key, value in record.items() if key in allowed}
