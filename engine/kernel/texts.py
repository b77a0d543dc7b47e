"""Texts in the three languages of the service: Kazakh, Russian and English."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from engine.kernel.l10n import CATEGORY_ORDER, YES_NO, counted, day, locale_of, money, number

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


_PLACEHOLDER = re.compile(r"\{([a-zA-Z_][a-zA-Z0-9_.]*)(?:\|([a-z]+)(?::([^{}]*))?)?\}")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FILTERS = ("money", "date", "plain", "count")


def placeholders(template: str) -> list[str]:
    return [match[0] for match in _PLACEHOLDER.findall(template)]


def filters(template: str) -> list[str]:
    """The filters a template uses (``{amount_kzt|money}`` uses ``money``)."""
    return [match[1] for match in _PLACEHOLDER.findall(template) if match[1]]


def format_value(value: Any, lang: Lang | None = None) -> str:
    """A value as the language writes it, by CLDR: numbers grouped with the language's decimal
    mark, dates in its long style, yes and no as words. Without a language (keys, not texts),
    the value as it is."""
    if lang is None:
        return str(value).lower() if isinstance(value, bool) else str(value)
    if isinstance(value, bool):
        return YES_NO[value][lang]
    if isinstance(value, int | Decimal | float):
        return number(value, lang)
    if isinstance(value, date):
        return day(value, lang)
    if isinstance(value, str) and _ISO_DATE.match(value):
        return day(date.fromisoformat(value), lang)
    return str(value)


def _filtered(value: Any, name: str, argument: str, lang: Lang | None) -> str:
    """``money``: tenge (``272 475 ₸``); ``date``: a date in the long style; ``plain``: as
    stored (a year: ``2014``); ``count:FORMS``: the number and its noun in agreement, the
    forms listed for the language's CLDR plural categories in order (Russian ``one, few,
    many``: ``{n|count:ребёнок,ребёнка,детей}``; Kazakh and English ``one, other``)."""
    if lang is None or name == "plain":
        return format_value(value, None)
    if name == "money":
        return money(Decimal(str(value)), lang)
    if name == "count":
        forms = [form.strip() for form in argument.split(",")]
        categories = [c for c in CATEGORY_ORDER if c in locale_of(lang).plural_form.tags]
        categories.append("other")
        named = {c: forms[min(i, len(forms) - 1)] for i, c in enumerate(categories)}
        return counted(int(value), named, lang)
    return format_value(value, lang)


def render(template: str, values: dict[str, Any], lang: Lang | None = None) -> str:
    """Fill ``{name}``, ``{name.attr}`` and ``{name|filter}`` placeholders as ``lang`` writes
    them; an unknown placeholder is left visible."""

    def substitute(match: re.Match[str]) -> str:
        path, name, argument = match.group(1), match.group(2), match.group(3) or ""
        if path in values:
            current: Any = values[path]
        else:
            current = values
            for part in path.split("."):
                if isinstance(current, dict) and part in current:
                    current = current[part]
                else:
                    return match.group(0)
        return _filtered(current, name, argument, lang) if name else format_value(current, lang)

    return _PLACEHOLDER.sub(substitute, template)
