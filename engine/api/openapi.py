"""The engine's OpenAPI document and version: ``API-Version`` on every answer and
``info.version`` in the document (see docs/api.md), problems under their own media type."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from engine.api.problems import PROBLEM_JSON

API_VERSION = "1.0.0"
_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
_VALIDATION_REF = {"$ref": "#/components/schemas/HTTPValidationError"}


def engine_openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        document = get_openapi(
            title=app.title,
            version=API_VERSION,
            description=app.description,
            routes=app.routes,
        )
        for operation in _operations(document):
            operation["responses"].setdefault(
                "500",
                {
                    "description": "Internal Server Error",
                    "content": {"application/json": {"schema": _PROBLEM_REF}},
                },
            )
            for status, response in operation["responses"].items():
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                if int(status) >= 400 and schema in (_PROBLEM_REF, _VALIDATION_REF):
                    response["content"] = {PROBLEM_JSON: {"schema": _PROBLEM_REF}}
        schemas = document.get("components", {}).get("schemas", {})
        for unused in ("HTTPValidationError", "ValidationError"):
            schemas.pop(unused, None)
        app.openapi_schema = document
    return app.openapi_schema


def _operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [op for path in document.get("paths", {}).values() for op in path.values()]


class VersionHeader:
    """Adds ``API-Version`` to every answer, streams included; a mounted registry's answer
    keeps its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_version(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"api-version" for name, _ in headers):
                    headers.append((b"api-version", API_VERSION.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_version)
