"""A registry client that records each read of a citizen's record in the engine's own table,
so the citizen can see it even where a registry keeps no access log of its own."""

from __future__ import annotations

import logging
import re
from typing import Any

import httpx
from sqlalchemy import Engine

from engine.audit.models import DataAccess
from engine.clock import Clock
from engine.db import transaction
from engine.registries.client import RegistryClient

log = logging.getLogger("engine.audit")

_IIN_IN_PATH = re.compile(r"(?<!\d)\d{12}(?!\d)")
NOT_STATED = "not stated"
ENGINE_AGENCY = "digital"


def iins_in(path: str) -> list[str]:
    """The IINs a lookup path names (``/persons/{iin}``, ``/obligations?iin=...``)."""
    return list(dict.fromkeys(_IIN_IN_PATH.findall(path)))


class RecordingRegistryClient(RegistryClient):
    def __init__(
        self,
        base_url: str,
        transports: dict[str, httpx.AsyncBaseTransport] | None = None,
        timeout: float = 40.0,
        token: str | None = None,
        *,
        db: Engine,
        clock: Clock,
    ) -> None:
        super().__init__(base_url, transports, timeout, token)
        self._db = db
        self._clock = clock

    async def lookup(
        self,
        registry: str,
        path: str,
        *,
        purpose: str | None = None,
        on_behalf_of: str | None = None,
    ) -> dict[str, Any] | None:
        record = await super().lookup(registry, path, purpose=purpose, on_behalf_of=on_behalf_of)
        if not path.startswith("/_"):
            self._record(registry, path, purpose, on_behalf_of)
        return record

    def _record(
        self, registry: str, path: str, purpose: str | None, on_behalf_of: str | None
    ) -> None:
        iins = iins_in(path)
        if not iins:
            return
        now = self._clock.now()
        with transaction(self._db) as session:
            for iin in iins:
                session.add(
                    DataAccess(
                        iin=iin,
                        registry_name=registry,
                        path=path[:255],
                        agency=on_behalf_of or ENGINE_AGENCY,
                        purpose=(purpose or NOT_STATED)[:255],
                        at=now,
                    )
                )
