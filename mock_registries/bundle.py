"""All mock registries of one process: each its own app and database, reaching the others over
HTTP (in process through ASGI transports, so no socket is needed)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import httpx
from fastapi import FastAPI
from sqlalchemy import Engine, MetaData

from engine.db import make_engine
from mock_registries.civil.app import create_civil_app
from mock_registries.civil.models import FEED as CIVIL_FEED
from mock_registries.civil.models import CivilTable
from mock_registries.common.context import Peers, RegistryContext
from mock_registries.common.feed import FeedTables
from mock_registries.population.app import create_population_app
from mock_registries.population.models import FEED as POPULATION_FEED
from mock_registries.population.models import PopulationTable


@dataclass(frozen=True)
class RegistryKind:
    metadata: MetaData
    feed: FeedTables
    factory: Callable[[RegistryContext], FastAPI]


KINDS: dict[str, RegistryKind] = {
    "population": RegistryKind(PopulationTable.metadata, POPULATION_FEED, create_population_app),
    "civil": RegistryKind(CivilTable.metadata, CIVIL_FEED, create_civil_app),
}


@dataclass
class RegistryBundle:
    contexts: dict[str, RegistryContext]
    apps: dict[str, FastAPI]

    def dispose(self) -> None:
        for ctx in self.contexts.values():
            ctx.engine.dispose()


def build_registries(
    database_url_for: Callable[[str], str],
    now: Callable[[], datetime],
    *,
    only: list[str] | None = None,
    peers_url: str = "http://127.0.0.1:8000/registries",
) -> RegistryBundle:
    names = only or list(KINDS)
    unknown = [name for name in names if name not in KINDS]
    if unknown:
        raise ValueError(f"unknown registries {unknown}; known: {', '.join(KINDS)}")
    peers = Peers(peers_url)
    contexts: dict[str, RegistryContext] = {}
    apps: dict[str, FastAPI] = {}
    for name in names:
        kind = KINDS[name]
        engine: Engine = make_engine(database_url_for(name))
        ctx = RegistryContext(
            name=name, engine=engine, metadata=kind.metadata, feed=kind.feed, now=now, peers=peers
        )
        contexts[name] = ctx
        apps[name] = kind.factory(ctx)
        peers.attach(name, httpx.ASGITransport(app=apps[name]))
    return RegistryBundle(contexts=contexts, apps=apps)
