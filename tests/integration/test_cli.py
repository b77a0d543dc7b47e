"""The command line: tokens, rule validation and the serve guard."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from engine.auth.tokens import verify
from engine.cli import app
from engine.config import DEFAULT_SECRET

runner = CliRunner()


def test_a_citizen_token_verifies_with_the_configured_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PROACTIVE_SECRET", "s3cret-for-this-test-only-0123456789")
    result = runner.invoke(app, ["token", "citizen", "791028302728"])
    assert result.exit_code == 0, result.output
    principal = verify(result.output.strip(), "s3cret-for-this-test-only-0123456789")
    assert (principal.kind, principal.subject) == ("citizen", "791028302728")


def test_a_token_for_an_invalid_iin_is_refused() -> None:
    result = runner.invoke(app, ["token", "citizen", "791028302727"])
    assert result.exit_code == 2
    assert "check digit" in result.output


def test_an_official_token_names_the_agency(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROACTIVE_SECRET", raising=False)
    result = runner.invoke(app, ["token", "official", "control_room", "--role", "analyst"])
    assert result.exit_code == 0, result.output
    principal = verify(result.output.strip(), DEFAULT_SECRET)
    assert (principal.kind, principal.subject, principal.role) == (
        "official",
        "control_room",
        "analyst",
    )


def test_an_unknown_agency_is_refused_with_the_list() -> None:
    result = runner.invoke(app, ["token", "official", "kgb"])
    assert result.exit_code == 2
    assert "control_room" in result.output


def test_serve_refuses_the_default_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROACTIVE_SECRET", raising=False)
    monkeypatch.setenv("PROACTIVE_MODE", "production")
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 2
    assert "PROACTIVE_SECRET" in result.output
