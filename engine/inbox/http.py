"""Turning inbox errors into the API's error shapes."""

from __future__ import annotations

from fastapi import HTTPException

from engine.inbox.errors import InboxError, Invalid


def http_error(error: InboxError) -> HTTPException:
    if isinstance(error, Invalid):
        return HTTPException(
            status_code=422,
            detail=[{"loc": ["body", error.field], "msg": error.detail, "type": error.kind}],
        )
    return HTTPException(status_code=error.status_code, detail=error.detail)
