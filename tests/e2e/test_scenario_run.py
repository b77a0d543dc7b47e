"""`proactive scenario run` as an integrator uses it: against a running demo (--against) or an
embedded one started for the run, each expectation reported (the actual value on failure),
the exit code and JUnit XML for CI; and the pytest plugin in an outside project."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

from typer.testing import CliRunner

from engine.cli import app
from engine.config import Settings
from tests.conftest import ROOT

PASSING = """\
name: a car is registered
cast:
  owner:
    pick: {age: [30, 50], citizen: true}
steps:
  - vehicle: {owner: owner}
    expect:
      - inbox: {citizen: owner, rule: kz.vehicle_tax_obligation, status: informed}
"""
FAILING = """\
name: a disability benefit of the wrong amount
cast:
  person:
    pick: {sex: F, age: [30, 50], citizen: true}
steps:
  - disability: {person: person, group: 2}
    expect:
      - inbox: {citizen: person, rule: kz.disability_benefit, amount_kzt: 1}
        within: 5
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_against_a_running_demo_a_failure_shows_the_actual_value_and_fails_the_run(
    shared_demo: tuple[str, Settings], tmp_path: Path
) -> None:
    base, _ = shared_demo
    write(tmp_path / "journeys", "car", PASSING)
    write(tmp_path / "journeys", "wrong", FAILING)
    junit = tmp_path / "junit.xml"
    result = CliRunner().invoke(
        app,
        ["scenario", "run", str(tmp_path / "journeys"), "--against", base, "--junit", str(junit)],
    )
    assert result.exit_code == 1, result.output
    assert "PASS a car is registered" in result.output
    assert "FAIL a disability benefit of the wrong amount" in result.output
    assert "actual: kz.disability_benefit: offered, 89498 KZT" in result.output
    assert "1 passed, 1 failed" in result.output
    suite = ET.parse(junit).getroot()
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    failure = suite.find("testcase/failure")
    assert failure is not None and "89498" in (failure.text or "")


def test_by_default_an_embedded_demo_is_started_for_the_run(tmp_path: Path) -> None:
    path = write(tmp_path, "car", PASSING)
    env = {"PROACTIVE_RULES_DIR": str(ROOT / "rules")}
    result = CliRunner().invoke(app, ["scenario", "run", str(path), "--population", "300"], env=env)
    assert result.exit_code == 0, result.output
    assert "starting an embedded demo" in result.output
    assert "1 passed, 0 failed" in result.output


def test_an_outside_project_runs_scenarios_and_uses_the_fixtures(tmp_path: Path) -> None:
    """From an empty folder: a scenario file and a Python test, run by plain pytest."""
    project = tmp_path / "outside"
    write(project, "car", PASSING)
    write(project, "typo", PASSING.replace("vehicle:", "vehicel:"))
    (project / "test_own.py").write_text(
        """
import httpx
import pytest


def test_the_demo_answers_with_tokens(proactive_demo):
    people = httpx.get(
        f"{proactive_demo.base_url}/registries/population/persons",
        params={"limit": 1},
        headers=proactive_demo.reader("checking the population"),
    )
    assert people.status_code == 200
    iin = people.json()["items"][0]["iin"]
    inbox = httpx.get(
        f"{proactive_demo.base_url}/api/citizens/{iin}/inbox",
        headers=proactive_demo.citizen(iin),
    )
    assert inbox.status_code == 200


@pytest.mark.anyio
async def test_the_registries_in_process(proactive_registries):
    async with proactive_registries.client("population") as client:
        headers = proactive_registries.official("digital", "a test")
        answer = await client.get("/persons", params={"limit": 2}, headers=headers)
    assert answer.status_code == 200 and len(answer.json()["items"]) == 2
""",
        encoding="utf-8",
    )
    (project / "pytest.ini").write_text("[pytest]\nscenario_population = 300\n", encoding="utf-8")
    env = {
        **os.environ,
        "PROACTIVE_RULES_DIR": str(ROOT / "rules"),
        "PROACTIVE_LIFE_EVENTS_DIR": str(ROOT / "life_events"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(project)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = done.stdout
    assert "1 failed, 3 passed" in out, out + done.stderr
    assert "typo.scenario.yaml:6: steps.0: unknown step 'vehicel'" in out
