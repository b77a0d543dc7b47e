"""The data dictionary: which fields each registry lookup yields, so that a rule naming a field
that does not exist is refused when it is loaded, not when a citizen is waiting."""

from __future__ import annotations

from typing import Literal

FieldType = Literal["string", "int", "decimal", "bool", "date", "list"]

LOOKUPS: dict[str, dict[str, FieldType]] = {
    "person": {
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
    },
}

LOOKUP_REGISTRY: dict[str, str] = {"person": "population"}
