"""The citizen's access log over HTTP."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from engine.api.answers import LOOKUP, answers
from engine.audit.access_log import access_log, read_view
from engine.audit.answers import AccessLog
from engine.auth.deps import current_principal, services_of
from engine.auth.tokens import Principal
from engine.http_inputs import IINPath
from engine.inbox.errors import InboxError
from engine.inbox.http import http_error
from engine.inbox.proxies import actor_for
from engine.kernel.texts import Lang
from engine.services import Services

router = APIRouter(tags=["access log"])


@router.get("/api/citizens/{iin}/access-log", **answers(AccessLog, *LOOKUP, 503))
async def get_access_log(
    iin: IINPath,
    principal: Annotated[Principal, Depends(current_principal)],
    services: Annotated[Services, Depends(services_of)],
    lang: Annotated[Lang, Query(description="kk, ru or en")] = "kk",
) -> dict[str, Any]:
    """Who read this citizen's data, when, in which registry and for what purpose: the engine's
    own reads (on behalf of the agency whose rule needed them) and every read the registries
    recorded, including officials'. Newest first."""
    try:
        await actor_for(
            services.db, services.registries, principal, iin, "api", services.clock.now()
        )
    except InboxError as error:
        raise http_error(error) from error
    log = await access_log(services.db, services.registries, iin)
    return {
        "iin": iin,
        "lang": lang,
        "items": [read_view(read, lang, services.catalogue.current) for read in log.reads],
        "unavailable_registries": log.unavailable,
    }
