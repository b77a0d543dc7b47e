"""Bearer tokens: signed JWTs naming a citizen (by IIN) or an official (by agency and role)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

import jwt

ALGORITHM = "HS256"


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


def verify(token: str, secret: str) -> Principal:
    try:
        claims = jwt.decode(
            token, secret, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]}
        )
    except jwt.PyJWTError as error:
        raise InvalidToken(str(error)) from error
    kind = claims.get("kind")
    if kind not in ("citizen", "official"):
        raise InvalidToken("token names neither a citizen nor an official")
    name = claims.get("name")
    return Principal(
        kind=kind,
        subject=str(claims["sub"]),
        role=str(claims.get("role", kind)),
        name=str(name)[:40] if isinstance(name, str) and name.strip() else None,
    )
