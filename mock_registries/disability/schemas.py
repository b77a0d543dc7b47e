"""What the medical-social expertise answers."""

from __future__ import annotations

from pydantic import BaseModel

from mock_registries.common.codes import DisabilityCause, DisabilityGroup
from mock_registries.common.schemas import DateOut, IINOut


class DecisionOut(BaseModel):
    decision_id: int
    iin: IINOut
    group: DisabilityGroup
    cause: DisabilityCause
    valid_from: DateOut
    valid_to: DateOut | None = None
    decision_date: DateOut


class Decisions(BaseModel):
    iin: IINOut
    items: list[DecisionOut]


class DecisionAnswer(BaseModel):
    decision_id: int
    event_id: str
