"""The OpenAPI document of a registry: its version (see docs/registries-changelog.md), and its
problems under their own media type."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from mock_registries.common.errors import PROBLEM_JSON

API_VERSION = "2.0.0"


def registry_openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        document = get_openapi(
            title=app.title,
            version=API_VERSION,
            description=app.description,
            routes=app.routes,
        )
        for operation in _operations(document):
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if int(status) >= 400 and "application/json" in content:
                    response["content"] = {PROBLEM_JSON: content["application/json"]}
        app.openapi_schema = document
    return app.openapi_schema


def _operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [op for path in document.get("paths", {}).values() for op in path.values()]
