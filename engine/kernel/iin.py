"""Kazakhstan's individual identification number (IIN / ЖСН) and business number (BIN).

Structure and check digit follow the Law of RK of 12 Jan 2007 No. 223 and the formation rules
of Government Decree No. 406 (22 May 2007): YYMMDD, a century-and-sex digit, a four-digit serial
and a check digit computed mod 11 with two weight vectors. A number whose second pass also gives
10 is never issued.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

WEIGHTS_FIRST = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
WEIGHTS_SECOND = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

_CENTURY_BY_DIGIT = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


class InvalidIIN(ValueError):
    """The number is not a well-formed IIN; the message says why."""


def check_digit(first_eleven: str) -> int | None:
    """The check digit for eleven digits, or None when such a number is never issued."""
    digits = [int(c) for c in first_eleven]
    remainder = sum(d * w for d, w in zip(digits, WEIGHTS_FIRST, strict=True)) % 11
    if remainder == 10:
        remainder = sum(d * w for d, w in zip(digits, WEIGHTS_SECOND, strict=True)) % 11
        if remainder == 10:
            return None
    return remainder


def iin_problem(value: str) -> str | None:
    """Why the value is not a valid IIN, or None when it is valid."""
    if len(value) != 12 or not value.isdigit():
        return "an IIN has exactly 12 digits"
    if int(value[6]) not in _CENTURY_BY_DIGIT:
        return "digit 7 (century and sex) must be 1 to 6"
    expected = check_digit(value[:11])
    if expected is None:
        return "this serial is never issued (both check-digit passes give 10)"
    if expected != int(value[11]):
        return f"check digit is {value[11]}, expected {expected}"
    return None


def is_valid_iin(value: str) -> bool:
    return iin_problem(value) is None


def validate_iin(value: str) -> str:
    problem = iin_problem(value)
    if problem is not None:
        raise InvalidIIN(problem)
    return value


@dataclass(frozen=True)
class IINParts:
    birth_date: date | None
    sex: str
    serial: int


def parse_iin(value: str) -> IINParts:
    """The parts encoded in a valid IIN. After 2013 the date part may legally differ from the
    holder's birth date (Decree No. 853 of 26 Aug 2013), so callers must not reject a record
    for that; ``birth_date`` is None when the date part is not a calendar date."""
    validate_iin(value)
    century_digit = int(value[6])
    year = _CENTURY_BY_DIGIT[century_digit] + int(value[0:2])
    try:
        birth = date(year, int(value[2:4]), int(value[4:6]))
    except ValueError:
        birth = None
    return IINParts(
        birth_date=birth, sex="M" if century_digit % 2 == 1 else "F", serial=int(value[7:11])
    )


def make_iin(birth_date: date, sex: str, serial: int) -> str | None:
    """The IIN for a birth date, sex ('M' or 'F') and serial 0-9999, or None when that serial
    is never issued (the caller takes the next one)."""
    if not 0 <= serial <= 9999:
        raise ValueError("serial must be 0..9999")
    if sex not in ("M", "F"):
        raise ValueError("sex must be 'M' or 'F'")
    century = (birth_date.year // 100) * 100
    base = {1800: 1, 1900: 3, 2000: 5}.get(century)
    if base is None:
        raise ValueError("birth year must be 1800..2099")
    digit7 = base + (0 if sex == "M" else 1)
    first = f"{birth_date:%y%m%d}{digit7}{serial:04d}"
    check = check_digit(first)
    return None if check is None else f"{first}{check}"


def bin_problem(value: str) -> str | None:
    """Why the value is not a valid BIN, or None."""
    if len(value) != 12 or not value.isdigit():
        return "a BIN has exactly 12 digits"
    if value[4] not in "456":
        return "digit 5 (entity type) must be 4, 5 or 6"
    if value[5] not in "0123":
        return "digit 6 (entity attribute) must be 0 to 3"
    expected = check_digit(value[:11])
    if expected is None or expected != int(value[11]):
        return "check digit does not match"
    return None
