"""Which citizen an event is about, so that one citizen's events are handled in order."""

from __future__ import annotations

from typing import Any

# The person whose case an event opens or changes, in order of preference.
SUBJECT_FIELDS = ("mother_iin", "iin", "owner_iin", "spouse1_iin", "child_iin", "owner_bin")


def subject_key(data: dict[str, Any]) -> str:
    for field in SUBJECT_FIELDS:
        value = data.get(field)
        if isinstance(value, str) and value:
            return value
    return ""
