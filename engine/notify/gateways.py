"""The channels' gateways. In this project they are mocks that keep what they were handed in
``gateway_message`` (the outbox the demo shows) and report delivery like an operator would;
a real SMS centre, push service or mail relay takes the same three calls."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Protocol

from sqlmodel import Field, Session, select

from engine.db import EngineTable
from engine.notify.models import GatewayMessage
from engine.notify.templates import SENDER

CHANNELS = ("sms", "push", "email")
SENDERS = {"sms": SENDER, "push": "eGov Mobile", "email": "noreply@egov.kz"}


class GatewayError(RuntimeError):
    """The gateway did not take the message; the outbox tries again later."""


class GatewayFault(EngineTable, table=True):
    """Demo and test switch: make a mock gateway refuse messages."""

    __tablename__ = "gateway_fault"

    channel: str = Field(primary_key=True, max_length=8)
    fail_next: int = 0
    outage: bool = False


class Gateway(Protocol):
    channel: str

    def send(
        self, session: Session, *, address: str, body: str, client_ref: str, now: datetime
    ) -> str: ...


class MockGateway:
    """Idempotent by ``client_ref``: a message handed over twice (a retry after a crash) is
    accepted once and keeps its first gateway id."""

    def __init__(self, channel: str) -> None:
        self.channel = channel

    def send(
        self, session: Session, *, address: str, body: str, client_ref: str, now: datetime
    ) -> str:
        fault = session.get(GatewayFault, self.channel)
        if fault is not None and (fault.outage or fault.fail_next > 0):
            if fault.fail_next > 0:
                fault.fail_next -= 1
                session.add(fault)
            raise GatewayError(f"{self.channel} gateway refused the message (simulated fault)")
        earlier = session.exec(
            select(GatewayMessage).where(GatewayMessage.client_ref == client_ref)
        ).first()
        if earlier is not None:
            return earlier.gateway_id
        message = GatewayMessage(
            gateway_id=f"{self.channel}-{uuid.uuid4().hex[:16]}",
            client_ref=client_ref,
            channel=self.channel,
            sender=SENDERS[self.channel],
            address=address,
            body=body,
            accepted_at=now,
        )
        session.add(message)
        return message.gateway_id


def mock_gateways() -> dict[str, Gateway]:
    return {channel: MockGateway(channel) for channel in CHANNELS}


def set_fault(session: Session, channel: str, *, fail_next: int = 0, outage: bool = False) -> None:
    fault = session.get(GatewayFault, channel) or GatewayFault(channel=channel)
    fault.fail_next = fail_next
    fault.outage = outage
    session.add(fault)


def pending_receipts(session: Session, limit: int = 200) -> list[GatewayMessage]:
    """Messages the mock operator has delivered but not yet reported."""
    return list(
        session.exec(
            select(GatewayMessage).where(GatewayMessage.status == "accepted").limit(limit)
        ).all()
    )
