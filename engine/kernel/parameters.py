"""Effective-dated parameters (MRP, minimum wage, coefficients...), each value with its legal
reference. Asking for a value that is not in force is an error, never a silent zero."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from engine.kernel.texts import Text


class ParameterNotInForce(LookupError):
    def __init__(self, parameter: str, on: date, detail: str) -> None:
        super().__init__(f"parameter '{parameter}' has no value in force on {on}: {detail}")
        self.parameter = parameter
        self.on = on


class LegalReference(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    act: str = Field(min_length=1)
    article: str | None = None
    url: str | None = None


class ParameterValue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    valid_from: date = Field(alias="from")
    valid_to: date | None = Field(default=None, alias="to")
    value: Decimal
    reference: LegalReference

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class Parameter(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
    title: Text
    unit: str = Field(min_length=1)
    review_by: date | None = None
    values: list[ParameterValue] = Field(min_length=1)

    @model_validator(mode="after")
    def _periods_do_not_overlap(self) -> Parameter:
        ordered = sorted(self.values, key=lambda v: v.valid_from)
        for earlier, later in pairwise(ordered):
            if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
                raise ValueError(
                    f"values from {earlier.valid_from} and {later.valid_from} overlap: "
                    f"give the earlier one a 'to' date before {later.valid_from}"
                )
        return self

    def value_on(self, day: date) -> ParameterValue:
        for value in self.values:
            if value.covers(day):
                return value
        first = min(v.valid_from for v in self.values)
        if day < first:
            detail = f"its first value starts on {first}"
        else:
            detail = "no period covers this date; add the value in force with its legal reference"
        raise ParameterNotInForce(self.id, day, detail)


class ParameterStore:
    """All parameters by id."""

    def __init__(self, parameters: dict[str, Parameter] | None = None) -> None:
        self.parameters: dict[str, Parameter] = dict(parameters or {})

    def __contains__(self, parameter_id: str) -> bool:
        return parameter_id in self.parameters

    def get(self, parameter_id: str) -> Parameter:
        try:
            return self.parameters[parameter_id]
        except KeyError:
            raise KeyError(f"unknown parameter '{parameter_id}'") from None

    def value(self, parameter_id: str, on: date) -> Decimal:
        return self.get(parameter_id).value_on(on).value

    def resolved(self, parameter_id: str, on: date) -> ParameterValue:
        return self.get(parameter_id).value_on(on)


def parse_parameter_file(path: Path) -> Parameter:
    raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Parameter.model_validate(raw)
