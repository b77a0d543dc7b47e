"""`proactive rules test --coverage` names every condition never seen holding or failing and
every table row no test case chooses; a test case that exercises one removes it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from engine.cli import app

RULE = "rules/childcare_allowance.yaml"


def case(name: str, citizenship: str, order: int, amount: int | None = None) -> dict[str, object]:
    expect: dict[str, object] = {"outcome": "eligible" if amount else "not_eligible"}
    if amount:
        expect["amount_kzt"] = amount
    return {
        "name": name,
        "event": {"birth_date": "2026-02-01", "child_iin": "260201600011"},
        "facts": {
            "mother": {"citizenship": citizenship},
            "child": {"birth_order": order},
            "mother_insurance": {"insured": False},
        },
        "expect": expect,
    }


def coverage_lines(workspace: Path, cases: list[dict[str, object]]) -> list[str]:
    path = workspace / RULE
    rule = yaml.safe_load(path.read_text(encoding="utf-8"))
    rule["tests"] = cases
    path.write_text(yaml.safe_dump(rule, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(app, ["rules", "test", "--coverage", RULE])
    assert result.exit_code == 0, result.stdout
    return result.stdout.strip().splitlines()


def test_untested_branches_are_named_until_a_case_covers_them(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workspace)
    first = case("first child, 5.76 MCI", "citizen", 1, 24_912)
    fourth = case("fourth child, 8.90 MCI", "citizen", 4, 38_493)
    lines = coverage_lines(workspace, [first, fourth])
    assert lines[0] == "kz.childcare_allowance: 4/8 branches tested"
    assert lines[1:5] == [
        "    condition 'mother_resident' never fails in a test case",
        "    condition 'mother_not_insured' never fails in a test case",
        "    table 'coefficient': row 2 (when 2) is chosen by no test case",
        "    table 'coefficient': row 3 (when 3) is chosen by no test case",
    ]
    assert lines[-2:] == [
        "coverage: 4/8 branches tested; 0 of 1 rules fully tested",
        "2 passed, 0 failed",
    ]

    second = case("second child, 6.81 MCI", "citizen", 2, 29_453)
    third = case("third child, 7.85 MCI", "kandas", 3, 33_951)
    foreigner = case("a foreign mother", "foreigner", 1)
    lines = coverage_lines(workspace, [first, fourth, second, third, foreigner])
    assert lines[0] == "kz.childcare_allowance: 7/8 branches tested"
    assert lines[1] == "    condition 'mother_not_insured' never fails in a test case"
    assert lines[-1] == "5 passed, 0 failed"


def test_every_rule_of_the_catalogue_is_fully_tested(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Error guards are counted apart: the disability table's guard for a 'child' cause at 18
    or over is exercised by a case expecting its message."""
    monkeypatch.chdir(workspace)
    result = CliRunner().invoke(app, ["rules", "test", "--coverage", "--verbose"])
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.splitlines()
    summary = next(line for line in lines if line.startswith("coverage: "))
    tested, total = summary.split(" ")[1].split("/")
    assert tested == total
    rules = summary.split("; ")[1].split(" ")
    assert rules[0] == rules[2], summary
    assert any(
        line.startswith("kz.disability_benefit: ") and line.endswith("(1/1 error guards exercised)")
        for line in lines
    )
