"""What the engine's HTTP API accepts, declared once: row ids within their columns, IINs with their
check digit, text without control characters or broken Unicode, dates the law can be asked
about. Anything else is a 422 naming the field, before it reaches a query or a registry."""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from typing import Annotated, Any

from fastapi import Path, Query
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, Field

from engine.kernel.iin import iin_problem

# Row ids are INTEGER columns: 32 bits on PostgreSQL.
MAX_ROW_ID = 2**31 - 1
# Line breaks and tabs are text; every other control character, and half a surrogate pair
# (which no UTF-8 encoder, database or JSON reply accepts), is refused.
_ALLOWED_CONTROLS = frozenset("\t\n\r")
IIN_PATTERN = r"^\d{12}$"


def valid_iin(value: str) -> str:
    problem = iin_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


def clean_text(value: str) -> str:
    for position, char in enumerate(value):
        if char in _ALLOWED_CONTROLS:
            continue
        category = unicodedata.category(char)
        if category == "Cc":
            raise ValueError(f"control character U+{ord(char):04X} at position {position}")
        if category == "Cs":
            raise ValueError(f"invalid Unicode (a lone surrogate) at position {position}")
    return value


RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="a row id, 1 to 2 147 483 647")]
# In the OpenAPI document only: the validator's own message (check digit, century) is clearer
# than a pattern mismatch.
_IIN_SCHEMA: dict[str, Any] = {
    "json_schema_extra": {"pattern": IIN_PATTERN},
    "examples": ["920317411919"],
}
IINPath = Annotated[
    str, AfterValidator(valid_iin), Path(description="the citizen's 12-digit IIN", **_IIN_SCHEMA)
]
IINQuery = Annotated[
    str, AfterValidator(valid_iin), Query(description="a 12-digit IIN", **_IIN_SCHEMA)
]
IINField = Annotated[
    str, AfterValidator(valid_iin), Field(description="a 12-digit IIN", **_IIN_SCHEMA)
]
IINPlain = Annotated[str, Path(description="a 12-digit IIN", **_IIN_SCHEMA)]
Text = Annotated[str, AfterValidator(clean_text)]
KeyPath = Annotated[
    str, Path(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:\-]+$", description="an id")
]
LawDate = Annotated[
    date,
    Field(
        ge=date(1900, 1, 1),
        le=date(2099, 12, 31),
        description="a date from 1900-01-01 to 2099-12-31",
    ),
]


class SafeJSONResponse(JSONResponse):
    """JSON with every non-ASCII character escaped: a reply quoting a client's broken
    Unicode back stays valid JSON instead of failing to encode."""

    def render(self, content: Any) -> bytes:
        return json.dumps(
            content, ensure_ascii=True, allow_nan=False, separators=(",", ":")
        ).encode()
