"""Dependencies for endpoints that only officials may use."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException

from engine.auth.deps import current_principal
from engine.auth.tokens import Principal


def control_room(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
    """The cross-agency view: officials with a `control_room` token."""
    if principal.kind != "official" or principal.subject != "control_room":
        raise HTTPException(status_code=403, detail="this needs a control_room official's token")
    return principal


def official(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
    if principal.kind != "official":
        raise HTTPException(status_code=403, detail="this needs an official's token")
    return principal
