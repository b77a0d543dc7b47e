"""Numbers, dates and counted nouns in citizens' texts, by CLDR: grouped digits and the decimal
mark of the language, the long date style, and nouns that agree with their number."""

from __future__ import annotations

from decimal import Decimal

import pytest

from engine.kernel.texts import format_value, render


@pytest.mark.parametrize(
    ("value", "lang", "shown"),
    [
        (164_350, "kk", "164\u00a0350"),
        (164_350, "en", "164,350"),
        (4325, "ru", "4\u00a0325"),
        (Decimal("6.81"), "kk", "6,81"),
        (Decimal("6.81"), "ru", "6,81"),
        (Decimal("6.81"), "en", "6.81"),
        (Decimal("12345.50"), "en", "12,345.5"),
        (Decimal("8.00"), "en", "8"),
        (True, "ru", "да"),
        ("2026-03-10", "kk", "2026\u202fж. 10 наурыз"),
    ],
)
def test_values_are_written_as_the_language_writes_them(
    value: int | Decimal, lang: str, shown: str
) -> None:
    assert format_value(value, lang) == shown  # type: ignore[arg-type]


def test_a_template_is_filled_in_the_language_asked() -> None:
    values = {"coefficient": Decimal("6.81"), "amount_kzt": 29_453, "year": 2014}
    template = "{amount_kzt|money} ({coefficient} × {year|plain})"
    assert render(template, values, "en") == "29,453\u00a0₸ (6.81 × 2014)"
    assert render(template, values, "ru") == "29\u00a0453\u00a0₸ (6,81 × 2014)"


def test_a_key_is_filled_without_any_language_formatting() -> None:
    assert render("{event.iin}:{n}", {"event": {"iin": "900101400005"}, "n": 12345}) == (
        "900101400005:12345"
    )
