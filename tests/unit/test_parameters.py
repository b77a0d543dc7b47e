from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from engine.kernel.catalogue import load_catalogue
from engine.kernel.parameters import Parameter, ParameterNotInForce

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def parameters():  # type: ignore[no-untyped-def]
    return load_catalogue(ROOT / "rules", ROOT / "life_events").parameters


@pytest.mark.parametrize(
    ("day", "mrp"),
    [
        (date(2024, 1, 1), 3692),
        (date(2024, 12, 31), 3692),
        (date(2025, 1, 1), 3932),
        (date(2025, 7, 15), 3932),
        (date(2026, 1, 1), 4325),
        (date(2026, 12, 31), 4325),
    ],
)
def test_mrp_in_force_on_a_date(parameters, day: date, mrp: int) -> None:  # type: ignore[no-untyped-def]
    assert parameters.value("mrp", day) == Decimal(mrp)


def test_each_value_carries_its_legal_reference(parameters) -> None:  # type: ignore[no-untyped-def]
    resolved = parameters.resolved("mrp", date(2026, 3, 1))
    assert "2026–2028" in resolved.reference.act
    assert resolved.reference.title is not None
    assert "2026–2028" in resolved.reference.title.ru
    assert resolved.reference.confirmed is False  # read in the press, not yet in the law


@pytest.mark.parametrize("day", [date(2023, 12, 31), date(2027, 1, 1)])
def test_a_value_not_in_force_is_an_error_naming_parameter_and_date(parameters, day: date) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ParameterNotInForce) as error:
        parameters.value("mrp", day)
    assert "'mrp'" in str(error.value) and str(day) in str(error.value)


def test_overlapping_periods_are_refused() -> None:
    raw = {
        "id": "x",
        "title": {"kk": "x", "ru": "x", "en": "x"},
        "unit": "KZT",
        "values": [
            {"from": "2024-01-01", "value": 1, "reference": {"act": "a"}},
            {"from": "2025-01-01", "value": 2, "reference": {"act": "b"}},
        ],
    }
    with pytest.raises(ValidationError, match="overlap"):
        Parameter.model_validate(raw)
