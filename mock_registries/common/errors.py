"""Every refusal of a registry as an RFC 9457 problem (``application/problem+json``): a stable
``code`` (also the end of ``type``), the field at fault, and ``detail``, a message in the
language the client asked for (``?lang=`` or ``Accept-Language``: kk, ru or en)."""

from __future__ import annotations

import math
from http import HTTPStatus
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from mock_registries.common.messages import DEFAULT_LANGUAGE, LANGUAGES, MESSAGES, message

PROBLEM_JSON = "application/problem+json"
TYPE_PREFIX = "urn:proactive:registries:problem:"


class Problem(Exception):
    """A refusal: its HTTP status, its code, the values its message names, and the field at
    fault when there is one (``where`` is body, query, path or header)."""

    def __init__(
        self,
        status: int,
        code: str,
        *,
        field: str | None = None,
        where: str = "body",
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
        **params: Any,
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.field = field
        self.where = where
        self.headers = headers or {}
        self.extra = extra or {}
        self.params = params


class FieldError(Problem):
    """422 naming the field and the reason."""

    def __init__(self, field: str, code: str, *, where: str = "body", **params: Any) -> None:
        super().__init__(422, code, field=field, where=where, **params)


class AlreadyRegistered(Problem):
    """409: the same act was registered before; ``existing`` is that act (with its
    ``act_id``). Nothing is written twice."""

    def __init__(self, what: str, existing: dict[str, Any]) -> None:
        super().__init__(
            409, f"{what}.duplicate", extra={"existing": existing}, act_id=existing["act_id"]
        )


class NotFound(Problem):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(404, code, **params)


def language(query_lang: str | None, accept_language: str | None) -> str:
    """``?lang=`` first, then the best of ``Accept-Language`` among kk, ru and en."""
    if query_lang in LANGUAGES:
        return query_lang
    ranked: list[tuple[float, str]] = []
    for part in (accept_language or "").split(","):
        tag, _, weight = part.strip().partition(";q=")
        try:
            quality = float(weight) if weight else 1.0
        except ValueError:
            continue
        primary = tag.split("-")[0].lower()
        if primary in LANGUAGES and quality > 0:
            ranked.append((quality, primary))
    return max(ranked, key=lambda item: item[0])[1] if ranked else DEFAULT_LANGUAGE


def language_of_scope(scope: Scope) -> str:
    request = Request(scope)
    return language(request.query_params.get("lang"), request.headers.get("accept-language"))


def _json_safe(value: Any) -> Any:
    """A value that JSON can carry (``Infinity`` is accepted on input by Python's parser)."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _item(code: str, loc: list[Any], params: dict[str, Any], lang: str) -> dict[str, Any]:
    return {
        "code": code,
        "field": ".".join(str(part) for part in loc[1:]) or str(loc[0]),
        "loc": loc,
        "message": message(code, lang, params),
        "params": _json_safe(params),
    }


def problem_body(
    status: int,
    code: str,
    lang: str,
    params: dict[str, Any],
    *,
    errors: list[dict[str, Any]] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": TYPE_PREFIX + code,
        "title": HTTPStatus(status).phrase,
        "status": status,
        "code": code,
        "detail": message(code, lang, params),
        "params": _json_safe(params),
    }
    if errors:
        if len(errors) == 1:
            body["field"] = errors[0]["field"]
            body["loc"] = errors[0]["loc"]
        body["errors"] = errors
    return {**body, **_json_safe(extra or {})}


def problem_response(
    body: dict[str, Any], lang: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        status_code=body["status"],
        content=body,
        media_type=PROBLEM_JSON,
        headers={"Content-Language": lang, **(headers or {})},
    )


def _request_language(request: Request) -> str:
    return language(request.query_params.get("lang"), request.headers.get("accept-language"))


async def problem_handler(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, Problem)
    lang = _request_language(request)
    errors = None
    if error.field is not None:
        errors = [_item(error.code, [error.where, error.field], error.params, lang)]
    body = problem_body(
        error.status, error.code, lang, error.params, errors=errors, extra=error.extra
    )
    return problem_response(body, lang, error.headers)


def _validation_code(problem: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    kind = str(problem.get("type", ""))
    context = dict(problem.get("ctx") or {})
    if "." in kind and kind in MESSAGES:  # one of ours (PydanticCustomError)
        return kind, context
    if kind.startswith("date_"):
        return "request.date", {}
    if f"request.{kind}" in MESSAGES:
        return f"request.{kind}", context
    return "request.other", {"reason": problem.get("msg", kind)}


async def validation_handler(request: Request, error: Exception) -> JSONResponse:
    """422 for a body or parameter that does not validate, whatever the client sent."""
    assert isinstance(error, RequestValidationError)
    lang = _request_language(request)
    errors = []
    for problem in error.errors():
        code, params = _validation_code(problem)
        errors.append(_item(code, list(problem.get("loc", ["body"])), params, lang))
    summary = "; ".join(f"{item['field']}: {item['message']}" for item in errors)
    body = problem_body(422, "request.invalid", lang, {"summary": summary}, errors=errors)
    return problem_response(body, lang)


async def http_handler(request: Request, error: Exception) -> JSONResponse:
    """What the framework itself refuses (an unknown path, a method not allowed)."""
    assert isinstance(error, StarletteHTTPException)
    codes = {404: "http.not_found", 405: "http.method_not_allowed"}
    code = codes.get(error.status_code, "http.error")
    lang = _request_language(request)
    body = problem_body(error.status_code, code, lang, {"reason": error.detail})
    return problem_response(body, lang, dict(error.headers or {}))
