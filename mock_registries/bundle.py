"""All mock registries of one process: each its own app and database, reaching the others over
HTTP (in process through ASGI transports, so no socket is needed)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import httpx
from fastapi import APIRouter, FastAPI
from sqlalchemy import MetaData

from engine.config import DEFAULT_SECRET
from mock_registries.civil import models as civil
from mock_registries.civil.app import civil_routers
from mock_registries.common.app import create_registry_app
from mock_registries.common.context import Peers, RegistryContext
from mock_registries.common.database import make_registry_engine
from mock_registries.common.faults import FaultSettings, FaultState
from mock_registries.common.tables import RegistryTables
from mock_registries.population import models as population
from mock_registries.population.app import population_routers


@dataclass(frozen=True)
class RegistryKind:
    title: str
    metadata: MetaData
    tables: RegistryTables
    writers: tuple[str, ...]  # agencies whose officials may write; the first owns it
    optional_fields: frozenset[str]
    routers: Callable[[RegistryContext], list[APIRouter]]


KINDS: dict[str, RegistryKind] = {
    "population": RegistryKind(
        "Population registry (ГБД ФЛ)",
        population.PopulationTable.metadata,
        population.TABLES,
        population.WRITERS,
        population.OPTIONAL_FIELDS,
        population_routers,
    ),
    "civil": RegistryKind(
        "Civil-status registry (ЗАГС)",
        civil.CivilTable.metadata,
        civil.TABLES,
        civil.WRITERS,
        civil.OPTIONAL_FIELDS,
        civil_routers,
    ),
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
    secret: str = DEFAULT_SECRET,
    demo_features: bool = False,
    faults: FaultSettings | None = None,
    fault_seed: int = 0,
) -> RegistryBundle:
    """The registries named in ``only`` (default: all), each on its own database. Registries
    not built here are reached over HTTP at ``peers_url``. ``faults`` are switched on in every
    registry built (demo and test mode only)."""
    names = only or list(KINDS)
    unknown = [name for name in names if name not in KINDS]
    if unknown:
        raise ValueError(f"unknown registries {unknown}; known: {', '.join(KINDS)}")
    if faults is not None and faults.active and not demo_features:
        raise ValueError("faults exist only in demo and test mode (PROACTIVE_MODE=demo)")
    peers = Peers(peers_url)
    contexts: dict[str, RegistryContext] = {}
    apps: dict[str, FastAPI] = {}
    for name in names:
        kind = KINDS[name]
        ctx = RegistryContext(
            name=name,
            engine=make_registry_engine(database_url_for(name)),
            metadata=kind.metadata,
            tables=kind.tables,
            now=now,
            peers=peers,
            writers=kind.writers,
            secret=secret,
            demo_features=demo_features,
            optional_fields=kind.optional_fields,
            faults=FaultState(fault_seed),
        )
        if faults is not None:
            ctx.faults.set(faults)
        contexts[name] = ctx
        apps[name] = create_registry_app(ctx, kind.title, kind.routers(ctx))
        peers.attach(name, httpx.ASGITransport(app=apps[name]))
    return RegistryBundle(contexts=contexts, apps=apps)
