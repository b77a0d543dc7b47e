"""What the State Revenue Committee answers."""

from __future__ import annotations

from pydantic import BaseModel

from mock_registries.common.codes import CloseReason, ObligationStatus, TaxKind
from mock_registries.common.schemas import DateOut, IINOut


class ObligationOut(BaseModel):
    obligation_id: int
    iin: IINOut
    kind: TaxKind
    amount_kzt: int
    tax_year: int
    due_date: DateOut
    reference: str
    status: ObligationStatus
    closed_on: DateOut | None
    close_reason: CloseReason | None


class Obligations(BaseModel):
    iin: IINOut
    items: list[ObligationOut]


class AssessmentAnswer(BaseModel):
    obligation_id: int
    amount_kzt: int
    event_id: str


class CloseAnswer(BaseModel):
    obligation_id: int
    event_id: str
