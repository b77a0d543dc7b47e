"""Field and parameter types shared by the registries' requests."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Path, Query
from pydantic import AfterValidator, Field, StringConstraints

from engine.kernel.iin import bin_problem, iin_problem
from mock_registries.common.errors import FieldError

EARLIEST_DATE = date(1900, 1, 1)
# Row ids are INTEGER columns (32 bits on PostgreSQL), feed positions and offsets 64-bit: a
# larger number is refused as invalid input before it reaches a query.
MAX_ROW_ID = 2**31 - 1
MAX_POSITION = 2**63 - 1

RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="a row id, 1 to 2 147 483 647")]
RowIdField = Annotated[int, Field(ge=1, le=MAX_ROW_ID, description="a row id, 1 to 2 147 483 647")]
Offset = Annotated[int, Query(ge=0, le=MAX_POSITION, description="rows to skip")]


def cursor_position(after: str) -> int | None:
    """The feed position a cursor names, or None when it is not one."""
    if not (after.isascii() and after.isdigit()) or int(after) > MAX_POSITION:
        return None
    return int(after)


def _check_iin(value: str) -> str:
    problem = iin_problem(value)
    if problem is not None:
        raise ValueError(f"invalid IIN: {problem}")
    return value


def _check_bin(value: str) -> str:
    problem = bin_problem(value)
    if problem is not None:
        raise ValueError(f"invalid BIN: {problem}")
    return value


def _check_name(value: str) -> str:
    if not any(ch.isalpha() for ch in value):
        raise ValueError("a name needs letters")
    bad = sorted({ch for ch in value if not (ch.isalpha() or ch in " -'’")})
    if bad:
        raise ValueError(f"a name has only letters, spaces, hyphens and apostrophes, not {bad}")
    return value


IIN = Annotated[str, AfterValidator(_check_iin)]
BIN = Annotated[str, AfterValidator(_check_bin)]
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=60),
    AfterValidator(_check_name),
]


def check_past_date(field: str, value: date, today: date) -> None:
    """A date of something that has happened: not in the future, not before 1900."""
    if value > today:
        raise FieldError(field, f"{value} is in the future (today is {today})")
    if value < EARLIEST_DATE:
        raise FieldError(field, f"{value} is before {EARLIEST_DATE}")
