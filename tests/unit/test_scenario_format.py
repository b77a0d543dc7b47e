"""The scenario format: the shipped files load, the published JSON Schema is up to date, and
a file that does not fit is refused before anything runs, with file:line and the reason
(an unknown criterion, step or expectation names the allowed ones)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine.cli import app
from engine.scenarios.load import load_all, load_scenario
from engine.scenarios.model import CRITERIA, EXPECTATIONS, STEPS
from engine.scenarios.schema_file import schema_text
from tests.conftest import ROOT

SHIPPED = ROOT / "tests" / "scenarios"
LIFE_EVENTS = {p.stem for p in (ROOT / "life_events").glob("*.yaml")}

GOOD = """\
name: a birth
cast:
  mother:
    pick: {sex: F, age: [25, 35], citizen: true}
steps:
  - birth: {mother: mother}
    expect:
      - inbox: {citizen: mother, rule: kz.childbirth_allowance, status: offered}
"""


def refused(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "bad.scenario.yaml"
    path.write_text(text, encoding="utf-8")
    loaded, problems = load_scenario(path)
    assert loaded is None
    return [str(p).replace(str(tmp_path) + "/", "") for p in problems]


def test_the_published_schema_is_up_to_date() -> None:
    published = (ROOT / "docs" / "scenario.schema.json").read_text(encoding="utf-8")
    assert published == schema_text(), "run: proactive scenario schema"
    schema = json.loads(published)
    assert set(schema["required"]) == {"name", "cast", "steps"}


def test_the_shipped_scenarios_load_and_cover_every_life_event() -> None:
    loaded, problems = load_all([SHIPPED])
    assert problems == []
    assert len(loaded) >= 10
    expected = {
        e.case.life_event
        for item in loaded
        for step in item.scenario.steps
        for e in step.expect
        if e.case is not None
    }
    assert expected >= LIFE_EVENTS


def test_a_good_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "good.scenario.yaml"
    path.write_text(GOOD, encoding="utf-8")
    loaded, problems = load_scenario(path)
    assert problems == [] and loaded is not None
    assert loaded.scenario.steps[0].action() == "birth"


def test_an_unknown_step_names_the_allowed_ones(tmp_path: Path) -> None:
    [problem] = refused(tmp_path, GOOD.replace("  - birth:", "  - bith:"))
    assert problem.startswith("bad.scenario.yaml:6: steps.0: unknown step 'bith'")
    assert "(did you mean 'birth'?)" in problem
    assert ", ".join(STEPS) in problem


def test_an_unknown_criterion_names_the_allowed_ones(tmp_path: Path) -> None:
    [problem] = refused(tmp_path, GOOD.replace("citizen: true}", "citizen: true, kids: 3}"))
    assert problem.startswith("bad.scenario.yaml:4: cast.mother.pick: unknown criterion 'kids'")
    assert ", ".join(CRITERIA) in problem


def test_an_unknown_expectation_names_the_allowed_ones(tmp_path: Path) -> None:
    [problem] = refused(tmp_path, GOOD.replace("      - inbox:", "      - inbx:"))
    assert problem.startswith("bad.scenario.yaml:8: steps.0.expect.0: unknown expectation")
    assert "(did you mean 'inbox'?)" in problem and ", ".join(EXPECTATIONS) in problem


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("citizen: mother,", "citizen: father,"), ":8: steps.0.expect.0.inbox: unknown role"),
        (("age: [25, 35]", "age: [35, 25]"), ":4: cast.mother.pick.age: age is [min, max]"),
        (("name: a birth\n", ""), ":1: missing field 'name'"),
        (("{mother: mother}", "{mother: mother, date: tomorrow}"), ":6: steps.0.birth.date:"),
        (("steps:", "steps: ["), ":6: malformed YAML"),
    ],
)
def test_each_mistake_is_reported_at_its_line(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    problems = refused(tmp_path, GOOD.replace(*change))
    assert any(expected in p for p in problems), problems


def test_the_command_refuses_a_bad_file_before_running_anything(tmp_path: Path) -> None:
    (tmp_path / "bad.scenario.yaml").write_text(GOOD.replace("birth:", "bith:"), "utf-8")
    junit = tmp_path / "report.xml"
    result = CliRunner().invoke(
        app, ["scenario", "run", str(tmp_path), "--junit", str(junit), "--against", "http://x"]
    )
    assert result.exit_code == 2
    assert "bad.scenario.yaml:6: steps.0: unknown step 'bith'" in result.output
    assert "nothing was run" in result.output
    assert 'errors="1"' in junit.read_text(encoding="utf-8")
