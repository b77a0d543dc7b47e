"""The citizen's inbox over HTTP."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from engine.auth.deps import current_principal, require_citizen_access, services_of
from engine.auth.tokens import Principal
from engine.inbox.service import inbox_of, item_view
from engine.kernel.texts import Lang
from engine.registries.client import RegistryUnavailable
from engine.services import Services

router = APIRouter(tags=["inbox"])


@router.get("/api/citizens/{iin}/inbox")
async def get_inbox(
    iin: str,
    principal: Annotated[Principal, Depends(current_principal)],
    services: Annotated[Services, Depends(services_of)],
    lang: Annotated[
        Lang | None, Query(description="kk, ru or en; default: the citizen's own")
    ] = None,
) -> dict[str, Any]:
    require_citizen_access(principal, iin)
    if lang is None:
        try:
            person = await services.registries.person(iin)
        except RegistryUnavailable:
            person = None
        preferred = (person or {}).get("language")
        lang = preferred if preferred in ("kk", "ru", "en") else "kk"
    return {"items": [item_view(item, lang) for item in inbox_of(services.db, iin)]}
