"""Records as JSON, with their fields in the order the model declares them (an answer read
from the database would otherwise list them in whatever order they were loaded)."""

from __future__ import annotations

from typing import Any

from sqlmodel import SQLModel


def record_json(record: SQLModel, exclude: frozenset[str] = frozenset({"id"})) -> dict[str, Any]:
    dumped = record.model_dump(mode="json")
    return {name: dumped[name] for name in type(record).model_fields if name not in exclude}
