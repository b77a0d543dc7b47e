"""Who is calling a registry: bearer tokens of officials, verified with the shared secret.

Writes need an official of the agency that owns the registry; reads of personal data and the
change feed need any official. The engine (role ``engine``) and the registries among
themselves (role ``gateway``, through the e-government gateway run by the digital ministry)
name the agency they act for in ``X-On-Behalf-Of``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.security import HTTPAuthorizationCredentials

from engine.auth.tokens import InvalidToken, Principal, issue, verify
from engine.config import AGENCY_CODES
from mock_registries.common.errors import Problem

INTERMEDIARY_ROLES = ("engine", "gateway")
SIMULATOR_ROLE = "simulator"  # the demo's scenario choosing people; its reads are not recorded
GATEWAY_AGENCY = "digital"
NOT_STATED = "not stated"


@dataclass(frozen=True)
class Caller:
    agency: str  # the agency the read or write is recorded under
    caller: str  # who presented the token, "agency/role"
    purpose: str
    recorded: bool = True  # False for the demo's simulator: no agency read anything
    subject: str = ""  # the token's own agency
    role: str = "officer"
    request_id: str = ""


def official_token(secret: str, agency: str, role: str = "officer", days: int = 3650) -> str:
    """A bearer token of an official (demo tools and the registries' own gateway calls)."""
    principal = Principal(kind="official", subject=agency, role=role)
    return issue(principal, secret, datetime.now(UTC), timedelta(days=days))


def gateway_headers(secret: str, on_behalf_of: str, purpose: str) -> dict[str, str]:
    token = official_token(secret, GATEWAY_AGENCY, role="gateway")
    return {
        "Authorization": f"Bearer {token}",
        "X-On-Behalf-Of": on_behalf_of,
        "X-Purpose": purpose,
    }


def _unauthorised(code: str, **params: Any) -> Problem:
    return Problem(401, code, headers={"WWW-Authenticate": "Bearer"}, **params)


def identify(
    registry: str,
    secret: str,
    credentials: HTTPAuthorizationCredentials | None,
    on_behalf_of: str | None,
    purpose: str | None,
    writers: tuple[str, ...] | None,
    simulation: bool = False,
) -> Caller:
    """The caller behind a bearer token: any official (``writers`` None) or only officials of
    the given agencies. A write is judged by the token's own agency, never by the agency an
    intermediary says it acts for. With ``simulation`` (demo and test mode) the reads of the
    demo's scenario (role ``simulator``) are not recorded: no agency read anything."""
    if credentials is None:
        raise _unauthorised("auth.token_missing", registry=registry)
    try:
        principal = verify(credentials.credentials, secret)
    except InvalidToken as error:
        raise _unauthorised("auth.token_invalid", reason=str(error)) from error
    if principal.kind != "official":
        raise Problem(403, "auth.not_official", registry=registry)
    if principal.subject not in AGENCY_CODES:
        raise Problem(403, "auth.agency_unknown", agency=principal.subject)
    agency = principal.subject
    if principal.role in INTERMEDIARY_ROLES and on_behalf_of:
        if on_behalf_of not in AGENCY_CODES:
            raise Problem(
                422,
                "auth.unknown_agency",
                field="X-On-Behalf-Of",
                where="header",
                agencies=list(AGENCY_CODES),
            )
        agency = on_behalf_of
    if writers is not None and principal.subject not in writers:
        raise Problem(
            403,
            "auth.not_writer",
            registry=registry,
            writers=list(writers),
            agency=principal.subject,
        )
    return Caller(
        agency=agency,
        caller=f"{principal.subject}/{principal.role}",
        purpose=(purpose or "").strip() or NOT_STATED,
        recorded=not (simulation and principal.role == SIMULATOR_ROLE),
        subject=principal.subject,
        role=principal.role,
    )
