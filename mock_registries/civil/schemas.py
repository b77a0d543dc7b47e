"""What the civil-status registry answers."""

from __future__ import annotations

from pydantic import BaseModel

from mock_registries.common.codes import Sex
from mock_registries.common.schemas import DateOut, IINOut


class BirthAnswer(BaseModel):
    child_iin: IINOut
    event_id: str
    act_id: int


class ActAnswer(BaseModel):
    act_id: int
    event_id: str


class CorrectionAnswer(BaseModel):
    act_id: int
    correction_id: int
    event_id: str


class BirthAct(BaseModel):
    act_id: int
    child_iin: IINOut
    mother_iin: IINOut
    father_iin: IINOut | None = None
    child_first_name: str
    child_last_name: str
    child_sex: Sex
    birth_date: DateOut


class DeathAct(BaseModel):
    act_id: int
    iin: IINOut
    death_date: DateOut


class MarriageAct(BaseModel):
    act_id: int
    spouse1_iin: IINOut
    spouse2_iin: IINOut
    marriage_date: DateOut
    divorce_date: DateOut | None


class DivorceAct(BaseModel):
    act_id: int
    marriage_id: int | None
    spouse1_iin: IINOut
    spouse2_iin: IINOut
    divorce_date: DateOut


class NameChangeAct(BaseModel):
    act_id: int
    iin: IINOut
    first_name: str
    last_name: str
    patronymic: str | None = None
    change_date: DateOut


class Acts(BaseModel):
    iin: IINOut
    births: list[BirthAct]
    marriages: list[MarriageAct]
    divorces: list[DivorceAct]
    name_changes: list[NameChangeAct]
    death: DeathAct | None
