"""What the population registry answers."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from mock_registries.common.codes import Citizenship, Language, Region, Sex
from mock_registries.common.schemas import DateOut, IINOut


class PersonOut(BaseModel):
    """A person; the optional fields may be left out of an answer (a data-quality fault)."""

    iin: IINOut
    last_name: str = Field(examples=["Жолдасбекова"])
    first_name: str = Field(examples=["Айгерим"])
    patronymic: str | None = None
    last_name_kk: str | None = None
    first_name_kk: str | None = None
    patronymic_kk: str | None = None
    sex: Sex
    birth_date: DateOut
    citizenship: Citizenship
    region: Region
    address: str | None = None
    mother_iin: IINOut | None
    father_iin: IINOut | None = None
    spouse_iin: IINOut | None = None
    alive: bool
    death_date: DateOut | None = None
    phone: str | None = None
    language: Language
    has_bank_account: bool
    birth_order: int | None = Field(
        default=None, ge=1, description="place among the mother's children"
    )


class PersonList(BaseModel):
    items: list[PersonOut]
    total: int


class Children(BaseModel):
    items: list[PersonOut]


class Household(BaseModel):
    iin: IINOut
    address: str | None
    members: list[PersonOut]
    minor_children_count: int
    children_under_23_count: int


class NewbornAnswer(BaseModel):
    iin: IINOut
    birth_order: int | None


class DeathAnswer(BaseModel):
    iin: IINOut
    event_id: str


class SpouseAnswer(BaseModel):
    event_ids: list[str]


class PersonChangeAnswer(BaseModel):
    iin: IINOut
    changed: dict[str, Any]
    event_id: str | None = Field(description="null when nothing changed")
