"""Tables of the State Social Insurance Fund (ГФСС): who is insured, and the monthly incomes
on which social contributions were paid."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Column
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from mock_registries.common.tables import define_registry_tables


class SocialInsuranceTable(SQLModel, registry=registry()):
    pass


class InsuranceAccount(SocialInsuranceTable, table=True):
    id: int | None = Field(default=None, primary_key=True)
    iin: str = Field(max_length=12, unique=True, index=True)
    insured: bool
    since: date | None = None  # the day the current status began; None: never insured
    monthly_income_kzt: int | None = None  # current monthly income while insured
    history_start: str | None = None  # "YYYY-MM" of the first month in history
    # income per month from history_start on; 0 for a month without contributions
    history: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


TABLES = define_registry_tables(SocialInsuranceTable.metadata)
WRITERS = ("gfss",)
OPTIONAL_FIELDS = frozenset({"since"})


def as_json_list(value: Any) -> list[int]:
    return [int(v) for v in value or []]
