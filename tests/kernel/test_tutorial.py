"""Runs every step of docs/authoring-rules.md's tutorial, as a reader would: the files it
shows are written, the commands it shows are run and their output compared, and the rule is
then live in the demo app."""

from __future__ import annotations

import re
import shlex
from datetime import date
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from engine.cli import app
from engine.config import Settings
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.conftest import TEST_SECRET, Databases
from tests.support.flows import citizen_token, official_token, run_jobs
from tests.support.population import add_person

pytestmark = pytest.mark.anyio

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "authoring-rules.md"
STEP = re.compile(
    r"```yaml file=(?P<file>\S+)\n(?P<yaml>.*?)```"
    r"|```console\n(?P<console>.*?)```"
    r'|<!-- tutorial: replace (?P<target>\S+) "(?P<old>[^"]*)" "(?P<new>[^"]*)" -->'
    r"|<!-- tutorial: (?P<live>live birth with father) -->",
    re.S,
)


@pytest.fixture
def settings(databases: Databases, tmp_path: Path, workspace: Path) -> Settings:
    return Settings(
        mode="test",
        data_dir=tmp_path,
        database_url=databases.engine_url,
        secret=TEST_SECRET,
        rules_dir=workspace / "rules",
        life_events_dir=workspace / "life_events",
        poll_wait_seconds=0,
        population=2000,
    )


def run_console(block: str) -> None:
    lines = block.strip().splitlines()
    command, expected = lines[0], lines[1:]
    assert command.startswith("$ proactive ")
    result = CliRunner().invoke(app, shlex.split(command)[2:])
    assert result.exit_code == 0, (command, result.stdout)
    got = result.stdout.strip().splitlines()
    for line in expected:
        if line.endswith("..."):
            assert any(g.startswith(line[:-3]) for g in got), (command, got)
        else:
            assert line in got, (command, got)


async def test_the_tutorial_works_as_written(
    workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
    http: httpx.AsyncClient,
    services: Services,
    registries: RegistryBundle,
    backend: str,
) -> None:
    if backend != "sqlite":
        pytest.skip("one backend is enough to follow a tutorial")
    monkeypatch.chdir(workspace)
    steps = list(STEP.finditer(GUIDE.read_text(encoding="utf-8")))
    assert len(steps) >= 8
    lived = False
    for step in steps:
        if step["file"]:
            (workspace / step["file"]).write_text(step["yaml"], encoding="utf-8")
        elif step["console"]:
            run_console(step["console"])
        elif step["target"]:
            path = workspace / step["target"]
            text = path.read_text(encoding="utf-8")
            assert step["old"] in text
            path.write_text(text.replace(step["old"], step["new"], 1), encoding="utf-8")
        elif step["live"]:
            assert services.catalogue.refresh_if_changed()
            rule = services.catalogue.current.rules["kz.birth_father_notice"].rule
            assert rule.status == "active"
            population = registries.contexts["population"]
            mother = add_person(population, sex="F", birth_date=date(1994, 5, 1))
            father = add_person(population, sex="M", birth_date=date(1992, 2, 3))
            response = await http.post(
                "/registries/civil/births",
                json={
                    "mother_iin": mother.iin,
                    "father_iin": father.iin,
                    "child_first_name": "Айару",
                    "child_sex": "F",
                    "birth_date": "2026-03-14",
                },
                headers=official_token(services, "civil"),
            )
            assert response.status_code == 201, response.text
            await run_jobs(services)
            inbox = await http.get(
                f"/api/citizens/{father.iin}/inbox?lang=en",
                headers=citizen_token(services, father.iin),
            )
            items = [i for i in inbox.json()["items"] if i["rule_id"] == "kz.birth_father_notice"]
            assert len(items) == 1
            assert items[0]["amount_kzt"] == 164_350
            assert items[0]["title"] == "Childbirth allowance"
            lived = True
    assert lived
