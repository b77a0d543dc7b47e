from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.kernel.iin import (
    InvalidIIN,
    bin_problem,
    check_digit,
    iin_problem,
    make_iin,
    parse_iin,
    validate_iin,
)


@pytest.mark.parametrize("iin", ["791028302728", "061211600012"])
def test_published_examples_are_valid(iin: str) -> None:
    assert iin_problem(iin) is None


def test_wrong_check_digit_names_the_expected_one() -> None:
    assert iin_problem("791028302727") == "check digit is 7, expected 8"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("79102830272", "an IIN has exactly 12 digits"),
        ("79102830272a", "an IIN has exactly 12 digits"),
        ("791028702728", "digit 7 (century and sex) must be 1 to 6"),
    ],
)
def test_malformed_numbers_are_refused_with_a_reason(value: str, reason: str) -> None:
    assert iin_problem(value) == reason
    with pytest.raises(InvalidIIN, match="digit"):
        validate_iin(value)


def test_second_weight_pass_is_used_when_the_first_gives_ten() -> None:
    # find a prefix whose first pass gives 10, then check the second pass decides
    for serial in range(10000):
        prefix = f"9005014{serial:04d}"
        first = sum(int(d) * w for d, w in zip(prefix, range(1, 12), strict=True)) % 11
        if first == 10:
            second_weights = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
            second = sum(int(d) * w for d, w in zip(prefix, second_weights, strict=True)) % 11
            assert check_digit(prefix) == (None if second == 10 else second)
            return
    pytest.fail("no prefix needing the second pass found")


def test_serials_never_issued_are_skipped_by_the_generator() -> None:
    never_issued = [s for s in range(10000) if make_iin(date(1990, 5, 1), "F", s) is None]
    assert never_issued, "about 0.8% of serials are never issued"
    assert len(never_issued) < 200


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    st.sampled_from(["M", "F"]),
    st.integers(min_value=0, max_value=9999),
)
def test_every_generated_iin_is_valid_and_parses_back(born: date, sex: str, serial: int) -> None:
    iin = make_iin(born, sex, serial)
    if iin is None:
        return
    assert iin_problem(iin) is None
    parts = parse_iin(iin)
    assert (parts.birth_date, parts.sex, parts.serial) == (born, sex, serial)


def test_bin_checks_type_and_attribute_digits() -> None:
    assert bin_problem("123436789012") == "digit 5 (entity type) must be 4, 5 or 6"
    assert bin_problem("123446789012") == "digit 6 (entity attribute) must be 0 to 3"
    prefix = "08014000011"
    check = check_digit(prefix)
    assert check is not None
    assert bin_problem(f"{prefix}{check}") is None
