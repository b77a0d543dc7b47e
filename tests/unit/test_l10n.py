"""Dates, money and plurals follow CLDR in each language."""

from __future__ import annotations

from datetime import UTC, date, datetime

from engine.kernel.l10n import day, moment, money, plural

CHILDREN = {"one": "ребёнок", "few": "ребёнка", "many": "детей", "other": "ребёнка"}


def test_one_date_style_per_language() -> None:
    assert day(date(2026, 12, 5), "ru") == "5 декабря 2026\u202fг."
    assert day(date(2026, 12, 5), "kk") == "2026\u202fж. 5 желтоқсан"
    assert day(date(2026, 12, 5), "en") == "5 December 2026"


def test_times_are_almaty_time_named() -> None:
    evening = datetime(2026, 12, 5, 20, 30, tzinfo=UTC)
    assert moment(evening, "ru") == "6 декабря 2026\u202fг. 01:30 (время Алматы)"
    assert moment(evening, "en", zone=False) == "6 December 2026 01:30"


def test_tenge_are_grouped_the_same_way_everywhere() -> None:
    assert money(272_475, "ru") == money(272_475, "kk") == "272\u00a0475\u00a0₸"
    assert money(272_475, "en") == "272,475\u00a0₸"


def test_russian_plurals_agree_with_the_count() -> None:
    counts = {n: plural(n, CHILDREN, "ru") for n in (1, 2, 4, 5, 11, 21, 22, 25)}
    assert counts == {
        1: "ребёнок",
        2: "ребёнка",
        4: "ребёнка",
        5: "детей",
        11: "детей",
        21: "ребёнок",
        22: "ребёнка",
        25: "детей",
    }
