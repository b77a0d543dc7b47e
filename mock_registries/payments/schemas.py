"""What the payments ledger answers."""

from __future__ import annotations

from pydantic import BaseModel

from mock_registries.common.codes import PayingAgency
from mock_registries.common.schemas import DateOut, IINOut


class PaymentOut(BaseModel):
    payment_id: int
    iin: IINOut
    agency: PayingAgency
    kind: str
    amount_kzt: int
    paid_on: DateOut
    reference: str | None = None


class Payments(BaseModel):
    iin: IINOut
    items: list[PaymentOut]


class PaymentAnswer(BaseModel):
    payment_id: int
    event_id: str
