"""What a registry app needs at run time: its database, its feed, its clock, its peers, who
may write to it, and the faults in force."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import httpx
from sqlalchemy import Engine, MetaData, inspect

from engine.config import DEFAULT_SECRET
from mock_registries.common.auth import gateway_headers
from mock_registries.common.faults import FaultState, Sleep
from mock_registries.common.feed import FeedNotifier, FeedTables, ensure_counter
from mock_registries.common.gateway import GatewaySettings, RateLimiter
from mock_registries.common.tables import (
    RegistryTables,
    check_schema_version,
    ensure_incarnation,
)

PEER_TIMEOUT_SECONDS = 10.0


class Peers:
    """How one registry reaches another over HTTP: by base URL, or in the same process through
    an ASGI transport (still real HTTP requests, without a socket)."""

    def __init__(self, base_url: str = "http://127.0.0.1:8000/registries") -> None:
        self.base_url = base_url.rstrip("/")
        self._transports: dict[str, httpx.AsyncBaseTransport] = {}

    def attach(self, registry: str, transport: httpx.AsyncBaseTransport) -> None:
        self._transports[registry] = transport

    def client(self, registry: str, headers: dict[str, str] | None = None) -> httpx.AsyncClient:
        transport = self._transports.get(registry)
        if transport is not None:
            return httpx.AsyncClient(
                transport=transport,
                base_url=f"http://{registry}.registry",
                timeout=PEER_TIMEOUT_SECONDS,
                headers=headers,
            )
        return httpx.AsyncClient(
            base_url=f"{self.base_url}/{registry}", timeout=PEER_TIMEOUT_SECONDS, headers=headers
        )


@dataclass
class RegistryContext:
    name: str
    engine: Engine
    metadata: MetaData
    tables: RegistryTables
    now: Callable[[], datetime]
    peers: Peers
    writers: tuple[str, ...]
    secret: str = DEFAULT_SECRET
    demo_features: bool = False
    faults_remote: bool = False  # fault switches answer callers beyond loopback
    optional_fields: frozenset[str] = frozenset()
    notifier: FeedNotifier = field(default_factory=FeedNotifier)
    faults: FaultState = field(default_factory=FaultState)
    sleep: Sleep = asyncio.sleep
    gateway: GatewaySettings = field(default_factory=lambda: GatewaySettings(clients=[]))
    limiter: RateLimiter = field(default_factory=lambda: RateLimiter(0))
    incarnation: str = ""  # set when the schema is made: see ``ensure_incarnation``

    @property
    def feed(self) -> FeedTables:
        return self.tables.feed

    @property
    def agency(self) -> str:
        """The agency that owns this registry."""
        return self.writers[0]

    def peer(self, registry: str, purpose: str) -> httpx.AsyncClient:
        """A client of another registry, through the gateway, on behalf of this one."""
        return self.peers.client(registry, gateway_headers(self.secret, self.agency, purpose))

    def create_schema(self) -> None:
        with self.engine.begin() as conn:
            existing = set(inspect(conn).get_table_names())
            missing = [t for t in self.metadata.sorted_tables if t.name not in existing]
            if missing:
                self.metadata.create_all(conn, tables=missing, checkfirst=False)
            check_schema_version(conn, self.tables, self.name)
            ensure_counter(conn, self.feed)
            self.incarnation = ensure_incarnation(conn, self.tables)
