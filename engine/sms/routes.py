"""The mock SMS centre's door into the engine: replies citizens send to 1414."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from engine.api.answers import SIGNED, answers
from engine.auth.deps import local_demo_caller, services_of
from engine.auth.tokens import InvalidToken, verify
from engine.inbox.answers import SmsHandled
from engine.inbox.schemas import InboundSmsIn
from engine.services import Services
from engine.sms.service import handle_inbound

router = APIRouter(tags=["sms"])

GATEWAY_ROLE = "sms_gateway"
GATEWAY_AGENCY = "digital"  # the e-government gateway and its SMS centre
_bearer = HTTPBearer(auto_error=False)


def require_gateway(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """In demo and test mode the mock SMS centre on this machine needs no credential;
    otherwise it presents the digital ministry's service token
    (``proactive token official digital --role sms_gateway``)."""
    services = services_of(request)
    if services.settings.demo_features:
        local_demo_caller(request)
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
    if (principal.kind, principal.subject, principal.role) != (
        "official",
        GATEWAY_AGENCY,
        GATEWAY_ROLE,
    ):
        raise HTTPException(
            403,
            detail=f"only the SMS gateway ({GATEWAY_AGENCY} official, role {GATEWAY_ROLE}) "
            "may post SMS",
        )


@router.post(
    "/api/sms/inbound",
    dependencies=[Depends(require_gateway)],
    **answers(SmsHandled, *SIGNED, 422),
)
async def inbound_sms(
    body: InboundSmsIn, services: Annotated[Services, Depends(services_of)]
) -> dict[str, Any]:
    """A citizen's reply: applied to their open offer when it is one clear answer to one
    identifiable offer; answered in any case (the reply goes out through the outbox)."""
    return await handle_inbound(services, body.from_iin, body.text)
