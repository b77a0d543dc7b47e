"""Parameters by date, strictness, review warnings, and milestone dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from engine.kernel.catalogue import load_catalogue
from engine.kernel.life_events import (
    Age,
    Milestone,
    milestone_birth_range,
    milestone_date,
    milestone_dates,
)
from engine.kernel.parameters import ParameterNotInForce, ParameterNotYetPublished, ParameterStore

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def parameters() -> ParameterStore:
    return load_catalogue(ROOT / "rules", ROOT / "life_events", root=ROOT).parameters


def test_the_value_in_force_on_the_date_applies(parameters: ParameterStore) -> None:
    assert parameters.value("mrp", date(2024, 12, 31)) == 3692
    assert parameters.value("mrp", date(2025, 1, 1)) == 3932
    assert parameters.value("mrp", date(2026, 6, 1)) == 4325


def test_a_value_not_in_force_is_an_error_naming_parameter_and_date(
    parameters: ParameterStore,
) -> None:
    with pytest.raises(ParameterNotInForce, match=r"'mrp' has no value in force on 2023-12-31"):
        parameters.value("mrp", date(2023, 12, 31))


def test_a_value_not_yet_published_names_the_last_one(parameters: ParameterStore) -> None:
    with pytest.raises(
        ParameterNotYetPublished, match=r"'mrp' has no value in force on 2027-01-01"
    ):
        parameters.value("mrp", date(2027, 1, 1))
    try:
        parameters.value("mrp", date(2027, 1, 1))
    except ParameterNotYetPublished as gap:
        assert gap.last.value == 4325
        assert gap.last.valid_to == date(2026, 12, 31)


def test_values_due_for_review_are_warned_ahead(parameters: ParameterStore) -> None:
    quiet = parameters.review_warnings(date(2026, 3, 16), ahead_days=60)
    assert not any(w.parameter == "mrp" for w in quiet)
    soon = parameters.review_warnings(date(2026, 11, 1), ahead_days=60)
    messages = [w.message for w in soon if w.parameter == "mrp"]
    assert any("due for review on 2026-12-01" in m for m in messages)
    assert any("no value after 2026-12-31" in m for m in messages)


def test_what_if_values_never_touch_the_original(parameters: ParameterStore) -> None:
    copy = parameters.copy()
    copy.override("mrp", date(2026, 1, 1), 5000)  # type: ignore[arg-type]
    assert copy.value("mrp", date(2026, 6, 1)) == 5000
    assert parameters.value("mrp", date(2026, 6, 1)) == 4325


WOMEN = Milestone(age_parameter="retirement_age.women", sex="F")


@pytest.mark.parametrize(
    ("birth", "reached"),
    [
        (date(1965, 3, 10), date(2026, 3, 10)),  # 61 under the 2026 age
        (date(1966, 12, 15), date(2027, 12, 15)),  # 61 still in 2027
        (date(1967, 3, 1), date(2028, 9, 1)),  # 61 in 2028 is not enough: 61.5 then
        (date(1967, 6, 30), date(2028, 12, 30)),
        (date(1967, 8, 1), date(2029, 8, 1)),  # 61.5 falls in 2029, when 62 applies
        (date(1969, 1, 1), date(2032, 1, 1)),  # 63 from 2031
    ],
)
def test_the_womens_pension_age_rises_from_2028(
    parameters: ParameterStore, birth: date, reached: date
) -> None:
    assert milestone_date(WOMEN, birth, parameters) == reached


def test_one_and_a_half_years_rounds_down_at_month_end(parameters: ParameterStore) -> None:
    milestone = Milestone(age=Age(years=1, months=6))
    assert milestone_date(milestone, date(2024, 8, 31), parameters) == date(2026, 2, 28)


def test_birth_range_contains_every_milestone_in_the_window(parameters: ParameterStore) -> None:
    after, until = date(2028, 1, 1), date(2028, 12, 31)
    earliest, latest = milestone_birth_range(WOMEN, after, until, parameters)
    day = date(1965, 1, 1)
    while day < date(1968, 12, 31):
        reached = milestone_date(WOMEN, day, parameters)
        if after < reached <= until:
            assert earliest <= day <= latest
        day = date.fromordinal(day.toordinal() + 3)


@pytest.mark.parametrize(
    "milestone",
    [WOMEN, Milestone(age_parameter="retirement_age.men"), Milestone(age=Age(years=1, months=6))],
)
def test_milestone_dates_for_a_whole_population_match_one_by_one(
    parameters: ParameterStore, milestone: Milestone
) -> None:
    births = np.arange(np.datetime64("1955-01-01"), np.datetime64("1975-01-01"))
    together = milestone_dates(milestone, births, parameters)
    one_by_one = [milestone_date(milestone, day.astype(date), parameters) for day in births]
    assert [day.astype(date) for day in together] == one_by_one
