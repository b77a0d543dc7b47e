"""Request bodies of the inbox API."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from engine.http_inputs import IINField, Text
from engine.inbox.iban import iban_problem, normalise_iban
from engine.kernel.texts import Lang


def _iban(value: str | None) -> str | None:
    if value is None:
        return None
    problem = iban_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return normalise_iban(value)


class AnswerIn(BaseModel):
    """Optional body of an acceptance: the bank account, when the offer asked for one."""

    model_config = ConfigDict(extra="forbid")

    iban: str | None = Field(default=None, description="Kazakh IBAN, KZ + 18 characters")

    _check_iban = field_validator("iban")(_iban)


class BankAccountIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    iban: str = Field(description="Kazakh IBAN, KZ + 18 characters")

    @field_validator("iban")
    @classmethod
    def _valid(cls, value: str) -> str:
        checked = _iban(value)
        assert checked is not None
        return checked


EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class PreferencesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    language: Lang | None = None
    channel: Literal["sms", "push", "email"] | None = None
    email: Text | None = Field(default=None, max_length=254)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not EMAIL.fullmatch(value.strip()):
            raise ValueError(f"'{value}' is not an e-mail address: write it as name@example.kz")
        return value.strip() if value is not None else None


class RepresentationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    representative_iin: IINField
    represented_iin: IINField
    kind: Literal["guardian", "trustee", "power_of_attorney"]
    basis: Text = Field(min_length=3, max_length=255, description="court decision, deed number")
    valid_from: date | None = None
    valid_to: date | None = None


class InboundSmsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    from_iin: IINField
    text: Text = Field(max_length=1000)


class ReceiptIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    gateway_id: Text = Field(min_length=1, max_length=64)
    status: Literal["delivered", "failed"]


class FaultIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fail_next: int = Field(default=0, ge=0, le=1000)
    outage: bool = False
