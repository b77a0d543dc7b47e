"""What a registry app needs at run time: its database, its feed, its clock, its peers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import httpx
from sqlalchemy import Engine, MetaData

from mock_registries.common.feed import FeedNotifier, FeedTables, ensure_counter


class Peers:
    """How one registry reaches another over HTTP: by base URL, or in the same process through
    an ASGI transport (still real HTTP requests, without a socket)."""

    def __init__(self, base_url: str = "http://127.0.0.1:8000/registries") -> None:
        self.base_url = base_url.rstrip("/")
        self._transports: dict[str, httpx.AsyncBaseTransport] = {}

    def attach(self, registry: str, transport: httpx.AsyncBaseTransport) -> None:
        self._transports[registry] = transport

    def client(self, registry: str) -> httpx.AsyncClient:
        transport = self._transports.get(registry)
        if transport is not None:
            return httpx.AsyncClient(
                transport=transport, base_url=f"http://{registry}.registry", timeout=10
            )
        return httpx.AsyncClient(base_url=f"{self.base_url}/{registry}", timeout=10)


@dataclass
class RegistryContext:
    name: str
    engine: Engine
    metadata: MetaData
    feed: FeedTables
    now: Callable[[], datetime]
    peers: Peers
    notifier: FeedNotifier = field(default_factory=FeedNotifier)

    def create_schema(self) -> None:
        self.metadata.create_all(self.engine)
        with self.engine.begin() as conn:
            ensure_counter(conn, self.feed)
