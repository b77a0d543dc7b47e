"""The logging filter every process installs: whatever a logger is given, no full IIN comes
out of a handler, and uvicorn's access log keeps working."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import httpx
import pytest

from engine.iinmask import MaskIINs, mask, mask_iins

IIN = "791028302728"
NOT_AN_IIN = "791028302729"  # wrong check digit: an ordinary number, left alone


def test_one_mask_shows_only_the_date_part() -> None:
    assert mask(IIN) == "791028******"
    assert mask("") == "-"


def test_only_numbers_passing_the_check_digit_are_masked() -> None:
    text = f"GET /persons/{IIN} then {NOT_AN_IIN} and 1{IIN}"
    assert mask_iins(text) == f"GET /persons/791028****** then {NOT_AN_IIN} and 1{IIN}"


@pytest.fixture
def captured() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskIINs())
    logger = logging.getLogger("tests.security.masking")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    yield logger, stream
    logger.removeHandler(handler)


def test_messages_arguments_and_tracebacks_are_masked(
    captured: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = captured
    logger.info("citizen %s url %s", IIN, httpx.URL(f"http://population/persons/{IIN}"))
    logger.info(f"inline {IIN}")
    logger.info("mapping %(who)s", {"who": IIN})
    try:
        raise RuntimeError(f"lookup of {IIN} failed")
    except RuntimeError:
        logger.exception("failed")
    written = stream.getvalue()
    assert IIN not in written
    assert written.count("791028******") == 5


def test_access_log_records_keep_their_shape(captured: tuple[logging.Logger, io.StringIO]) -> None:
    from uvicorn.logging import AccessFormatter

    logger, stream = captured
    logger.handlers[0].setFormatter(AccessFormatter("%(request_line)s %(status_code)s"))
    logger.info(
        '%s - "%s %s HTTP/%s" %d', "127.0.0.1:1", "GET", f"/api/citizens/{IIN}/inbox", "1.1", 200
    )
    assert stream.getvalue().strip() == "GET /api/citizens/791028******/inbox HTTP/1.1 200 OK"
