"""FastAPI dependencies for who is calling."""

from __future__ import annotations

import ipaddress
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from engine.auth.tokens import InvalidToken, Principal, known_official, verify
from engine.services import Services

_bearer = HTTPBearer(auto_error=False)


def services_of(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def local_demo_caller(request: Request) -> None:
    """The demo's endpoints that need no token (citizen sign-in, the clock, the SMS centre,
    fault switches) answer only callers on this machine, unless the demo was started with
    ``--allow-remote``."""
    if services_of(request).settings.demo_remote:
        return
    host = request.client.host if request.client else ""
    try:
        local = ipaddress.ip_address(host).is_loopback
    except ValueError:
        local = False
    if not local:
        raise HTTPException(
            status_code=403,
            detail="this demo endpoint answers only on this machine (loopback); "
            "start the demo with --allow-remote to open it to the network",
        )


def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None:
        raise HTTPException(
            status_code=401,
            detail="a bearer token is required (proactive token citizen IIN)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    try:
        return known_official(verify(credentials.credentials, services_of(request).settings.secret))
    except InvalidToken as error:
        raise HTTPException(
            status_code=401,
            detail=f"invalid token: {error}",
            headers={"WWW-Authenticate": "Bearer"},
        ) from error


OFFICIALS_WITH_INBOX_ACCESS = ("control_room", "gfc")


def require_citizen_access(principal: Principal, iin: str) -> None:
    """A citizen sees only their own data; some officials see any citizen's."""
    if principal.kind == "citizen" and principal.subject == iin:
        return
    if principal.kind == "official" and principal.subject in OFFICIALS_WITH_INBOX_ACCESS:
        return
    raise HTTPException(status_code=403, detail="this token does not give access to that citizen")
