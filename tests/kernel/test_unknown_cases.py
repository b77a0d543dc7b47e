"""A rule's test case whose outcome is unknown because the case left out a fact the rule reads
fails, naming the fact and the case's file:line; a case that means to test the unknown outcome
says so and names the missing fact."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine.cli import app

RULE = "rules/childcare_allowance.yaml"
CASE = "  - name: an insured mother gets the insurance payment instead\n"


def rules_test(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(workspace)
    result = CliRunner().invoke(app, ["rules", "test", RULE])
    return result.exit_code, result.stdout


def with_case(workspace: Path, facts: str, expect: str) -> int:
    """Adds a case before a known one; returns the line the new case starts on."""
    file = workspace / RULE
    text = file.read_text(encoding="utf-8")
    case = (
        "  - name: the case under test\n"
        '    event: {birth_date: 2026-02-01, child_iin: "260201600014", '
        'mother_iin: "900101400003"}\n'
        f"    facts:\n{facts}"
        f"    expect: {expect}\n"
    )
    at = text.index(CASE)
    file.write_text(text[:at] + case + text[at:], encoding="utf-8")
    return text[:at].count("\n") + 1


ALL_BUT_CITIZENSHIP = (
    "      mother: {}\n      child: {birth_order: 2}\n      mother_insurance: {insured: false}\n"
)


def test_a_case_that_leaves_out_a_fact_fails_naming_it_and_its_line(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = with_case(workspace, ALL_BUT_CITIZENSHIP, "{outcome: eligible}")
    code, out = rules_test(workspace, monkeypatch)
    assert code == 1
    assert f"{RULE}:{line}: the outcome is unknown because the case does not give " in out
    assert "mother.citizenship" in out
    assert "expect outcome: unknown with missing: [mother.citizenship]" in out
    assert "1 failed" in out


def test_a_case_expecting_unknown_must_name_the_fact_it_leaves_out(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = with_case(workspace, ALL_BUT_CITIZENSHIP, "{outcome: unknown}")
    code, out = rules_test(workspace, monkeypatch)
    assert code == 1
    assert f"{RULE}:{line}: the outcome is unknown because the case does not give " in out
    assert "name what it leaves out under expect (missing: [mother.citizenship])" in out


def test_a_case_expecting_unknown_and_naming_the_missing_fact_passes(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_case(workspace, ALL_BUT_CITIZENSHIP, "{outcome: unknown, missing: [mother.citizenship]}")
    code, out = rules_test(workspace, monkeypatch)
    assert code == 0, out
    assert "0 failed" in out


def test_a_case_naming_only_some_of_what_it_leaves_out_fails_on_the_rest(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = "      mother: {}\n      child: {birth_order: 2}\n      mother_insurance: null\n"
    with_case(workspace, facts, "{outcome: unknown, missing: [mother.citizenship]}")
    code, out = rules_test(workspace, monkeypatch)
    assert code == 1
    assert "does not give mother_insurance.insured, which the rule reads" in out
    assert "mother.citizenship," not in out


def test_a_fact_the_case_gives_is_not_an_excuse(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = "      mother: {citizenship: citizen}\n      child: {birth_order: 2}\n"
    facts += "      mother_insurance: {insured: false}\n"
    with_case(workspace, facts, "{outcome: unknown, missing: [mother.citizenship]}")
    code, out = rules_test(workspace, monkeypatch)
    assert code == 1
    assert "outcome is eligible, expected unknown" in out
