"""What the pension fund answers."""

from __future__ import annotations

from pydantic import BaseModel

from mock_registries.common.schemas import DateOut, IINOut


class AccountOut(BaseModel):
    iin: IINOut
    balance_kzt: int
    years_of_participation: int
    receiving_pension: bool
    updated_on: DateOut | None = None


class AccountAnswer(BaseModel):
    iin: IINOut
    event_id: str
