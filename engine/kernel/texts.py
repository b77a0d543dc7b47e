"""Texts in the three languages of the service: Kazakh, Russian and English."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Lang = Literal["kk", "ru", "en"]
LANGUAGES: tuple[Lang, ...] = ("kk", "ru", "en")


class Text(BaseModel):
    """One sentence or title, required in every language."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kk: str = Field(min_length=1)
    ru: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def in_(self, lang: Lang) -> str:
        value: str = getattr(self, lang)
        return value


_PLACEHOLDER = re.compile(r"\{([a-zA-Z_][a-zA-Z0-9_.]*)\}")


def placeholders(template: str) -> list[str]:
    return _PLACEHOLDER.findall(template)


def format_value(value: Any, lang: Lang | None = None) -> str:
    """Numbers as Kazakhstan writes them: from five digits on, groups of three separated by a
    (non-breaking) space; years and other four-digit numbers stay whole. The decimal mark is
    a comma in Kazakh and Russian, a point in English."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        if abs(value) < 10_000:
            return str(value)
        return f"{value:,}".replace(",", "\u00a0")
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return format_value(int(value))
        whole, _, fraction = f"{value:f}".partition(".")
        mark = "." if lang == "en" else ","
        return f"{format_value(int(whole))}{mark}{fraction.rstrip('0')}"
    return str(value)


def render(template: str, values: dict[str, Any], lang: Lang | None = None) -> str:
    """Fill ``{name}`` and ``{name.attr}`` placeholders, numbers written as ``lang`` writes
    them; an unknown placeholder is left visible."""

    def substitute(match: re.Match[str]) -> str:
        path = match.group(1)
        if path in values:
            return format_value(values[path], lang)
        current: Any = values
        for part in path.split("."):
            if isinstance(current, dict) and part in current:
                current = current[part]
            else:
                return match.group(0)
        return format_value(current, lang)

    return _PLACEHOLDER.sub(substitute, template)
