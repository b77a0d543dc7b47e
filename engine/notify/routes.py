"""The notification side over HTTP: the gateways' delivery receipts, the mock gateways'
outbox for the demo, and their fault switches (demo and test mode only)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from sqlmodel import Session, col, select

from engine.api.answers import SIGNED, answers
from engine.auth.deps import current_principal, services_of
from engine.auth.tokens import Principal
from engine.db import transaction
from engine.inbox.answers import GatewayFault, Outbox, ReceiptTaken
from engine.inbox.schemas import FaultIn, ReceiptIn
from engine.notify.deliver import apply_receipt
from engine.notify.gateways import CHANNELS, set_fault
from engine.notify.models import GatewayMessage
from engine.services import Services
from engine.sms.routes import require_gateway

router = APIRouter(tags=["notifications"])
faults_router = APIRouter(tags=["notifications"])

Svc = Annotated[Services, Depends(services_of)]


@router.post(
    "/api/notify/receipts",
    dependencies=[Depends(require_gateway)],
    **answers(ReceiptTaken, *SIGNED, 404, 422),
)
def delivery_receipt(body: ReceiptIn, services: Svc) -> dict[str, Any]:
    with transaction(services.db) as session:
        known = apply_receipt(session, body.gateway_id, body.status, services.clock.now())
    if not known:
        raise HTTPException(404, detail=f"no message with gateway id {body.gateway_id}")
    return {"gateway_id": body.gateway_id, "status": body.status}


@router.get("/api/notify/outbox", **answers(Outbox, *SIGNED, 422))
def gateway_outbox(
    principal: Annotated[Principal, Depends(current_principal)],
    services: Svc,
    channel: Annotated[str | None, Query(pattern="^(sms|push|email)$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    """What the mock gateways were handed, newest first (officials of the control room)."""
    if principal.kind != "official" or principal.subject not in ("control_room", "digital"):
        raise HTTPException(403, detail="the outbox is shown to the control room only")
    query = select(GatewayMessage).order_by(col(GatewayMessage.id).desc()).limit(limit)
    if channel is not None:
        query = query.where(GatewayMessage.channel == channel)
    with Session(services.db) as session:
        rows = session.exec(query).all()
    return {
        "items": [
            {
                "gateway_id": m.gateway_id,
                "channel": m.channel,
                "sender": m.sender,
                "address": m.address,
                "body": m.body,
                "status": m.status,
                "accepted_at": m.accepted_at.isoformat(),
                "receipt_at": m.receipt_at.isoformat() if m.receipt_at else None,
            }
            for m in rows
        ]
    }


@faults_router.put("/api/notify/_faults/{channel}", **answers(GatewayFault, 403, 404, 422))
def put_fault(channel: str, body: FaultIn, services: Svc) -> dict[str, Any]:
    """Make a mock gateway refuse the next N messages, or all of them (outage)."""
    if channel not in CHANNELS:
        raise HTTPException(404, detail=f"no gateway {channel!r}; one of {', '.join(CHANNELS)}")
    with transaction(services.db) as session:
        set_fault(session, channel, fail_next=body.fail_next, outage=body.outage)
    return {"channel": channel, "fail_next": body.fail_next, "outage": body.outage}


@faults_router.delete("/api/notify/_faults/{channel}", **answers(GatewayFault, 403, 404))
def delete_fault(channel: str, services: Svc) -> dict[str, Any]:
    if channel not in CHANNELS:
        raise HTTPException(404, detail=f"no gateway {channel!r}; one of {', '.join(CHANNELS)}")
    with transaction(services.db) as session:
        set_fault(session, channel)
    return {"channel": channel, "fail_next": 0, "outage": False}
