"""The data dictionary: which registry lookups exist and which fields each yields, so that a
rule naming a field that does not exist is refused when it is loaded, not when a citizen is
waiting. The engine reads only through these lookups (data minimisation)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FieldType = Literal["string", "int", "decimal", "bool", "date", "list"]


@dataclass(frozen=True)
class Lookup:
    registry: str
    path: str  # relative to the registry, with {iin} for the party's IIN
    fields: dict[str, FieldType]


PERSON_FIELDS: dict[str, FieldType] = {
    "iin": "string",
    "first_name": "string",
    "last_name": "string",
    "patronymic": "string",
    "sex": "string",
    "birth_date": "date",
    "citizenship": "string",
    "region": "string",
    "address": "string",
    "mother_iin": "string",
    "father_iin": "string",
    "spouse_iin": "string",
    "alive": "bool",
    "death_date": "date",
    "phone": "string",
    "language": "string",
    "has_bank_account": "bool",
    "birth_order": "int",
}

LOOKUPS: dict[str, Lookup] = {
    "person": Lookup("population", "/persons/{iin}", PERSON_FIELDS),
}
