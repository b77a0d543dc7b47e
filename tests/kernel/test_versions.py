"""Versions of a rule, one file each: the toolchain checks, tests, simulates and explains the
version in force on the date asked, and refuses two active versions starting the same day."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from engine.cli import app
from engine.kernel.catalogue import load_catalogue

RULE = "kz.childcare_allowance"
MCI_2026 = 4325


def add_version(workspace: Path, valid_from: str, coefficient: str, status: str = "active") -> Path:
    """The next version of the childcare allowance: the first child's coefficient changed,
    with two test cases dated in its period (the first with the new amount)."""
    source = workspace / "rules" / "childcare_allowance.yaml"
    rule = yaml.safe_load(source.read_text(encoding="utf-8"))
    rule["valid_from"] = valid_from
    rule["status"] = status
    rows = rule["computations"][0]["table"]["rows"]
    rows[0]["value"] = coefficient
    rule["tests"] = rule["tests"][:2]
    for case in rule["tests"]:
        case["event"]["birth_date"] = valid_from
    rule["tests"][0]["expect"]["amount_kzt"] = int(coefficient) * MCI_2026
    target = source.with_name(f"childcare_allowance_{valid_from}.yaml")
    target.write_text(yaml.safe_dump(rule, allow_unicode=True), encoding="utf-8")
    return target


def test_each_date_is_decided_by_the_version_in_force(workspace: Path) -> None:
    add_version(workspace, "2026-07-01", "6")
    add_version(workspace, "2026-05-01", "7", status="shadow")
    catalogue = load_catalogue(workspace / "rules", workspace / "life_events", root=workspace)
    assert not catalogue.problems, catalogue.problems
    versions = catalogue.versions[RULE]
    assert [(str(v.rule.valid_from), v.rule.status) for v in versions] == [
        ("2024-01-01", "active"),
        ("2026-05-01", "shadow"),
        ("2026-07-01", "active"),
    ]
    assert versions[0].superseded_from == date(2026, 7, 1)
    assert catalogue.rule_on(RULE, date(2026, 6, 30)) is versions[0]
    assert catalogue.rule_on(RULE, date(2026, 7, 1)) is versions[2]
    assert catalogue.rules[RULE] is versions[2]
    deciding = {
        v.rule.valid_from.isoformat()
        for v in catalogue.rules_for("child_birth")
        if v.rule.id == RULE and v.in_force_on(date(2026, 6, 1))
    }
    assert deciding == {"2024-01-01", "2026-05-01"}


def test_the_toolchain_works_on_each_version(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_version(workspace, "2026-07-01", "10")
    monkeypatch.chdir(workspace)
    runner = CliRunner()
    validated = runner.invoke(app, ["rules", "validate"])
    assert validated.exit_code == 0, validated.stdout
    tested = runner.invoke(app, ["rules", "test", "rules/childcare_allowance_2026-07-01.yaml"])
    assert tested.exit_code == 0, tested.stdout
    assert tested.stdout.strip().splitlines()[-1].startswith("2 passed, 0 failed")

    def simulated(as_of: str) -> dict[str, object]:
        result = runner.invoke(
            app, ["rules", "simulate", RULE, "--as-of", as_of, "--population", "3000", "--json"]
        )
        assert result.exit_code == 0, result.stdout
        figures: dict[str, object] = json.loads(result.stdout)
        return figures

    before, after = simulated("2026-06-30"), simulated("2026-07-31")
    versions = load_catalogue(
        workspace / "rules", workspace / "life_events", root=workspace
    ).versions[RULE]
    assert before["rule_version"] == versions[0].version
    assert after["rule_version"] == versions[1].version


def test_two_active_versions_may_not_start_the_same_day(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = add_version(workspace, "2024-01-01", "10")
    monkeypatch.chdir(workspace)
    result = CliRunner().invoke(app, ["rules", "validate"])
    assert result.exit_code == 1
    line = next(p for p in result.stdout.splitlines() if p.startswith(f"rules/{target.name}:"))
    assert "already has an active version from 2024-01-01 (childcare_allowance.yaml)" in line
    assert int(line.split(":")[1]) == next(
        n
        for n, text in enumerate(target.read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith("valid_from")
    )


def test_a_candidate_version_is_compared_with_the_rule_in_force(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first child paid like the second: only mothers of a first child gain, each the
    difference of the coefficients (6.81 - 5.76 MCI) a month. The window is the year 2026,
    so every birth is judged at the 2026 MCI."""
    monkeypatch.chdir(workspace)
    source = (workspace / "rules" / "childcare_allowance.yaml").read_text(encoding="utf-8")
    first = "value: params.childcare_allowance.first}"
    assert first in source
    candidate = workspace / "candidate.yaml"
    candidate.write_text(
        source.replace(first, "value: params.childcare_allowance.second}"), encoding="utf-8"
    )
    runner = CliRunner()
    args = ["rules", "simulate", RULE, "--population", "3000", "--as-of", "2026-12-31"]
    result = runner.invoke(app, [*args, "--candidate", str(candidate), "--json"])
    assert result.exit_code == 0, result.stdout
    diff = json.loads(result.stdout)
    assert diff["losers"] == 0 and diff["newly_eligible"] == 0 and diff["gainers"] > 0
    step = round((6.81 - 5.76) * MCI_2026)
    assert diff["cost_change_kzt"] == diff["gainers"] * step

    broken = workspace / "broken.yaml"
    broken.write_text(source.replace("mother.citizenship in", "mother.citizenshp in"))
    refused = runner.invoke(app, [*args, "--candidate", str(broken)])
    assert refused.exit_code == 1
    assert "unknown name 'mother.citizenshp'" in refused.stdout


