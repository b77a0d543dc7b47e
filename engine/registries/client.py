"""The engine's HTTP client for the registries: feeds and lookups."""

from __future__ import annotations

import asyncio
import weakref
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx

from engine.iinmask import mask_iins, mask_library_loggers


class RegistryUnavailable(RuntimeError):
    """A registry did not answer usefully; the work is retried later."""


@dataclass(frozen=True)
class FeedPage:
    events: list[dict[str, Any]]
    next_cursor: str


def _problem(response: httpx.Response) -> str:
    """The refusal's code and message when the registry says why (a problem document), for
    the feed's error record: a refused cursor reads "feed.cursor_stale: ..."."""
    try:
        problem = response.json()
    except ValueError:
        return ""
    if not isinstance(problem, dict) or "code" not in problem:
        return ""
    return f" {problem['code']}: {problem.get('detail', '')}"


class RegistryClient:
    """One client for every registry, addressed by name under a base URL; tests and the
    embedded demo may route a registry to an in-process ASGI transport instead."""

    def __init__(
        self,
        base_url: str,
        transports: dict[str, httpx.AsyncBaseTransport] | None = None,
        timeout: float = 40.0,
        token: str | None = None,
    ) -> None:
        # httpx logs the URL of every request, and lookups carry IINs in their paths
        mask_library_loggers()
        self.base_url = base_url.rstrip("/")
        self.transports = dict(transports or {})
        self.timeout = timeout
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._clients: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, dict[str, httpx.AsyncClient]
        ] = weakref.WeakKeyDictionary()

    def _client(self, registry: str) -> httpx.AsyncClient:
        """A pooled client per event loop and registry, so that connections are reused."""
        loop = asyncio.get_running_loop()
        clients = self._clients.setdefault(loop, {})
        client = clients.get(registry)
        if client is None or client.is_closed:
            client = self._new_client(registry)
            clients[registry] = client
        return client

    def _new_client(self, registry: str) -> httpx.AsyncClient:
        transport = self.transports.get(registry)
        if transport is not None:
            return httpx.AsyncClient(
                transport=transport,
                base_url=f"http://{registry}.registry",
                timeout=self.timeout,
                headers=self.headers,
            )
        return httpx.AsyncClient(
            base_url=f"{self.base_url}/{registry}",
            timeout=self.timeout,
            headers=self.headers,
            limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
        )

    async def changes(self, registry: str, after: str, limit: int, wait: float) -> FeedPage:
        params: dict[str, str | int | float] = {"limit": limit, "wait": wait}
        if after:
            params["after"] = after
        try:
            response = await self._client(registry).get("/changes", params=params)
        except httpx.HTTPError as error:
            raise RegistryUnavailable(f"{registry}: {error!r}") from error
        if response.status_code != 200:
            raise RegistryUnavailable(
                f"{registry} feed answered {response.status_code}{_problem(response)}"
            )
        body = response.json()
        return FeedPage(events=list(body["events"]), next_cursor=str(body["next"]))

    async def lookup(
        self,
        registry: str,
        path: str,
        *,
        purpose: str | None = None,
        on_behalf_of: str | None = None,
    ) -> dict[str, Any] | None:
        """A record from a registry, or None when it has none (404). ``purpose`` and
        ``on_behalf_of`` (an agency code) go to the registry for the citizen's access log."""
        headers = {}
        if purpose:
            headers["X-Purpose"] = purpose
        if on_behalf_of:
            headers["X-On-Behalf-Of"] = on_behalf_of
        try:
            response = await self._client(registry).get(path, headers=headers)
        except httpx.HTTPError as error:
            raise RegistryUnavailable(f"{registry}: {error!r}") from error
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise RegistryUnavailable(
                f"{registry} answered {response.status_code} for {mask_iins(path)}"
            )
        record: dict[str, Any] = response.json()
        return record

    async def persons_born_between(
        self, born_from: date, born_to: date, *, sex: str | None, offset: int, limit: int
    ) -> list[dict[str, Any]]:
        """Living persons born in [born_from, born_to], through the registry's birth-date
        index (used by the milestone job)."""
        params: dict[str, str | int] = {
            "born_from": born_from.isoformat(),
            "born_to": born_to.isoformat(),
            "alive": "true",
            "offset": offset,
            "limit": limit,
        }
        if sex:
            params["sex"] = sex
        try:
            response = await self._client("population").get(
                "/persons", params=params, headers={"X-Purpose": "time milestones"}
            )
        except httpx.HTTPError as error:
            raise RegistryUnavailable(f"population: {error!r}") from error
        if response.status_code != 200:
            raise RegistryUnavailable(f"population answered {response.status_code} for /persons")
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    async def person(
        self, iin: str, purpose: str = "Checking a person's record"
    ) -> dict[str, Any] | None:
        return await self.lookup("population", f"/persons/{iin}", purpose=purpose)
