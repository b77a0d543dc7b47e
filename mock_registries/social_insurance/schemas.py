"""What the State Social Insurance Fund answers."""

from __future__ import annotations

from pydantic import BaseModel, Field

from mock_registries.common.schemas import DateOut, IINOut


class MonthIncome(BaseModel):
    month: str = Field(json_schema_extra={"pattern": r"^\d{4}-\d{2}$"}, examples=["2026-02"])
    income_kzt: int
    contribution_kzt: int


class InsuredOut(BaseModel):
    iin: IINOut
    insured: bool
    since: DateOut | None = None
    monthly_income_kzt: int | None
    average_monthly_income_kzt: int
    months_with_contributions: int
    income_history: list[MonthIncome]
    as_of: DateOut


class StatusAnswer(BaseModel):
    iin: IINOut
    event_id: str
