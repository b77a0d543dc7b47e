"""Field types shared by the registries' request bodies. A refusal carries the code of its
message (see ``messages``), so clients can act on it without reading the text."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from engine.kernel.iin import bin_problem, check_digit, iin_problem
from mock_registries.common.errors import FieldError
from mock_registries.common.messages import MESSAGES

EARLIEST_DATE = date(1900, 1, 1)
IIN_PATTERN = r"^\d{12}$"
VIN_PATTERN = r"^[A-HJ-NPR-Z0-9]{17}$"


def refusal(code: str, **params: Any) -> PydanticCustomError:
    """A validation error of a request field with one of the registries' codes."""
    return PydanticCustomError(code, MESSAGES[code][0], params)


# Row ids are INTEGER columns (32 bits on PostgreSQL), feed positions and offsets 64-bit: a
# larger number is refused as invalid input before it reaches a query.
MAX_ROW_ID = 2**31 - 1
MAX_POSITION = 2**63 - 1

RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="a row id, 1 to 2 147 483 647")]
RowIdField = Annotated[int, Field(ge=1, le=MAX_ROW_ID, description="a row id, 1 to 2 147 483 647")]
Offset = Annotated[int, Query(ge=0, le=MAX_POSITION, description="rows to skip")]


def _check_iin(value: str) -> str:
    if iin_problem(value) is None:
        return value
    if len(value) != 12 or not value.isdigit():
        raise refusal("iin.format")
    if not "1" <= value[6] <= "6":
        raise refusal("iin.century")
    expected = check_digit(value[:11])
    if expected is None:
        raise refusal("iin.serial")
    raise refusal("iin.check_digit", digit=int(value[11]), expected=expected)


def _check_bin(value: str) -> str:
    problem = bin_problem(value)
    if problem is None:
        return value
    if len(value) != 12 or not value.isdigit():
        raise refusal("bin.format")
    if problem.startswith("digit"):
        raise refusal("bin.entity", reason=problem)
    raise refusal("bin.check_digit")


def _check_name(value: str) -> str:
    if not any(ch.isalpha() for ch in value):
        raise refusal("name.no_letters")
    bad = sorted({ch for ch in value if not (ch.isalpha() or ch in " -'’")})
    if bad:
        raise refusal("name.letters", bad=" ".join(bad))
    return value


def _plain_date(value: Any) -> Any:
    """A date is a day: a date and time (``2026-03-15T00:00:00``) is refused, not cut."""
    if isinstance(value, datetime) or not isinstance(value, str | date):
        raise refusal("request.date")
    if isinstance(value, str) and len(value.strip()) != 10:
        raise refusal("request.date")
    return value


IIN = Annotated[
    str,
    Field(
        json_schema_extra={"pattern": IIN_PATTERN},
        description="individual identification number: 12 digits, the last a check digit",
        examples=["920317411919"],
    ),
    AfterValidator(_check_iin),
]
BIN = Annotated[
    str,
    Field(
        json_schema_extra={"pattern": IIN_PATTERN},
        description="business identification number: 12 digits, the last a check digit",
        examples=["180340021791"],
    ),
    AfterValidator(_check_bin),
]
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=60),
    AfterValidator(_check_name),
]
Day = Annotated[date, BeforeValidator(_plain_date), Field(examples=["2026-03-15"])]


def check_past_date(field: str, value: date, today: date) -> None:
    """A date of something that has happened: not in the future, not before 1900."""
    if value > today:
        raise FieldError(field, "date.future", value=value, today=today)
    if value < EARLIEST_DATE:
        raise FieldError(field, "date.too_early", value=value, earliest=EARLIEST_DATE)
