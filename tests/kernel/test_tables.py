"""Decision tables: row tests, and the static check for overlaps and gaps."""

from __future__ import annotations

import ast

import pytest

from engine.kernel.dictionary import Domain
from engine.kernel.tables import InputSpace, check_rows, row_condition, unary_test


@pytest.mark.parametrize(
    ("test", "expected"),
    [
        ("-", None),
        ("[1..3]", "1 <= (n) <= 3"),
        ("(1100..1500]", "1100 < (n) <= 1500"),
        (">= 4", "(n) >= 4"),
        ("4", "(n) == 4"),
        ("general", "(n) == 'general'"),
        ("general, childhood", "(n) in ['general', 'childhood']"),
    ],
)
def test_unary_tests_become_conditions(test: str, expected: str | None) -> None:
    assert unary_test("n", test) == expected


def rows(*conditions: str) -> list[ast.expr]:
    return [ast.parse(c, mode="eval").body for c in conditions]


ORDER = {"n": InputSpace("int", Domain(minimum=1))}


def test_exclusive_rows_covering_the_domain_pass() -> None:
    assert check_rows(rows("n <= 3", "n >= 4"), "unique", ORDER) == ([], [])


def test_overlapping_rows_are_named_with_a_value_where_both_match() -> None:
    problems, _ = check_rows(rows("n <= 3", "n >= 3"), "unique", ORDER)
    assert problems == [
        "rows 1 and 2 both match when n = 3 (hit policy unique: make them exclusive, "
        "or use hit_policy: first)"
    ]


def test_overlaps_are_allowed_under_first() -> None:
    assert check_rows(rows("n <= 3", "n >= 3"), "first", ORDER) == ([], [])


def test_a_gap_is_found_between_rows() -> None:
    problems, _ = check_rows(rows("n <= 3", "n >= 5"), "unique", ORDER)
    assert problems == ["no row matches when n = 4 (add a row for it)"]


def test_decimal_inputs_have_gaps_between_whole_numbers() -> None:
    space = {"x": InputSpace("decimal")}
    problems, _ = check_rows(rows("x <= 3", "x >= 4"), "unique", space)
    assert problems and "x = 3.5" in problems[0]


def test_enumerations_over_two_inputs() -> None:
    spaces = {
        "cause": InputSpace("string", Domain(values=("general", "child"))),
        "group": InputSpace("int", Domain(values=(1, 2))),
    }
    conditions = [
        row_condition(["cause", "group"], ["general", "1"]),
        row_condition(["cause", "group"], ["general", "2"]),
        row_condition(["cause", "group"], ["child", "-"]),
    ]
    assert check_rows(rows(*conditions), "unique", spaces) == ([], [])
    problems, _ = check_rows(rows(*conditions[:2]), "unique", spaces)
    assert problems == ["no row matches when cause = 'child' and group = 1 (add a row for it)"]


def test_rows_that_are_not_comparisons_are_reported_as_unchecked() -> None:
    problems, notes = check_rows(rows("n * 2 > m"), "unique", ORDER)
    assert problems == [] and "not checked" in notes[0]
