"""The e-government gateway in front of every registry: who may call (officials of known
agencies and registered integrators, each read with its purpose), how often (a rate per
client, over which it answers 429 with ``Retry-After``), a correlation id (``X-Request-Id``)
and the API's version on every answer."""

from __future__ import annotations

import math
import re
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mock_registries.common.auth import NOT_STATED, Caller
from mock_registries.common.errors import Problem
from mock_registries.common.openapi import API_VERSION

INTEGRATOR_ROLE_PREFIX = "integrator:"
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class IntegratorClient(BaseModel):
    """A registered integrator: its token is an official token of ``agency`` with the role
    ``integrator:ID``."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]{0,62}$")
    agency: str
    registries: list[str] = Field(description="the registries it may read")
    purposes: list[str] = Field(description="the purposes it may read for")


class GatewaySettings(BaseSettings):
    """From the environment: ``PROACTIVE_REGISTRY_CLIENTS`` (a JSON list of integrators) and
    ``PROACTIVE_REGISTRY_RATE_LIMIT`` (requests a minute per client and registry; 0: none)."""

    model_config = SettingsConfigDict(env_prefix="PROACTIVE_REGISTRY_", extra="ignore")

    clients: list[IntegratorClient] = Field(default_factory=list)
    rate_limit: int = Field(default=0, ge=0)

    def client(self, client_id: str) -> IntegratorClient | None:
        return next((c for c in self.clients if c.id == client_id), None)


class RateLimiter:
    """At most ``per_minute`` requests of one client in any minute (a sliding window)."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._lock = threading.Lock()
        self._seen: dict[str, deque[float]] = {}

    def retry_after(self, client: str) -> int | None:
        """None when the request may go on; else the seconds until it may."""
        if self.per_minute <= 0:
            return None
        now = self._clock()
        with self._lock:
            seen = self._seen.setdefault(client, deque())
            while seen and seen[0] <= now - 60:
                seen.popleft()
            if len(seen) < self.per_minute:
                seen.append(now)
                return None
            return max(1, math.ceil(seen[0] + 60 - now))


def admit(
    registry: str,
    settings: GatewaySettings,
    limiter: RateLimiter,
    caller: Caller,
    *,
    read: bool,
    default_purpose: str | None = None,
) -> Caller:
    """Let a caller through the gateway, or refuse: an integrator only to the registries and
    for the purposes it is registered for, and never to write; every read with its purpose;
    no client more often than the rate."""
    if caller.role.startswith(INTEGRATOR_ROLE_PREFIX):
        _check_integrator(registry, settings, caller, read)
    if read and caller.purpose == NOT_STATED:
        if default_purpose is None:
            raise Problem(422, "purpose.missing", field="X-Purpose", where="header")
        caller = replace(caller, purpose=default_purpose)
    wait = limiter.retry_after(caller.caller)
    if wait is not None:
        raise Problem(
            429,
            "rate.limited",
            headers={"Retry-After": str(wait)},
            limit=limiter.per_minute,
            retry_after=wait,
        )
    return caller


def _check_integrator(registry: str, settings: GatewaySettings, caller: Caller, read: bool) -> None:
    client_id = caller.role.removeprefix(INTEGRATOR_ROLE_PREFIX)
    client = settings.client(client_id)
    if client is None or client.agency != caller.subject:
        raise Problem(403, "auth.integrator_unknown", client=client_id)
    if not read:
        raise Problem(403, "auth.integrator_reads_only", client=client_id)
    if registry not in client.registries:
        raise Problem(403, "auth.registry_not_allowed", client=client_id, registry=registry)
    if caller.purpose not in client.purposes:
        raise Problem(
            403,
            "purpose.not_allowed",
            field="X-Purpose",
            where="header",
            client=client_id,
            purposes=client.purposes,
        )


class GatewayMiddleware:
    """Takes the client's ``X-Request-Id`` (or makes one) for the access log, and answers
    with it and with ``API-Version``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers", [])).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[Any] = list(message.get("headers", []))
                headers += [
                    (b"x-request-id", request_id.encode()),
                    (b"api-version", API_VERSION.encode()),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
