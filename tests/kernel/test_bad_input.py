"""Every kind of mistake an analyst makes is reported as file:line: message, and validate
exits 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine.cli import app

RULE = "rules/childbirth_allowance.yaml"


def validate(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(workspace)
    result = CliRunner().invoke(app, ["rules", "validate"])
    return result.exit_code, result.stdout


def edit(workspace: Path, old: str, new: str, path: str = RULE) -> int:
    file = workspace / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_the_catalogue_is_valid(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = validate(workspace, monkeypatch)
    assert code == 0, out
    assert "20 rules" in out


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("status: active", "status: [active", "malformed YAML"),
        (
            "delivery: consent",
            "delivry: consent",
            "unknown field 'delivry' (did you mean 'delivery'?)",
        ),
        ("window_hours: 72", "window_hours: three days", "valid integer"),
        (
            "      en: The mother is a citizen",
            "      fr: The mother is a citizen",
            "missing translation 'en'",
        ),
        (
            "mother.citizenship in",
            "mother.citizenshp in",
            "unknown name 'mother.citizenshp' (did you mean 'mother.citizenship'?)",
        ),
        (
            "child.birth_order >= 4",
            "child.birth_order >= 3",
            "rows 1 and 2 both match when child.birth_order = 3",
        ),
        (
            "expr: coefficient * params.mrp",
            "expr: coefficient * params.mrp / 0",
            "division by zero",
        ),
        (
            "valid_from: 2024-01-01",
            "valid_from: 2023-01-01",
            "parameter 'mrp' is not in force from 2023-01-01 to 2023-12-31",
        ),
        (
            "'citizen', 'kandas'",
            "'citizn', 'kandas'",
            "'citizn' is not a possible value (did you mean 'citizen'?)",
        ),
        ("agency: gfc", "agency: ministry", "unknown agency 'ministry'"),
    ],
)
def test_problem_is_reported_with_its_line(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, message: str
) -> None:
    line = edit(workspace, old, new)
    code, out = validate(workspace, monkeypatch)
    assert code == 1
    problem = next(p for p in out.splitlines() if message in p)
    assert problem.startswith(f"{RULE}:")
    reported = int(problem.split(":")[1])
    assert abs(reported - line) <= 12, (line, problem)


def test_a_gap_in_a_table_is_refused(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(
        workspace,
        '{when: ["3"], value: params.childcare_allowance.third}',
        '{when: ["5"], value: params.childcare_allowance.third}',
        "rules/childcare_allowance.yaml",
    )
    code, out = validate(workspace, monkeypatch)
    assert code == 1
    assert "no row matches when child.birth_order = 3" in out


def test_a_parameter_value_in_force_twice_is_refused(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(workspace, "    to: 2024-12-31\n", "    to: 2025-03-31\n", "rules/parameters/kz/mrp.yaml")
    code, out = validate(workspace, monkeypatch)
    assert code == 1
    assert "rules/parameters/kz/mrp.yaml:" in out and "overlap" in out


def test_rules_test_reports_a_failing_case(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(workspace, "amount_kzt: 164350", "amount_kzt: 164351")
    monkeypatch.chdir(workspace)
    result = CliRunner().invoke(app, ["rules", "test", RULE])
    assert result.exit_code == 1
    assert "amount_kzt is 164350, expected 164351" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "5 passed, 1 failed"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "records: vehicle",
            "records: vehicles",
            "unknown records 'vehicles' (did you mean 'vehicle'?)",
        ),
        (
            "make: vehicle.make",
            "make: vehicle.brand",
            "unknown name 'vehicle.brand'",
        ),
        (
            "make: vehicle.make",
            "make: person.last_name",
            "unknown name 'person.last_name'",
        ),
        (
            "    owner_iin: vehicle.owner_iin\n",
            "",
            "simulation.event must give 'owner_iin', the subject's IIN",
        ),
    ],
)
def test_a_bad_simulation_block_is_refused(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, message: str
) -> None:
    path = "life_events/vehicle_registration.yaml"
    edit(workspace, old, new, path)
    code, out = validate(workspace, monkeypatch)
    assert code == 1
    assert any(p.startswith(f"{path}:") and message in p for p in out.splitlines()), out
