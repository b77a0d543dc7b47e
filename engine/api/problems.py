"""Every refusal of the engine as an RFC 9457 problem (``application/problem+json``): ``type``,
``title``, ``status``, a stable ``code`` and ``detail``. ``detail`` is the reason as text, except
for 422, where it stays the list of field errors (``loc``, ``msg``, ``type``) that clients of the
first version read; ``errors`` carries the same list with each error's ``field``."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from engine.http_inputs import SafeJSONResponse

PROBLEM_JSON = "application/problem+json"
TYPE_PREFIX = "urn:proactive:engine:problem:"

# one stable code per status: the engine's refusals are told apart by status and detail
CODES = {
    400: "request.bad",
    401: "auth.token_required",
    403: "auth.forbidden",
    404: "not_found",
    405: "request.method_not_allowed",
    409: "state.conflict",
    422: "request.invalid",
    429: "request.too_many",
    500: "engine.failed",
    503: "service.unavailable",
}


class FieldError(BaseModel):
    """One field that did not validate."""

    model_config = ConfigDict(extra="allow")

    loc: list[str | int] = Field(examples=[["body", "from_iin"]])
    msg: str = Field(examples=["the check digit does not match"])
    type: str = Field(examples=["value_error"])
    field: str | None = Field(default=None, examples=["from_iin"])


class Problem(BaseModel):
    """An RFC 9457 problem document (``application/problem+json``)."""

    type: str = Field(examples=["urn:proactive:engine:problem:not_found"])
    title: str = Field(examples=["Not Found"])
    status: int = Field(ge=400, le=599, examples=[404])
    code: str = Field(description="stable code of the refusal", examples=["not_found"])
    detail: str | list[FieldError] = Field(
        description="the reason; for 422 the list of fields at fault",
        examples=["inbox item 7 does not exist"],
    )
    errors: list[FieldError] | None = Field(
        default=None, description="422 only: each field at fault, with its name"
    )


class ProblemResponse(SafeJSONResponse):
    media_type = PROBLEM_JSON


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {
        status: {"model": Problem, "description": HTTPStatus(status).phrase}
        for status in sorted(set(statuses))
    }


def _with_fields(items: list[Any]) -> list[dict[str, Any]]:
    errors = []
    for item in items:
        entry = dict(item) if isinstance(item, dict) else {"msg": str(item)}
        loc = list(entry.get("loc") or [])
        entry["field"] = ".".join(str(part) for part in loc[1:]) or (str(loc[0]) if loc else "")
        errors.append(entry)
    return errors


def problem(
    status: int, detail: str | list[Any], headers: dict[str, str] | None = None
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": TYPE_PREFIX + CODES.get(status, "http.error"),
        "title": HTTPStatus(status).phrase,
        "status": status,
        "code": CODES.get(status, "http.error"),
        "detail": detail,
    }
    if isinstance(detail, list):
        body["errors"] = _with_fields(detail)
    return ProblemResponse(status_code=status, content=body, headers=headers)


async def _invalid_request(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return problem(422, jsonable_encoder(error.errors()))


async def _refused(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    detail = jsonable_encoder(error.detail)
    if not isinstance(detail, str | list):
        detail = str(detail)
    return problem(error.status_code, detail, dict(error.headers or {}))


async def _failed(_request: Request, _error: Exception) -> JSONResponse:
    return problem(500, "the engine failed to answer; the error is in its log")


def answer_with_problems(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(StarletteHTTPException, _refused)
    app.add_exception_handler(Exception, _failed)
