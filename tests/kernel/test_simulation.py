"""Simulation over the mock population: every rule of the catalogue can be simulated, and the
vectorised figures are the one-citizen decisions added up, event by event (a rule that builds
on others, or has modifiers, with them, as the engine decides it)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engine.kernel.catalogue import Catalogue, load_catalogue
from engine.kernel.chain import evaluate_in_chain
from engine.kernel.chain_vector import chain_versions
from engine.kernel.evaluate import RuleError
from engine.kernel.population import Population, python_value
from engine.kernel.simulate import NO_REGION, OUTCOMES, case_at, simulate
from engine.rules_api.population import population_for

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 6, 30)
SIZE = 12_000


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    loaded = load_catalogue(ROOT / "rules", ROOT / "life_events", root=ROOT)
    assert not loaded.problems
    return loaded


@pytest.fixture(scope="module")
def population(catalogue: Catalogue) -> Population:
    return population_for(7, SIZE, AS_OF, catalogue.parameters)


@pytest.mark.parametrize(
    "rule_id",
    sorted(load_catalogue(ROOT / "rules", ROOT / "life_events", root=ROOT).rules),
)
def test_each_simulated_event_is_decided_as_one_citizen_would_be(
    rule_id: str, catalogue: Catalogue, population: Population
) -> None:
    compiled = catalogue.rules[rule_id]
    result, runs = simulate(
        compiled,
        catalogue.life_events,
        population,
        catalogue.parameters,
        versions=catalogue.deciding_versions(compiled),
        chain=chain_versions(catalogue, compiled),
    )
    assert result.events > 0, f"{rule_id}: no events in {SIZE} persons"
    outcomes: Counter[str] = Counter()
    total_tiyn = 0
    for run in runs:
        date_field = run.events.life_event.date_field
        for index in range(run.events.size):
            event, facts = case_at(population, run.events, index)
            vector = OUTCOMES[int(run.outcome[index])]
            on = date.fromisoformat(str(event[date_field]))
            version = catalogue.rule_on(rule_id, on)
            assert version is not None
            try:
                one, _ = evaluate_in_chain(
                    catalogue, version, event, facts, on, catalogue.parameters
                )
            except RuleError:
                assert vector == "error", (event, facts)
                outcomes["error"] += 1
                continue
            assert one.outcome == vector, (event, facts, one.missing)
            outcomes[vector] += 1
            if one.outcome == "eligible" and compiled.rule.amount is not None:
                assert one.amount_tiyn == int(run.amount_tiyn[index]), (event, facts)
                total_tiyn += int(run.amount_tiyn[index])
    assert dict(outcomes) == {k: v for k, v in result.counts.items() if v}
    cost = result.one_time_kzt + result.monthly_kzt
    assert cost == total_tiyn // 100
    assert sum(r["eligible"] for r in result.by_region.values()) == result.counts["eligible"]


def test_each_birth_is_paid_by_the_law_of_its_own_date(
    catalogue: Catalogue, population: Population
) -> None:
    """The window runs from July 2025 to June 2026: births of 2025 at the 2025 MCI (38 x 3,932
    = 149,416), births of 2026 at the 2026 MCI (38 x 4,325 = 164,350)."""
    compiled = catalogue.rules["kz.childbirth_allowance"]
    _, runs = simulate(compiled, catalogue.life_events, population, catalogue.parameters)
    run = runs[0]
    dates = run.events.dates()
    paid = run.amount_tiyn // 100
    first_three = paid[(run.outcome == 0) & (paid < 200_000)]
    born = dates[(run.outcome == 0) & (paid < 200_000)]
    assert set(first_three[born < np.datetime64("2026-01-01")].tolist()) == {149_416}
    assert set(first_three[born >= np.datetime64("2026-01-01")].tolist()) == {164_350}


def test_a_rule_that_starts_mid_window_counts_only_events_from_its_start(
    catalogue: Catalogue, population: Population
) -> None:
    compiled = catalogue.rules["kz.childbirth_allowance"]
    whole, runs = simulate(compiled, catalogue.life_events, population, catalogue.parameters)
    since_january = int(np.sum(runs[0].events.dates() >= np.datetime64("2026-01-01")))
    assert 0 < since_january < whole.events
    starting = replace(
        compiled, rule=compiled.rule.model_copy(update={"valid_from": date(2026, 1, 1)})
    )
    result, later = simulate(starting, catalogue.life_events, population, catalogue.parameters)
    assert result.events == since_january
    assert later[0].events.dates().min() >= np.datetime64("2026-01-01")


def test_a_value_not_yet_published_leaves_later_events_awaiting_it(
    catalogue: Catalogue,
) -> None:
    """Simulated on 16 March 2027, births of 2027 wait for the 2027 MCI; those of 2026 are
    paid at the 2026 value."""
    population = population_for(7, SIZE, date(2027, 3, 16), catalogue.parameters)
    compiled = catalogue.rules["kz.childbirth_allowance"]
    result, runs = simulate(compiled, catalogue.life_events, population, catalogue.parameters)
    run = runs[0]
    in_2027 = run.events.dates() >= np.datetime64("2027-01-01")
    outcomes = [OUTCOMES[o] for o in run.outcome[in_2027]]
    assert outcomes.count("unknown") > 0
    assert set(outcomes) <= {"unknown", "not_eligible"}  # a failed condition needs no MCI
    assert "unknown" not in {OUTCOMES[o] for o in run.outcome[~in_2027]}
    assert result.unknown_reasons == {"awaiting mrp": outcomes.count("unknown")}
    assert result.counts["eligible"] > 0


def test_vehicle_registrations_come_from_the_vehicle_register(
    catalogue: Catalogue, population: Population
) -> None:
    """A company's car is an event with no person: the rule says the owner is not a person,
    and its cost counts under an unknown region."""
    result, runs = simulate(
        catalogue.rules["kz.vehicle_tax_obligation"],
        catalogue.life_events,
        population,
        catalogue.parameters,
    )
    events = runs[0].events
    companies = int(np.sum(events.subjects < 0))
    assert companies > 0 and result.not_eligible_reasons["owner_is_person"] == companies
    assert result.by_region[NO_REGION]["eligible"] == 0
    registered = np.asarray(events.columns["event.registration_date"].data)
    assert registered.min() > np.datetime64("2025-06-30")
    assert registered.max() <= np.datetime64(AS_OF)
    assert result.one_time_kzt > 0 and result.counts["eligible"] > companies


def test_a_deceased_owner_s_vehicles_are_found(
    catalogue: Catalogue, population: Population
) -> None:
    result, runs = simulate(
        catalogue.rules["kz.deceased_vehicles_and_tax"],
        catalogue.life_events,
        population,
        catalogue.parameters,
    )
    assert result.counts["eligible"] > 0
    assert result.not_eligible_reasons["owned_vehicles"] > 0
    run = runs[0]
    owned = population.column("vehicles", "items")
    assert owned is not None
    eligible = run.outcome == 0
    assert np.all(owned.data.lengths[run.events.subjects[eligible]] > 0)


def test_a_what_if_on_the_subsistence_minimum_moves_the_disability_cost(
    catalogue: Catalogue, population: Population
) -> None:
    compiled = catalogue.rules["kz.disability_benefit"]
    baseline, _ = simulate(compiled, catalogue.life_events, population, catalogue.parameters)
    current = catalogue.parameters.resolved("subsistence_minimum", AS_OF).value
    richer = catalogue.parameters.copy()
    richer.override("subsistence_minimum", AS_OF.replace(month=1, day=1), current + Decimal(1000))
    candidate, _ = simulate(compiled, catalogue.life_events, population, richer)
    assert candidate.counts == baseline.counts
    assert candidate.monthly_kzt > baseline.monthly_kzt


def test_the_published_json_schemas_match_the_formats() -> None:
    """Editors validate against docs/schemas: they must say what the loader accepts."""
    from engine.kernel.schemas import stale_schemas

    assert stale_schemas(ROOT / "docs" / "schemas") == []


def test_each_person_s_disability_is_the_decision_in_force_as_the_register_answers(
    population: Population,
) -> None:
    """A rule that reads the `disability` lookup (a parent raising a disabled child, say) sees
    in a simulation what the disability register would answer on the law date: the latest of
    the person's decisions whose term covers it."""
    table = population.records("disability_decision")
    assert table is not None
    decisions: dict[int, list[dict[str, Any]]] = {}
    for index in range(table.size):
        row = {
            name.split(".", 1)[1]: None
            if column.present is not None and not column.present[index]
            else python_value(column.data, index)
            for name, column in table.columns.items()
        }
        decisions.setdefault(int(row["iin"]), []).append(row)
    in_force = {}
    for iin, rows in decisions.items():
        covering = [
            r
            for r in rows
            if r["valid_from"] <= AS_OF and (r["valid_to"] is None or r["valid_to"] >= AS_OF)
        ]
        if covering:
            latest = max(covering, key=lambda r: r["decision_date"])
            in_force[iin] = {k: v for k, v in latest.items() if k != "decision_date"}
    assert len(in_force) > 100
    rows = population.index_of(np.array(list(in_force), dtype=np.int64))
    for (iin, decision), row in zip(in_force.items(), rows, strict=True):
        assert population.record(int(row), "disability") == decision, iin
    without = [row for row, iin in enumerate(population.iins) if int(iin) not in in_force]
    assert len(without) > population.size / 2
    assert all(population.record(row, "disability") is None for row in without[:500])
