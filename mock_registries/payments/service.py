"""The payments ledger."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlmodel import Session, col, select

from mock_registries.common.codes import PayingAgency
from mock_registries.common.errors import FieldError
from mock_registries.common.feed import append_change
from mock_registries.common.records import record_json
from mock_registries.common.validators import IIN, Day, check_past_date
from mock_registries.payments.models import TABLES, Payment

KIND_PATTERN = r"^[a-z][a-z0-9_]{2,59}$"

EXCLUDED = frozenset({"id", "created_at"})


class PaymentIn(BaseModel):
    iin: IIN
    agency: PayingAgency = Field(description="the paying agency")
    kind: str = Field(pattern=KIND_PATTERN, description="e.g. childbirth_allowance")
    amount_kzt: int = Field(gt=0, le=1_000_000_000)
    paid_on: Day
    reference: str = Field(min_length=1, max_length=120, description="unique per agency")


def check_payment(body: PaymentIn, person: dict[str, Any] | None, today: date) -> None:
    check_past_date("paid_on", body.paid_on, today)
    if person is None:
        raise FieldError("iin", "person.unknown")
    death = person.get("death_date")
    if not person["alive"] and (death is None or date.fromisoformat(death) < body.paid_on):
        raise FieldError("iin", "payment.after_death", death_date=death)


def payment_json(payment: Payment) -> dict[str, Any]:
    return {"payment_id": payment.id, **record_json(payment, EXCLUDED)}


def pay(session: Session, body: PaymentIn, now: datetime) -> dict[str, Any]:
    earlier = session.exec(
        select(Payment).where(Payment.agency == body.agency, Payment.reference == body.reference)
    ).first()
    if earlier is not None:
        raise FieldError(
            "reference",
            "payment.duplicate",
            agency=body.agency,
            payment_id=earlier.id,
            paid_on=earlier.paid_on,
        )
    payment = Payment(**body.model_dump(), created_at=now)
    session.add(payment)
    session.flush()
    event_id = append_change(
        session.connection(),
        TABLES.feed,
        type="payment.made",
        occurred_at=now,
        data=payment_json(payment),
    )
    return {"payment_id": payment.id, "event_id": event_id}


def payments_of(session: Session, iin: str, kind: str | None, since: date | None) -> list[Payment]:
    query = select(Payment).where(Payment.iin == iin)
    if kind is not None:
        query = query.where(Payment.kind == kind)
    if since is not None:
        query = query.where(col(Payment.paid_on) >= since)
    return list(session.exec(query.order_by(col(Payment.paid_on), col(Payment.id))).all())
