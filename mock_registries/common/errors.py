"""Validation errors in the shape FastAPI itself uses: which field, and why."""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException


class FieldError(HTTPException):
    """422 naming the field (of the body, or ``where`` else) and the reason."""

    def __init__(
        self, field: str, message: str, kind: str = "value_error", *, where: str = "body"
    ) -> None:
        detail: list[dict[str, Any]] = [{"loc": [where, field], "msg": message, "type": kind}]
        super().__init__(status_code=422, detail=detail)


class NotFound(HTTPException):
    def __init__(self, what: str) -> None:
        super().__init__(status_code=404, detail=what)
