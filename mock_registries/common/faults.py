"""Faults on demand: what real registries do on a bad day, switched on per registry in demo
and test mode.

Transport faults (every endpoint but ``/_faults`` and ``/health``): latency, a share of
requests failing with 500 or 503 before anything is done, a share of writes failing with 500
after they were committed, and a full outage. Feed faults:
events delivered twice (within the page, or again on the next page) and events out of order
within a page. Data-quality faults: optional fields missing from lookup answers, and new IINs
whose date part is not the birth date (legal since 2013).

Every random choice comes from one ``random.Random`` per registry, seeded from the fault
settings, so a test that sets a seed sees the same faults every time.
"""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mock_registries.common.errors import language_of_scope, problem_body


class FaultSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    error_rate: float = Field(default=0.0, ge=0, le=1, description="share of requests failing")
    latency_ms: int = Field(default=0, ge=0, le=60_000, description="delay before each answer")
    duplicate_rate: float = Field(
        default=0.0, ge=0, le=1, description="share of feed events delivered twice"
    )
    reorder: bool = Field(default=False, description="feed events shuffled within a page")
    outage: bool = Field(default=False, description="503 on everything but _faults and health")
    missing_fields_rate: float = Field(
        default=0.0, ge=0, le=1, description="share of optional fields left out of lookups"
    )
    iin_date_mismatch_rate: float = Field(
        default=0.0,
        ge=0,
        le=1,
        description="share of new IINs whose date part differs from the birth date",
    )
    written_then_failed_rate: float = Field(
        default=0.0,
        ge=0,
        le=1,
        description="share of writes committed and then answered with 500",
    )
    rate_limited_rate: float = Field(
        default=0.0, ge=0, le=1, description="share of requests answered 429 (rate limited)"
    )
    seed: int | None = Field(default=None, description="seed of the fault dice")

    @property
    def active(self) -> bool:
        return self != FaultSettings(seed=self.seed)


class FaultState:
    """The faults in force in one registry, and their dice."""

    def __init__(self, seed: int = 0) -> None:
        self._lock = threading.Lock()
        self._default_seed = seed
        self._rng = random.Random(seed)
        self.settings = FaultSettings()

    def set(self, settings: FaultSettings) -> None:
        with self._lock:
            self.settings = settings
            self._rng.seed(self._default_seed if settings.seed is None else settings.seed)

    def reset(self) -> None:
        self.set(FaultSettings())

    def chance(self, rate: float) -> bool:
        if rate <= 0:
            return False
        with self._lock:
            return self._rng.random() < rate

    def pick(self, count: int) -> int:
        with self._lock:
            return self._rng.randrange(count)

    def shuffle(self, items: list[Any]) -> None:
        with self._lock:
            self._rng.shuffle(items)

    def distort_page(self, events: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
        """The page as a faulty registry delivers it, and how many of the original events
        count as delivered (fewer when the last one is to come again on the next page)."""
        settings = self.settings
        delivered = len(events)
        page = list(events)
        if settings.duplicate_rate > 0:
            for event in events:
                if self.chance(settings.duplicate_rate):
                    page.insert(self.pick(len(page) + 1), event)
            if len(events) >= 2 and self.chance(settings.duplicate_rate):
                delivered -= 1  # the cursor lags: the last event comes again next time
        if settings.reorder:
            self.shuffle(page)
        return page, delivered

    def strip_optional(self, record: dict[str, Any], optional: frozenset[str]) -> None:
        rate = self.settings.missing_fields_rate
        for field in [key for key in record if key in optional]:
            if self.chance(rate):
                del record[field]


Sleep = Callable[[float], Awaitable[None]]

EXEMPT_PATHS = ("/_faults", "/health")
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
FAULT_RETRY_AFTER = 2  # seconds a simulated rate limit asks the client to wait
UNTOUCHED_BY_DATA_FAULTS = ("/changes", "/_access-log", "/openapi.json", "/docs")


def _relative_path(scope: Scope) -> str:
    path: str = scope.get("path", "")
    root: str = scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root) :]
    return path or "/"


class FaultMiddleware:
    """Applies a registry's transport and data-quality faults to its HTTP traffic."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        registry: str,
        faults: FaultState,
        optional_fields: frozenset[str],
        sleep: Callable[[], Sleep],
    ) -> None:
        self.app = app
        self.registry = registry
        self.faults = faults
        self.optional_fields = optional_fields
        self.sleep = sleep

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        settings = self.faults.settings
        if scope["type"] != "http" or not settings.active:
            await self.app(scope, receive, send)
            return
        path = _relative_path(scope)
        if path.startswith(EXEMPT_PATHS):
            await self.app(scope, receive, send)
            return
        if settings.latency_ms:
            await self.sleep()(settings.latency_ms / 1000)
        if settings.outage:
            await self._answer(scope, send, 503, "fault.outage")
            return
        if self.faults.chance(settings.error_rate):
            status = 500 if self.faults.chance(0.5) else 503
            await self._answer(scope, send, status, "fault.error")
            return
        if self.faults.chance(settings.rate_limited_rate):
            await self._answer(scope, send, 429, "fault.rate_limited", FAULT_RETRY_AFTER)
            return
        if scope.get("method") in WRITE_METHODS and settings.written_then_failed_rate > 0:
            await self._written_then_failed(scope, receive, send)
            return
        degrade = (
            settings.missing_fields_rate > 0
            and scope.get("method") == "GET"
            and not path.startswith(UNTOUCHED_BY_DATA_FAULTS)
        )
        if not degrade:
            await self.app(scope, receive, send)
            return
        await self._degraded(scope, receive, send)

    async def _answer(
        self, scope: Scope, send: Send, status: int, code: str, retry_after: int = 1
    ) -> None:
        lang = language_of_scope(scope)
        params = {"registry": self.registry, "retry_after": retry_after}
        body = problem_body(status, code, lang, params)
        await send_problem(send, body, lang, retry_after)

    async def _written_then_failed(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The write runs and commits; a share of its successful answers is lost to a 500."""
        start: Message | None = None

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            assert start is not None
            if start["status"] >= 300 or not self.faults.chance(
                self.faults.settings.written_then_failed_rate
            ):
                await send(start)
                await send(message)
                return
            await self._answer(scope, send, 500, "fault.written_then_failed")

        await self.app(scope, receive, capture)

    async def _degraded(self, scope: Scope, receive: Receive, send: Send) -> None:
        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    assert start is not None
                    await self._send_degraded(send, start, b"".join(chunks))

        await self.app(scope, receive, capture)

    async def _send_degraded(self, send: Send, start: Message, body: bytes) -> None:
        if start["status"] == 200:
            try:
                data = json.loads(body)
            except ValueError:
                data = None
            if data is not None:
                self._strip(data)
                body = json.dumps(data, ensure_ascii=False).encode()
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _strip(self, data: Any) -> None:
        if isinstance(data, dict):
            self.faults.strip_optional(data, self.optional_fields)
            for value in data.values():
                if isinstance(value, list | dict):
                    self._strip(value)
        elif isinstance(data, list):
            for item in data:
                self._strip(item)


async def send_problem(
    send: Send, problem: dict[str, Any], lang: str, retry_after: int = 1
) -> None:
    """A problem answered straight from the middleware, advising when to retry."""
    body = json.dumps(problem, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": problem["status"],
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
                (b"content-language", lang.encode()),
                (b"retry-after", str(retry_after).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
