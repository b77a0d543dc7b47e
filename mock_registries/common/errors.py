"""Validation errors in the shape FastAPI itself uses: which field, and why."""

from __future__ import annotations

import math
from typing import Any

from fastapi import HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse


class FieldError(HTTPException):
    """422 naming the field (of the body, or ``where`` else) and the reason."""

    def __init__(
        self, field: str, message: str, kind: str = "value_error", *, where: str = "body"
    ) -> None:
        detail: list[dict[str, Any]] = [{"loc": [where, field], "msg": message, "type": kind}]
        super().__init__(status_code=422, detail=detail)


class AlreadyRegistered(HTTPException):
    """409: the same act was registered before (a request repeated without an
    Idempotency-Key after its answer was lost); nothing is written twice."""

    def __init__(self, what: str, act_id: int | None, advice: str = "") -> None:
        detail = f"this {what} is already registered (act {act_id})"
        super().__init__(status_code=409, detail=detail + (f"; {advice}" if advice else ""))


class NotFound(HTTPException):
    def __init__(self, what: str) -> None:
        super().__init__(status_code=404, detail=what)


def _json_safe(value: Any) -> Any:
    """A value that JSON can carry: non-finite numbers (``Infinity`` is accepted on input by
    Python's parser) are shown as text instead of breaking the answer."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


async def validation_error(_request: Request, error: Exception) -> JSONResponse:
    """422 for a body or parameter that does not validate, whatever the client sent."""
    assert isinstance(error, RequestValidationError)
    detail = [
        {
            key: _json_safe(jsonable_encoder(problem.get(key)))
            for key in ("type", "loc", "msg", "input")
        }
        for problem in error.errors()
    ]
    return JSONResponse(status_code=422, content={"detail": detail})
