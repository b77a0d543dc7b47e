"""The published JSON Schema of scenario files, as text (stable, so a test can compare)."""

from __future__ import annotations

import json

from engine.scenarios.model import json_schema


def schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
