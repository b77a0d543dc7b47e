"""Rules that build on rules: a relief written by an analyst reads the vehicle tax's amount and
folds into it; validate, rules test, explain and the simulation agree on what the citizen is
told; unknown names and circles are refused with the file and line."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from engine.kernel.catalogue import Catalogue, load_catalogue
from engine.kernel.chain import evaluate_in_chain
from engine.kernel.chain_vector import chain_versions
from engine.kernel.evaluate import explanation
from engine.kernel.simulate import OUTCOMES, case_at, simulate
from engine.kernel.testing import run_all
from engine.rules_api.population import population_for
from engine.rules_api.service import simulation

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 6, 30)
BASE = "kz.vehicle_tax_obligation"
RELIEF = "kz.vehicle_tax_pensioner_relief"

PENSIONER_RELIEF: dict[str, Any] = {
    "id": RELIEF,
    "status": "active",
    "title": {
        "kk": "Зейнеткерге көлік салығы бойынша жеңілдік",
        "ru": "Льгота пенсионеру по налогу на транспорт",
        "en": "Pensioner vehicle-tax relief",
    },
    "description": {
        "kk": "63 жасқа толған көлік иесі салықтың жартысын төлейді.",
        "ru": "Владелец, достигший 63 лет, платит половину налога.",
        "en": "An owner aged 63 or more pays half the tax.",
    },
    "agency": "kgd",
    "legal_basis": [{"act": "Maslikhat decision on local tax reliefs (a trial)"}],
    "valid_from": "2026-01-01",
    "life_events": ["vehicle_registration"],
    "delivery": "inform",
    "recipient": "owner",
    "modifies": {"rule": BASE, "kind": "relief"},
    "conditions": [
        {
            "id": "pension_age",
            "expr": "has(owner.birth_date) and "
            "age_on(owner.birth_date, event.registration_date) >= 63",
            "holds": {"kk": "Иесі 63 жаста", "ru": "Владельцу 63 года", "en": "The owner is 63"},
            "fails": {
                "kk": "Иесі 63 жасқа толмаған",
                "ru": "Владельцу нет 63 лет",
                "en": "The owner is under 63",
            },
        }
    ],
    "computations": [{"id": "half", "expr": "rules.vehicle_tax_obligation.amount * 0.5"}],
    "amount": {
        "computation": "half",
        "period": "one_time",
        "rounding": {"to": "tenge", "mode": "down"},
    },
    "tests": [
        {
            "name": "a 65-year-old pays half of 13 675",
            "event": {
                "registration_id": "R-1",
                "owner_iin": "610101300016",
                "make": "Hyundai",
                "model": "Elantra",
                "year": 2026,
                "engine_cc": 1600,
                "registration_date": "2026-03-10",
            },
            "facts": {"owner": {"birth_date": "1961-01-01"}},
            "expect": {"outcome": "eligible", "amount_kzt": 6837, "final_amount_kzt": 6838},
        },
        {
            "name": "a 40-year-old pays the whole tax",
            "event": {
                "registration_id": "R-2",
                "owner_iin": "860101300017",
                "make": "Hyundai",
                "model": "Elantra",
                "year": 2026,
                "engine_cc": 1600,
                "registration_date": "2026-03-10",
            },
            "facts": {"owner": {"birth_date": "1986-01-01"}},
            "expect": {
                "outcome": "not_eligible",
                "fails": ["pension_age"],
                "final_amount_kzt": 13675,
            },
        },
    ],
}

ELANTRA = PENSIONER_RELIEF["tests"][0]["event"]


def write(workspace: Path, rule: dict[str, Any], name: str) -> Path:
    path = workspace / "rules" / name
    path.write_text(yaml.safe_dump(rule, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def load(workspace: Path) -> Catalogue:
    return load_catalogue(workspace / "rules", workspace / "life_events", root=workspace)


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def test_the_iins_of_these_cases_pass_their_check_digit() -> None:
    from engine.kernel.iin import bin_problem, iin_problem

    for test in PENSIONER_RELIEF["tests"]:
        assert iin_problem(test["event"]["owner_iin"]) is None
    shipped = (ROOT / "rules" / "vehicle_tax_disability_exemption.yaml").read_text("utf-8")
    for case in yaml.safe_load(shipped)["tests"]:
        if "owner_iin" in case["event"]:
            assert iin_problem(case["event"]["owner_iin"]) is None
        if "owner_bin" in case["event"]:
            assert bin_problem(case["event"]["owner_bin"]) is None


def test_a_relief_changes_the_tax_in_rules_test_and_explain(workspace: Path) -> None:
    write(workspace, PENSIONER_RELIEF, "vehicle_tax_pensioner_relief.yaml")
    catalogue = load(workspace)
    assert not catalogue.problems, catalogue.problems
    results = run_all(catalogue, [BASE, RELIEF])
    assert all(r.passed for r in results), [str(r) for r in results if not r.passed]

    base = catalogue.rules[BASE]
    facts = {"owner": {"birth_date": "1961-01-01"}, "owner_disability": None}
    told, _ = evaluate_in_chain(
        catalogue, base, ELANTRA, facts, date(2026, 3, 10), catalogue.parameters
    )
    assert (told.outcome, told.amount_kzt, told.base_tiyn) == ("eligible", 6838, 13_675_00)
    assert plain(explanation(base, told, "ru")).count("13 675 ₸ − 6 837 ₸") == 1
    lines = {lang: plain(explanation(base, told, lang)) for lang in ("kk", "ru", "en")}
    assert (
        "= 13 675 ₸ − 6 837 ₸ (Льгота пенсионеру по налогу на транспорт) = 6 838 ₸" in (lines["ru"])
    )
    assert "= 13,675 ₸ − 6,837 ₸ (Pensioner vehicle-tax relief) = 6,838 ₸" in lines["en"]
    assert "жеңілдік" in lines["kk"] and "Maslikhat" in lines["en"]
    assert told.trace()["modifiers"][0]["delta_tiyn"] == -6_837_00


def test_the_simulation_of_the_tax_agrees_with_each_citizen_s_decision(workspace: Path) -> None:
    """The vectorised chain (the tax, its exemption and the relief that reads its amount)
    gives each event the outcome and final amount the one-citizen chain gives it."""
    write(workspace, PENSIONER_RELIEF, "vehicle_tax_pensioner_relief.yaml")
    catalogue = load(workspace)
    relieved = agree(catalogue, BASE)
    assert relieved["kz.vehicle_tax_pensioner_relief"] > 10
    agree(catalogue, RELIEF)


def test_each_event_takes_the_relief_version_in_force_on_its_date(workspace: Path) -> None:
    """A second version of the relief from 1 April: registrations before keep half, those
    from 1 April get a quarter, in rules test, explain and the simulation alike."""
    write(workspace, PENSIONER_RELIEF, "vehicle_tax_pensioner_relief.yaml")
    quarter = {
        **PENSIONER_RELIEF,
        "valid_from": "2026-04-01",
        "computations": [{"id": "half", "expr": "rules.vehicle_tax_obligation.amount * 0.25"}],
        "tests": [
            {
                **case,
                "event": {**case["event"], "registration_date": "2026-04-10"},
                "expect": {**case["expect"], "amount_kzt": 3418, "final_amount_kzt": 10257},
            }
            for case in PENSIONER_RELIEF["tests"][:1]
        ]
        + PENSIONER_RELIEF["tests"][1:],
    }
    quarter["tests"][1] = {
        **quarter["tests"][1],
        "event": {**quarter["tests"][1]["event"], "registration_date": "2026-04-10"},
    }
    write(workspace, quarter, "vehicle_tax_pensioner_relief_from_april.yaml")
    catalogue = load(workspace)
    assert not catalogue.problems, catalogue.problems
    results = run_all(catalogue, [BASE, RELIEF])
    assert all(r.passed for r in results), [str(r) for r in results if not r.passed]
    base = catalogue.rules[BASE]
    facts = {"owner": {"birth_date": "1961-01-01"}, "owner_disability": None}
    amounts = []
    for day in ("2026-03-31", "2026-04-01"):
        event = {**ELANTRA, "registration_date": day}
        on = date.fromisoformat(day)
        told, _ = evaluate_in_chain(catalogue, base, event, facts, on, catalogue.parameters)
        amounts.append(told.amount_kzt)
    assert amounts == [6838, 10257]
    relieved = agree(catalogue, BASE, as_of=date(2026, 9, 30))
    both = {f"{RELIEF}@{v.version}" for v in catalogue.versions[RELIEF]}
    assert both <= set(relieved)  # each version decided some registrations


def agree(catalogue: Catalogue, rule_id: str, as_of: date = AS_OF) -> dict[str, int]:
    """Simulates the rule with its chain and checks each event against the one-citizen
    chain; returns how many events each modifier (and each of its versions) changed."""
    population = population_for(7, 6_000, as_of, catalogue.parameters)
    compiled = catalogue.rules[rule_id]
    result, runs = simulate(
        compiled,
        catalogue.life_events,
        population,
        catalogue.parameters,
        versions=catalogue.deciding_versions(compiled),
        chain=chain_versions(catalogue, compiled),
    )
    relieved: dict[str, int] = {}
    for run in runs:
        for index in range(run.events.size):
            event, facts = case_at(population, run.events, index)
            on = date.fromisoformat(str(event["registration_date"]))
            version = catalogue.rule_on(rule_id, on)
            assert version is not None
            one, _ = evaluate_in_chain(catalogue, version, event, facts, on, catalogue.parameters)
            assert one.outcome == OUTCOMES[int(run.outcome[index])], (event, facts)
            if one.outcome == "eligible" and compiled.rule.amount is not None:
                assert one.amount_tiyn == int(run.amount_tiyn[index]), (event, facts)
            for adjustment in one.adjustments:
                for key in (adjustment.rule_id, f"{adjustment.rule_id}@{adjustment.rule_version}"):
                    relieved[key] = relieved.get(key, 0) + 1
    assert result.counts["eligible"] > 0
    return relieved


def test_a_candidate_relief_is_compared_through_the_tax_it_changes(workspace: Path) -> None:
    write(workspace, PENSIONER_RELIEF, "vehicle_tax_pensioner_relief.yaml")
    catalogue = load(workspace)
    relief = catalogue.rules[RELIEF]
    quarter = dict(PENSIONER_RELIEF)
    quarter["computations"] = [{"id": "half", "expr": "rules.vehicle_tax_obligation.amount * 0.25"}]
    quarter["tests"] = []
    quarter["status"] = "draft"
    from engine.kernel.catalogue import validate_rule_text

    checked = validate_rule_text(yaml.safe_dump(quarter, allow_unicode=True), catalogue)
    assert checked.compiled is not None, checked.problems
    _, diff = simulation(
        catalogue, relief, seed=7, size=4_000, as_of=AS_OF, candidate=checked.compiled
    )
    assert diff is not None
    assert diff.baseline.rule_id == BASE and diff.candidate.rule_id == BASE
    # a smaller relief: the amount pensioners are told goes up, nobody's goes down
    assert diff.gainers > 0 and diff.losers == 0
    assert diff.cost_change_kzt == (diff.candidate.one_time_kzt - diff.baseline.one_time_kzt) > 0


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        (
            "rules.vehicle_tax_obligaton.amount * 0.5",
            "unknown rule 'vehicle_tax_obligaton' (did you mean 'vehicle_tax_obligation'?)",
        ),
        (
            "rules.vehicle_tax_obligation.anual_tax * 0.5",
            "has no result 'anual_tax' (did you mean 'annual_tax'?)",
        ),
        (
            "rules.childbirth_allowance.amount * 0.5",
            "decides other life events (child_birth)",
        ),
        (
            "0 if rules.vehicle_tax_obligation.outcome == 'eligble' else 1",
            "'eligble' is not a possible value (did you mean 'eligible'?)",
        ),
        (
            "rules.vehicle_tax_obligation.due_date * 0.5",
            "is a date",
        ),
    ],
)
def test_validate_names_an_unknown_rule_or_result_with_its_line(
    workspace: Path, expr: str, message: str
) -> None:
    rule = {**PENSIONER_RELIEF, "computations": [{"id": "half", "expr": expr}]}
    write(workspace, rule, "vehicle_tax_pensioner_relief.yaml")
    catalogue = load(workspace)
    found = [str(p) for p in catalogue.problems]
    line = _line_of(workspace / "rules" / "vehicle_tax_pensioner_relief.yaml", "id: half") + 1
    assert any(
        p.startswith(f"rules/vehicle_tax_pensioner_relief.yaml:{line}:") and message in p
        for p in found
    ), found
    assert RELIEF not in catalogue.rules  # refused: the engine never runs it


def test_rules_that_read_each_other_in_a_circle_are_refused(workspace: Path) -> None:
    write(workspace, PENSIONER_RELIEF, "vehicle_tax_pensioner_relief.yaml")
    base_path = workspace / "rules" / "vehicle_tax.yaml"
    base = yaml.safe_load(base_path.read_text(encoding="utf-8"))
    base["computations"].append(
        {"id": "relieved", "expr": "rules.vehicle_tax_pensioner_relief.outcome == 'eligible'"}
    )
    write(workspace, base, "vehicle_tax.yaml")
    catalogue = load(workspace)
    circle = f"{BASE} → {RELIEF} → {BASE}"
    messages = [p.message for p in catalogue.problems]
    assert any(f"rules read each other in a circle: {circle}" in m for m in messages), messages
    assert BASE not in catalogue.rules and RELIEF not in catalogue.rules


def test_a_modifier_sends_no_item_and_names_an_existing_base(workspace: Path) -> None:
    rule = {**PENSIONER_RELIEF, "modifies": {"rule": "kz.vehicle_tax_obligatio", "kind": "relief"}}
    write(workspace, rule, "vehicle_tax_pensioner_relief.yaml")
    messages = [p.message for p in load(workspace).problems]
    assert any(
        "unknown rule 'kz.vehicle_tax_obligatio' (did you mean 'kz.vehicle_tax_obligation'?)" in m
        for m in messages
    ), messages
    with_item = {**PENSIONER_RELIEF, "dedup_key": "{event.registration_id}"}
    write(workspace, with_item, "vehicle_tax_pensioner_relief.yaml")
    messages = [p.message for p in load(workspace).problems]
    assert any("a modifier sends no item of its own" in m for m in messages), messages


def _line_of(path: Path, needle: str) -> int:
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in text:
            return number
    raise AssertionError(needle)


def test_a_value_not_yet_published_is_named_once_though_base_and_top_up_read_it() -> None:
    """The base pension and its top-up both read the 2027 subsistence minimum: the citizen's
    text says once that it is projected, not once per rule of the chain."""
    from engine.kernel.chain import chain_on, evaluate_chain, result_of
    from engine.kernel.evaluate import Evaluation, inbox_texts

    catalogue = load_catalogue(ROOT / "rules", ROOT / "life_events")
    base = catalogue.rules["kz.old_age_base_pension"]
    on = date(2027, 3, 10)
    event = {"iin": "620310300014", "birth_date": "1964-03-10", "sex": "M", "milestone_date": on}
    facts: dict[str, dict[str, Any] | None] = {
        "person": {"citizenship": "citizen", "alive": True},
        "pension": {"receiving_pension": False, "years_of_participation": 20},
    }
    results = evaluate_chain(
        chain_on(catalogue, base, on),
        event=event,
        facts=facts,
        on=on,
        parameters=catalogue.parameters,
        project=True,
    )
    told = result_of(results, base)
    assert isinstance(told, Evaluation) and told.adjustments, told
    named = [(gap.parameter, gap.on) for gap in told.projected]
    assert ("subsistence_minimum", on) in named
    assert len(named) == len(set(named)), named
    body = inbox_texts(base, told, event, facts)["body"]["ru"]
    assert body.count("«Прожиточный минимум для исчисления базовых социальных выплат (ПМ)»") == 1
