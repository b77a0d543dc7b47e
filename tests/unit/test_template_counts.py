"""Every template that counts something is read with 1, 2, 5 and 21 in Russian and Kazakh:
the noun agrees with the number by CLDR's plural rules, and nothing is left unfilled."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from engine.kernel.catalogue import load_catalogue
from engine.kernel.rules import Rule
from engine.kernel.texts import placeholders, render

ROOT = Path(__file__).resolve().parents[2]
COUNTS = (1, 2, 5, 21)
CATALOGUE = load_catalogue(ROOT / "rules", ROOT / "life_events")
# a modifier sends no item of its own: its base's texts are the ones read
RULES = {c.rule.id: c.rule for c in CATALOGUE.rules.values() if c.rule.inbox is not None}


def values_for(template: str, count: int) -> dict[str, Any]:
    """Every placeholder of the template given ``count`` (or a date, for dates)."""
    values: dict[str, Any] = {}
    for name in placeholders(template):
        value: Any = "2026-03-10" if name.endswith("date") else Decimal(count)
        target = values
        *parents, last = name.split(".")
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = value
    return values


def texts(rule: Rule) -> list[tuple[str, str, str]]:
    inbox = rule.inbox
    assert inbox is not None
    found = [("title", inbox.title), ("body", inbox.body)]
    if inbox.after_the_date is not None:
        found += [("late body", inbox.after_the_date.body)]
    if inbox.when_nothing_due is not None:
        found += [("nothing-due title", inbox.when_nothing_due.title)]
        found += [("nothing-due body", inbox.when_nothing_due.body)]
    return [(name, lang, text.in_(lang)) for name, text in found for lang in ("kk", "ru")]


@pytest.mark.parametrize("rule_id", sorted(RULES))
@pytest.mark.parametrize("count", COUNTS)
def test_every_template_reads_whole_with_any_count(rule_id: str, count: int) -> None:
    for name, lang, template in texts(RULES[rule_id]):
        shown = render(template, values_for(template, count), lang)  # type: ignore[arg-type]
        assert not re.search(r"\{[^}]*\}", shown), (name, lang, shown)


EXPECTED = {
    ("kz.large_family_allowance", "ru"): {
        1: "1 несовершеннолетний ребёнок",
        2: "2 несовершеннолетних ребёнка",
        5: "5 несовершеннолетних детей",
        21: "21 несовершеннолетний ребёнок",
    },
    ("kz.large_family_allowance", "kk"): {n: f"{n} кәмелетке толмаған бала" for n in COUNTS},
    ("kz.survivor_benefit", "ru"): {
        1: "На 1 ребёнка",
        2: "На 2 детей",
        5: "На 5 детей",
        21: "На 21 ребёнка",
    },
    ("kz.deceased_vehicles_and_tax", "ru"): {
        1: "зарегистрировано 1 транспортное средство",
        2: "зарегистрировано 2 транспортных средства",
        5: "зарегистрировано 5 транспортных средств",
        21: "зарегистрировано 21 транспортное средство",
    },
    ("kz.deceased_vehicles_and_tax", "kk"): {n: f"{n} көлік құралы" for n in COUNTS},
}


@pytest.mark.parametrize(("rule_id", "lang"), sorted(EXPECTED))
def test_counted_nouns_agree_in_russian_and_kazakh(rule_id: str, lang: str) -> None:
    template = RULES[rule_id].inbox.body.in_(lang)  # type: ignore[arg-type]
    for count, phrase in EXPECTED[(rule_id, lang)].items():
        assert phrase in render(template, values_for(template, count), lang).replace("\u00a0", " ")  # type: ignore[arg-type]
