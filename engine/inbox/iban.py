"""Kazakhstan's IBAN: ``KZ``, two check digits, a three-character bank code and a thirteen-
character account (20 characters), checked with ISO 13616 mod 97."""

from __future__ import annotations

import re

_SHAPE = re.compile(r"^KZ\d{2}[0-9A-Z]{16}$")


def normalise_iban(value: str) -> str:
    return re.sub(r"[\s\-]", "", value).upper()


def iban_problem(value: str) -> str | None:
    """Why the value is not a Kazakh IBAN, or None."""
    iban = normalise_iban(value)
    if not _SHAPE.match(iban):
        return "a Kazakh IBAN is KZ followed by 18 letters and digits (20 characters)"
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    if int(number) % 97 != 1:
        return "the IBAN's check digits do not match: a character is probably mistyped"
    return None
