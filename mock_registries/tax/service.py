"""Tax obligations: assessed, then closed when paid, cancelled or written off."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field, field_validator
from sqlmodel import Session, col, select

from mock_registries.common.codes import CloseReason, TaxKind
from mock_registries.common.errors import FieldError
from mock_registries.common.feed import append_change
from mock_registries.common.records import record_json
from mock_registries.common.validators import IIN, Day, check_past_date
from mock_registries.tax.models import TABLES, Obligation
from mock_registries.tax.vehicle_tax import MRP_KZT, due_date, tax_for_year
from mock_registries.vehicles.catalogue import vin_problem

EXCLUDED = frozenset({"id", "created_at"})


class ObligationIn(BaseModel):
    iin: IIN
    kind: TaxKind
    amount_kzt: int = Field(ge=0, le=10_000_000_000)
    tax_year: int = Field(ge=2000)
    due_date: Day
    reference: str = Field(default="", max_length=60, description="the object taxed")


class VehicleTaxIn(BaseModel):
    iin: IIN
    vin: str
    engine_cc: int | None = Field(default=None, ge=50, le=10_000)
    year: int = Field(ge=1950, description="the vehicle's year of manufacture")
    tax_year: int
    registration_date: Day | None = Field(
        default=None, description="when registered in the tax year: tax from that month on"
    )

    @field_validator("vin")
    @classmethod
    def _vin(cls, value: str) -> str:
        problem = vin_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value


class CloseIn(BaseModel):
    closed_on: Day
    reason: CloseReason


def check_obligation(body: ObligationIn, today: date) -> None:
    if body.tax_year > today.year:
        raise FieldError("tax_year", "tax.year_not_begun", tax_year=body.tax_year, today=today)
    if body.due_date.year < body.tax_year:
        raise FieldError("due_date", "tax.due_before_year", tax_year=body.tax_year)


def vehicle_obligation(body: VehicleTaxIn, today: date) -> ObligationIn:
    if body.tax_year not in MRP_KZT:
        known = ", ".join(map(str, MRP_KZT))
        raise FieldError("tax_year", "tax.rates_unknown", known=known)
    if body.tax_year > today.year:
        raise FieldError("tax_year", "tax.year_not_begun", tax_year=body.tax_year, today=today)
    if body.year > body.tax_year + 1:
        raise FieldError("year", "tax.vehicle_newer", tax_year=body.tax_year)
    registered = body.registration_date or date(body.tax_year, 1, 1)
    if registered.year > body.tax_year:
        raise FieldError("registration_date", "tax.registered_after_year", tax_year=body.tax_year)
    return ObligationIn(
        iin=body.iin,
        kind="vehicle_tax",
        amount_kzt=tax_for_year(body.engine_cc, body.tax_year, body.year, registered),
        tax_year=body.tax_year,
        due_date=due_date(body.tax_year),
        reference=body.vin,
    )


def obligation_json(obligation: Obligation) -> dict[str, Any]:
    return {"obligation_id": obligation.id, **record_json(obligation, EXCLUDED)}


def create(session: Session, body: ObligationIn, now: datetime) -> dict[str, Any]:
    existing = session.exec(
        select(Obligation).where(
            Obligation.iin == body.iin,
            Obligation.kind == body.kind,
            Obligation.tax_year == body.tax_year,
            Obligation.reference == body.reference,
        )
    ).first()
    if existing is not None:
        raise FieldError(
            "reference",
            "tax.duplicate",
            kind=body.kind,
            tax_year=body.tax_year,
            reference=body.reference or body.iin,
            obligation_id=existing.id,
        )
    obligation = Obligation(
        iin=body.iin,
        kind=body.kind,
        amount_kzt=body.amount_kzt,
        tax_year=body.tax_year,
        due_date=body.due_date,
        reference=body.reference,
        created_at=now,
    )
    session.add(obligation)
    session.flush()
    event_id = append_change(
        session.connection(),
        TABLES.feed,
        type="obligation.created",
        occurred_at=now,
        data={
            "obligation_id": obligation.id,
            "iin": body.iin,
            "kind": body.kind,
            "amount_kzt": body.amount_kzt,
            "tax_year": body.tax_year,
            "due_date": body.due_date.isoformat(),
            "reference": body.reference,
        },
    )
    return {"obligation_id": obligation.id, "amount_kzt": body.amount_kzt, "event_id": event_id}


def close(
    session: Session, obligation_id: int, body: CloseIn, today: date, now: datetime
) -> dict[str, Any]:
    check_past_date("closed_on", body.closed_on, today)
    obligation = session.get(Obligation, obligation_id, with_for_update=True)
    if obligation is None:
        raise FieldError(
            "obligation_id", "tax.unknown_obligation", where="path", obligation_id=obligation_id
        )
    if obligation.status == "closed":
        raise FieldError(
            "obligation_id",
            "tax.closed",
            where="path",
            closed_on=obligation.closed_on,
            reason=obligation.close_reason,
        )
    obligation.status = "closed"
    obligation.closed_on = body.closed_on
    obligation.close_reason = body.reason
    session.add(obligation)
    session.flush()
    event_id = append_change(
        session.connection(),
        TABLES.feed,
        type="obligation.closed",
        occurred_at=now,
        data={
            "obligation_id": obligation.id,
            "iin": obligation.iin,
            "kind": obligation.kind,
            "tax_year": obligation.tax_year,
            "closed_on": body.closed_on.isoformat(),
            "reason": body.reason,
        },
    )
    return {"obligation_id": obligation.id, "event_id": event_id}


def obligations_of(session: Session, iin: str, status: str | None) -> list[Obligation]:
    query = select(Obligation).where(Obligation.iin == iin)
    if status is not None:
        query = query.where(Obligation.status == status)
    return list(session.exec(query.order_by(col(Obligation.tax_year), col(Obligation.id))).all())
