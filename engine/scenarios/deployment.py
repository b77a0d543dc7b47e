"""A deployment as a scenario reaches it: over HTTP only, with tokens signed by the
deployment's secret (the setting ``PROACTIVE_SECRET``) and a stated purpose on every read of
personal data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from engine.auth.tokens import Principal, issue
from engine.iinmask import mask_iins
from engine.kernel.l10n import KZ_TIME

PURPOSE = "scenario run: choosing and checking the cast"


class DeploymentError(Exception):
    """The deployment refused a step (the message says which call and why)."""


class Deployment:
    def __init__(
        self, base_url: str, secret: str, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.secret = secret
        self.client = httpx.AsyncClient(base_url=self.base_url, transport=transport, timeout=60)
        self._tokens: dict[tuple[str, str, str], str] = {}

    async def close(self) -> None:
        await self.client.aclose()

    def _token(self, kind: str, subject: str, role: str = "officer") -> dict[str, str]:
        key = (kind, subject, role)
        if key not in self._tokens:
            principal = Principal(kind=kind, subject=subject, role=role)  # type: ignore[arg-type]
            self._tokens[key] = issue(principal, self.secret, datetime.now(UTC), timedelta(hours=8))
        return {"Authorization": f"Bearer {self._tokens[key]}"}

    def official(self, agency: str) -> dict[str, str]:
        return self._token("official", agency)

    def citizen(self, iin: str) -> dict[str, str]:
        return self._token("citizen", iin, "citizen")

    def sms_gateway(self) -> dict[str, str]:
        """The SMS centre's service credential (a demo's own SMS centre needs none)."""
        return self._token("official", "digital", "sms_gateway")

    async def registry_read(
        self, registry: str, path: str, params: dict[str, Any] | None = None
    ) -> Any | None:
        """A registry's answer, or None when it does not know the subject (404)."""
        headers = {**self.official("digital"), "X-Purpose": PURPOSE}
        response = await self.client.get(
            f"/registries/{registry}{path}", params=params, headers=headers
        )
        if response.status_code == 404:
            return None
        _check(response, f"GET /registries/{registry}{path}")
        return response.json()

    async def registry_write(
        self, registry: str, agency: str, path: str, body: dict[str, Any], method: str = "POST"
    ) -> dict[str, Any]:
        response = await self.client.request(
            method, f"/registries/{registry}{path}", json=body, headers=self.official(agency)
        )
        _check(response, f"{method} /registries/{registry}{path}")
        answer: dict[str, Any] = response.json()
        return answer

    async def call(
        self,
        method: str,
        path: str,
        headers: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
    ) -> Any:
        response = await self.client.request(
            method, path, json=body, headers=headers, params=params
        )
        _check(response, f"{method} {path.split('?')[0]}")
        return response.json()

    async def today(self) -> str:
        return (await self.local_now()).date().isoformat()

    async def local_now(self) -> datetime:
        """The deployment's simulated clock in Almaty time; a deployment without one (not in
        demo or test mode) runs on the real time."""
        response = await self.client.get("/api/clock")
        if response.status_code == 404:
            return datetime.now(KZ_TIME)
        _check(response, "GET /api/clock")
        return datetime.fromisoformat(response.json()["local"])


def _check(response: httpx.Response, what: str) -> None:
    if response.status_code >= 400:
        reason = f"{what} answered {response.status_code}: {response.text[:300]}"
        raise DeploymentError(mask_iins(reason))
