"""What can go wrong with a citizen's action, each mapped to its HTTP status by the routes."""

from __future__ import annotations


class InboxError(Exception):
    status_code = 400

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(InboxError):
    status_code = 404


class Forbidden(InboxError):
    status_code = 403


class Conflict(InboxError):
    status_code = 409


class Invalid(InboxError):
    """Bad input in a named field (422 with the field's location)."""

    status_code = 422

    def __init__(self, field: str, detail: str, kind: str = "value_error") -> None:
        super().__init__(detail)
        self.field = field
        self.kind = kind
