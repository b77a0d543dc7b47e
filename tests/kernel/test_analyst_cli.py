"""What an analyst meets on the command line: JSON alone on stdout, explain for any IIN a
simulation printed (the mother's of a birth too), code lists checked with the nearest code,
a broken parameter file reported with the rule that reads it, and a guide listing every fact
that stays current."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from engine.cli import app
from engine.kernel.catalogue import load_catalogue
from engine.kernel.dictionary import REGION
from engine.kernel.facts_guide import stale
from engine.rules_api.population import population_for, store_of
from mock_registries.population.regions import REGION_CODES

ROOT = Path(__file__).resolve().parents[2]
RULE = "kz.childcare_allowance"
WINDOW = ["--population", "4000", "--seed", "11", "--as-of", "2026-03-16"]


def run(workspace: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(workspace)
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_simulate_json_prints_only_json_with_the_country_beside_the_sample(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(workspace, monkeypatch, "rules", "simulate", RULE, *WINDOW, "--json")
    assert code == 0
    body = json.loads(out)
    assert body["population"] == 4000
    assert body["national"]["population"] == 20_286_084
    assert set(body["national"]["by_region"]) == set(body["by_region"])
    assert (workspace / "data/populations/seed-11_size-4000_2026-03-16/persons.arrow").exists()


def test_explain_finds_a_simulated_birth_by_the_mothers_iin(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, out, _ = run(workspace, monkeypatch, "rules", "simulate", RULE, *WINDOW, "--json")
    child = json.loads(out)["sample_eligible_iins"][0]
    code, by_child, _ = run(
        workspace, monkeypatch, "rules", "explain", RULE, "--iin", child, *WINDOW
    )
    assert code == 0 and f"for {child} (child_birth on" in by_child and "eligible" in by_child

    catalogue = load_catalogue(workspace / "rules", workspace / "life_events")
    people = population_for(
        11, 4000, date(2026, 3, 16), catalogue.parameters, kept_in=store_of(workspace / "data")
    )
    row = int(people.index_of(np.array([int(child)]))[0])
    mother = f"{int(people.columns['person.mother_iin'].data[row]):012d}"
    code, by_mother, _ = run(
        workspace, monkeypatch, "rules", "explain", RULE, "--iin", mother, *WINDOW
    )
    assert code == 0, by_mother
    assert ", as mother): eligible" in by_mother
    assert by_mother.split("\n")[1:] == by_child.split("\n")[1:]


def test_explain_of_an_iin_of_another_population_says_which_options_to_pass(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(
        workspace, monkeypatch, "rules", "explain", RULE, "--iin", "000000000000", *WINDOW
    )
    assert code == 1
    assert "not in the mock population (seed 11, 4,000 persons)" in err
    assert "--population and --seed" in err


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "mother.citizenship in ['citizen', 'kandas', 'permanent_resident']",
            "mother.region == 'astana_city'",
            "'astana_city' is not a possible value (did you mean 'astana'?)",
        ),
        (
            "mother.citizenship in ['citizen', 'kandas', 'permanent_resident']",
            "mother.sex == 'female'",
            "'female' is not a possible value",
        ),
    ],
)
def test_a_value_outside_a_code_list_is_refused_with_the_nearest_code(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, message: str
) -> None:
    file = workspace / "rules/childcare_allowance.yaml"
    text = file.read_text(encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    file.write_text(text.replace(old, new), encoding="utf-8")
    code, out, _ = run(
        workspace, monkeypatch, "rules", "validate", "rules/childcare_allowance.yaml"
    )
    assert code == 1
    assert f"rules/childcare_allowance.yaml:{line}: " in out and message in out


def test_a_fuel_outside_its_code_list_is_refused(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = workspace / "rules/vehicle_tax.yaml"
    text = file.read_text(encoding="utf-8")
    conditions = text.index("conditions:")
    expr = text.index("expr: ", conditions) + len("expr: ")
    file.write_text(text[:expr] + "event.fuel != 'electro' and " + text[expr:], encoding="utf-8")
    code, out, _ = run(workspace, monkeypatch, "rules", "validate", "rules/vehicle_tax.yaml")
    assert code == 1
    assert "'electro' is not a possible value (did you mean 'electric'?)" in out


def test_validating_one_rule_reports_its_broken_parameter_file_at_its_line(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parameters = workspace / "rules/parameters/kz/family/childcare_allowance.yaml"
    lines = parameters.read_text(encoding="utf-8").split("\n")
    lines[3] = "    valid_from: [2020"
    parameters.write_text("\n".join(lines), encoding="utf-8")
    code, out, _ = run(
        workspace, monkeypatch, "rules", "validate", "rules/childcare_allowance.yaml"
    )
    assert code == 1
    assert "rules/parameters/kz/family/childcare_allowance.yaml:" in out
    code, out, _ = run(workspace, monkeypatch, "rules", "validate", "rules/vehicle_tax.yaml")
    assert "childcare_allowance.yaml" not in out  # a rule that does not read it


def test_the_guide_lists_every_fact_as_the_dictionary_defines_it() -> None:
    assert not stale(ROOT / "docs/authoring-rules.md"), "run: proactive rules facts"
    assert set(REGION.values or ()) == set(REGION_CODES)
