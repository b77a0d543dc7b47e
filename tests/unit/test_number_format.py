"""Numbers in citizens' texts: grouped by non-breaking spaces from five digits on, with the
decimal mark of the language (a comma in Kazakh and Russian, a point in English)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from engine.kernel.texts import format_value, render


@pytest.mark.parametrize(
    ("value", "lang", "shown"),
    [
        (164_350, "kk", "164\u00a0350"),
        (164_350, "en", "164\u00a0350"),
        (4325, "ru", "4325"),
        (Decimal("6.81"), "kk", "6,81"),
        (Decimal("6.81"), "ru", "6,81"),
        (Decimal("6.81"), "en", "6.81"),
        (Decimal("12345.50"), "en", "12\u00a0345.5"),
        (Decimal("8.00"), "en", "8"),
    ],
)
def test_numbers_are_written_as_the_language_writes_them(
    value: int | Decimal, lang: str, shown: str
) -> None:
    assert format_value(value, lang) == shown  # type: ignore[arg-type]


def test_a_template_is_filled_in_the_language_asked() -> None:
    values = {"coefficient": Decimal("6.81"), "amount_kzt": 29_453}
    template = "{amount_kzt} KZT ({coefficient} × MCI)"
    assert render(template, values, "en") == "29\u00a0453 KZT (6.81 × MCI)"
    assert render(template, values, "ru") == "29\u00a0453 KZT (6,81 × MCI)"
