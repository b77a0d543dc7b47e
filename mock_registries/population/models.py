"""Tables of the population registry (ГБД ФЛ)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from mock_registries.common.tables import define_registry_tables


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
    address: str = Field(index=True)
    mother_iin: str | None = Field(default=None, index=True)
    father_iin: str | None = Field(default=None, index=True)
    spouse_iin: str | None = None
    alive: bool = True
    death_date: date | None = None
    phone: str | None = None
    language: str = "kk"
    has_bank_account: bool = False


TABLES = define_registry_tables(PopulationTable.metadata)
FEED = TABLES.feed
IDEMPOTENCY = TABLES.idempotency
WRITERS = ("digital", "mvd")
OPTIONAL_FIELDS = frozenset(
    {
        "patronymic",
        "patronymic_kk",
        "first_name_kk",
        "last_name_kk",
        "address",
        "phone",
        "father_iin",
        "spouse_iin",
        "death_date",
    }
)
