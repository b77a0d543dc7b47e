"""IINs never reach a log in full: one mask format everywhere, and a logging filter that masks
any IIN a message, its arguments or a traceback still carries (URLs logged by libraries
included)."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

from engine.kernel.iin import is_valid_iin

# Only the date part is shown, as on the dashboard: two different masks of the same number
# (one keeping the head, one the tail) would together give it away.
_SHOWN = 6
_DIGITS = re.compile(r"(?<!\d)\d{12}(?!\d)")
# Libraries that log what they are asked for (URLs, request lines) through loggers of their own.
LIBRARY_LOGGERS = ("httpx", "httpcore", "uvicorn", "uvicorn.access", "uvicorn.error")
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def mask(value: str) -> str:
    """An IIN as a log line may show it."""
    return value[:_SHOWN] + "*" * (len(value) - _SHOWN) if len(value) == 12 else "-"


def mask_iins(text: str) -> str:
    """The text with every 12-digit number that is a valid IIN masked."""
    return _DIGITS.sub(lambda m: mask(m[0]) if is_valid_iin(m[0]) else m[0], text)


def _masked_argument(value: object) -> object:
    if value is None or isinstance(value, int | float):
        return value
    text = str(value)
    masked = mask_iins(text)
    return value if masked == text else masked


class MaskIINs(logging.Filter):
    """Rewrites a record so that its message, its arguments and its traceback carry no full
    IIN; the arguments keep their shape, for formatters that read them (uvicorn's access
    log)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask_iins(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_masked_argument(arg) for arg in record.args)
        elif isinstance(record.args, Mapping):
            record.args = {key: _masked_argument(arg) for key, arg in record.args.items()}
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_iins(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_iins(record.stack_info)
        return True


_FILTER = MaskIINs()


def mask_library_loggers() -> None:
    """Mask IINs at the source in the libraries' loggers, whoever handles their records."""
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)


def configure_logging(level: int = logging.INFO) -> None:
    """A process's logging: one format, library chatter at warning, IINs masked on every
    handler (a logger of ours that forgot to mask is still caught there)."""
    logging.basicConfig(level=level, format=LOG_FORMAT)
    # the libraries' routine chatter (each HTTP request, each migration step) hides the engine's
    for name in ("httpx", "alembic"):
        logging.getLogger(name).setLevel(logging.WARNING)
    mask_library_loggers()
    for handler in logging.getLogger().handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)
