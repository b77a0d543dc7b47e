"""Tables of the population registry (ГБД ФЛ)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from mock_registries.common.feed import define_feed_tables
from mock_registries.common.idempotency import define_idempotency_table


class PopulationTable(SQLModel, registry=registry()):
    pass


class Person(PopulationTable, table=True):
    id: int | None = Field(default=None, primary_key=True)
    iin: str = Field(max_length=12, unique=True, index=True)
    last_name: str
    first_name: str
    patronymic: str | None = None
    last_name_kk: str
    first_name_kk: str
    patronymic_kk: str | None = None
    sex: str = Field(max_length=1)
    birth_date: date = Field(index=True)
    citizenship: str
    region: str = Field(index=True)
    address: str
    mother_iin: str | None = Field(default=None, index=True)
    father_iin: str | None = Field(default=None, index=True)
    spouse_iin: str | None = None
    alive: bool = True
    death_date: date | None = None
    phone: str | None = None
    language: str = "kk"
    has_bank_account: bool = False


FEED = define_feed_tables(PopulationTable.metadata)
IDEMPOTENCY = define_idempotency_table(PopulationTable.metadata)
