"""Dates, times, numbers, money and plurals as each language writes them, through CLDR (Babel):
one style per language everywhere. Times are shown in Almaty time."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date as cldr_date
from babel.numbers import format_decimal

# Kazakhstan's one time zone (UTC+5, since 1 March 2024), named after its tz database entry.
KZ_TIME = timezone(timedelta(hours=5), "Asia/Almaty")
LOCALES = {"kk": "kk_KZ", "ru": "ru_RU", "en": "en_GB"}
ZONE = {"kk": "Алматы уақыты", "ru": "время Алматы", "en": "Almaty time"}
YES_NO = {
    True: {"kk": "иә", "ru": "да", "en": "yes"},
    False: {"kk": "жоқ", "ru": "нет", "en": "no"},
}
CATEGORY_ORDER = ("zero", "one", "two", "few", "many", "other")


@cache
def locale_of(lang: str) -> Locale:
    return Locale.parse(LOCALES.get(lang, LOCALES["en"]))


def day(value: date, lang: str) -> str:
    """``5 декабря 2026 г.``, ``2026 ж. 5 желтоқсан``, ``5 December 2026``."""
    return cldr_date(value, format="long", locale=locale_of(lang))


def moment(value: datetime, lang: str, *, zone: bool = True) -> str:
    """A time in Almaty, with its date, and the zone named unless ``zone`` is False."""
    local = value.astimezone(KZ_TIME)
    shown = f"{day(local.date(), lang)} {local.strftime('%H:%M')}"
    return f"{shown} ({ZONE.get(lang, ZONE['en'])})" if zone else shown


def number(value: int | float | Decimal, lang: str) -> str:
    """Grouped digits and the language's decimal mark: ``272 475``, ``6,81``."""
    return format_decimal(value, locale=locale_of(lang))


def money(kzt: int | float | Decimal, lang: str) -> str:
    """Tenge as every page writes them: ``272 475 ₸``."""
    return f"{number(kzt, lang)}\u00a0₸"


def plural(count: int, forms: dict[str, str], lang: str) -> str:
    """The form of a word for ``count`` by the language's CLDR plural rule (``one``, ``few``,
    ``many``, ``other``), falling back to ``other``."""
    category = locale_of(lang).plural_form(abs(count))
    return forms.get(category, forms["other"])


def counted(count: int, forms: dict[str, str], lang: str) -> str:
    """A number with its noun in agreement: ``4 ребёнка``, ``21 ребёнок``, ``5 детей``."""
    return f"{number(count, lang)} {plural(count, forms, lang)}"
