"""Bearer tokens: signed JWTs naming a citizen (by IIN) or an official (by agency and role)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

import jwt

from engine.config import AGENCY_CODES
from engine.kernel.iin import iin_problem

ALGORITHM = "HS256"
# a role is a plain name; a registered integrator's is "integrator:ID" (the registries' gateway)
_ROLE = re.compile(r"[a-z][a-z0-9_]{0,31}(:[a-z0-9][a-z0-9_-]{0,31})?")


class InvalidToken(ValueError):
    pass


@dataclass(frozen=True)
class Principal:
    kind: Literal["citizen", "official"]
    subject: str  # the IIN of a citizen, the agency code of an official
    role: str = "citizen"
    name: str | None = None  # the official's name, as the journey shows who did what

    @property
    def acting_as(self) -> str:
        """How an official's actions are recorded: agency and name (or role)."""
        return f"official:{self.subject}:{self.name or self.role}"[:64]

    @property
    def agency(self) -> str | None:
        return self.subject if self.kind == "official" else None


def issue(principal: Principal, secret: str, now: datetime, ttl: timedelta) -> str:
    claims = {
        "sub": principal.subject,
        "kind": principal.kind,
        "role": principal.role,
        **({"name": principal.name} if principal.name else {}),
        "iat": int(now.timestamp()),
        "exp": int((now + ttl).timestamp()),
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def known_official(principal: Principal) -> Principal:
    """The engine serves officials of the agencies it knows only (the registries' gateway
    answers an unknown agency itself, with its own problem)."""
    if principal.kind == "official" and principal.subject not in AGENCY_CODES:
        raise InvalidToken("the token's subject is not a known agency")
    return principal


def verify(token: str, secret: str) -> Principal:
    try:
        claims = jwt.decode(
            token, secret, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]}
        )
    except jwt.PyJWTError as error:
        raise InvalidToken(str(error)) from error
    kind = claims.get("kind")
    subject, role = claims["sub"], claims.get("role", kind)
    if kind not in ("citizen", "official"):
        raise InvalidToken("token names neither a citizen nor an official")
    if not isinstance(subject, str) or not isinstance(role, str) or not _ROLE.fullmatch(role):
        raise InvalidToken("the token's subject and role must be plain names")
    if kind == "citizen":
        problem = iin_problem(subject)
        if problem is not None:
            raise InvalidToken(f"the token's subject is not a valid IIN: {problem}")
    elif not _ROLE.fullmatch(subject):
        raise InvalidToken("the token's subject and role must be plain names")
    name = claims.get("name")
    return Principal(
        kind=kind,
        subject=subject,
        role=role,
        name=name[:40] if isinstance(name, str) and name.strip() and name.isprintable() else None,
    )