def test_explain_judges_a_birth_by_the_version_of_its_own_date(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Asked on 31 August, a birth before July is explained under the first version (5.76 MCI
    for a first child) and one from July under the version from 1 July (10 MCI), as
    simulated."""
    from engine.kernel.simulate import ELIGIBLE, simulate
    from engine.rules_api.population import population_for

    add_version(workspace, "2026-07-01", "10")
    monkeypatch.chdir(workspace)
    monkeypatch.setenv("PROACTIVE_POPULATION", "4000")
    catalogue = load_catalogue(workspace / "rules", workspace / "life_events", root=workspace)
    as_of = date(2026, 8, 31)
    population = population_for(2026, 4000, as_of, catalogue.parameters)
    compiled = catalogue.rule_on(RULE, as_of)
    assert compiled is not None
    _, runs = simulate(
        compiled,
        catalogue.life_events,
        population,
        catalogue.parameters,
        versions=catalogue.deciding_versions(compiled),
    )
    first_children: dict[bool, tuple[int, int]] = {}
    for run in runs:
        dates = run.events.dates()
        for index in range(run.events.size):
            paid = int(run.amount_tiyn[index]) // 100
            if run.outcome[index] == ELIGIBLE and paid in (24_912, 43_250):
                since_july = bool(dates[index] >= date(2026, 7, 1))
                first_children.setdefault(since_july, (int(run.events.subjects[index]), paid))
    before, since = first_children[False], first_children[True]
    assert (before[1], since[1]) == (24_912, 43_250)
    runner = CliRunner()
    for row, amount in (before, since):
        iin = f"{int(population.iins[row]):012d}"
        result = runner.invoke(
            app, ["rules", "explain", RULE, "--iin", iin, "--as-of", "2026-08-31"]
        )
        assert result.exit_code == 0, result.stdout
        assert f"{RULE} for {iin} (child_birth on 202" in result.stdout
        russian = runner.invoke(
            app, ["rules", "explain", RULE, "--iin", iin, "--as-of", "2026-08-31", "--lang", "ru"]
        )
        header = russian.stdout.splitlines()[0]
        title = "Пособие по уходу за ребёнком до достижения им полутора лет"
        assert header.startswith(f"{title} — ИИН {iin} (Рождение ребёнка, ")
        assert header.endswith("право есть")
        assert re.findall(r"[A-Za-z]{2,}", header) == []
        assert f"Amount: {amount:,}\u00a0₸" in result.stdout
