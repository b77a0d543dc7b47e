"""Finding full IINs in what a process logged."""

from __future__ import annotations

import logging
import re

from engine.kernel.iin import is_valid_iin

_TWELVE = re.compile(r"(?<!\d)\d{12}(?!\d)")


def iins_in(text: str) -> list[str]:
    return [number for number in _TWELVE.findall(text) if is_valid_iin(number)]


def rendered(record: logging.LogRecord) -> str:
    """Everything a handler could write for the record."""
    formatter = logging.Formatter("%(name)s %(message)s")
    text = formatter.format(record)
    return text if record.exc_text is None else f"{text}\n{record.exc_text}"
