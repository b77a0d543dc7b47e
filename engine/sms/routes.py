"""The mock SMS centre's door into the engine: replies citizens send to 1414."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from engine.auth.deps import services_of
from engine.auth.tokens import InvalidToken, verify
from engine.inbox.schemas import InboundSmsIn
from engine.services import Services
from engine.sms.service import handle_inbound

router = APIRouter(tags=["sms"])

GATEWAY_ROLE = "sms_gateway"
_bearer = HTTPBearer(auto_error=False)


def require_gateway(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """In demo and test mode the mock SMS centre needs no credential; otherwise it presents
    a service token (``proactive token official digital --role sms_gateway``)."""
    services = services_of(request)
    if services.settings.demo_features:
        return
    if credentials is None:
        raise HTTPException(
            401,
            detail="the SMS gateway's service token is required",
            headers={"WWW-Authenticate": "Bearer"},
        )
    try:
        principal = verify(credentials.credentials, services.settings.secret)
    except InvalidToken as error:
        raise HTTPException(401, detail=f"invalid token: {error}") from error
    if principal.kind != "official" or principal.role != GATEWAY_ROLE:
        raise HTTPException(403, detail=f"only the SMS gateway (role {GATEWAY_ROLE}) may post SMS")


@router.post("/api/sms/inbound", dependencies=[Depends(require_gateway)])
async def inbound_sms(
    body: InboundSmsIn, services: Annotated[Services, Depends(services_of)]
) -> dict[str, Any]:
    """A citizen's reply: applied to their open offer when it is one clear answer to one
    identifiable offer; answered in any case (the reply goes out through the outbox)."""
    return await handle_inbound(services, body.from_iin, body.text)
