"""JSON Schemas of the authoring formats, exported from the pydantic models so that editors
can validate rule, life-event and parameter files as they are typed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from engine.kernel.life_events import LifeEvent
from engine.kernel.parameters import Parameter, ParameterFile
from engine.kernel.rules import Rule

SCHEMAS: dict[str, type[BaseModel]] = {
    "rule": Rule,
    "life_event": LifeEvent,
    "parameter": Parameter,
    "parameter_file": ParameterFile,
}


def schema_texts() -> dict[str, str]:
    texts: dict[str, str] = {}
    for name, model in SCHEMAS.items():
        schema: dict[str, Any] = model.model_json_schema(by_alias=True)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://proactive.example/schemas/{name}.json"
        texts[f"{name}.json"] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return texts


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(folder: Path) -> list[str]:
    """Names of schema files that differ from the models (or are missing)."""
    stale = []
    for name, text in schema_texts().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale
