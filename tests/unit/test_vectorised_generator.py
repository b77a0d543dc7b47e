"""The vectorised population: deterministic, valid IINs, families that hold together, and
the same distributions as the per-person generator the registries are seeded from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from engine.kernel.catalogue import Catalogue, load_catalogue
from engine.kernel.iin import iin_problem, parse_iin
from engine.kernel.population import Population
from engine.kernel.simulate import simulate
from engine.rules_api.population import (
    add_law_columns,
    columns_of,
    generate_records,
    generated,
)
from mock_registries.population import vectorised
from mock_registries.population.vectorised import PopulationColumns, generate_columns

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 3, 16)
SIZE = 30_000


@pytest.fixture(scope="module")
def people() -> PopulationColumns:
    return generate_columns(2026, SIZE, TODAY)


@pytest.fixture(scope="module")
def both(catalogue: Catalogue) -> tuple[Population, Population]:
    """The same seed, size and date through the per-person and the vectorised generator."""
    records = generate_records(2026, SIZE, TODAY)
    per_person = columns_of(records, 2026, TODAY)
    fast, _ = generated(2026, SIZE, TODAY)
    for population in (per_person, fast):
        add_law_columns(population, catalogue.parameters)
    return per_person, fast


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    loaded = load_catalogue(ROOT / "rules", ROOT / "life_events", root=ROOT)
    assert not loaded.problems
    return loaded


def _equal(first: object, second: object) -> bool:
    if isinstance(first, np.ndarray):
        return bool(np.array_equal(first, second, equal_nan=first.dtype.kind in "fcmM"))
    return all(
        _equal(getattr(first, f.name), getattr(second, f.name))
        for f in fields(first)  # type: ignore[arg-type]
    )


def test_the_same_seed_size_and_date_give_the_same_people(people: PopulationColumns) -> None:
    again = generate_columns(2026, SIZE, TODAY)
    for field in fields(PopulationColumns):
        if field.name != "today":
            assert _equal(getattr(people, field.name), getattr(again, field.name)), field.name
    other = generate_columns(2027, SIZE, TODAY)
    assert not np.array_equal(people.iin, other.iin)


def test_every_iin_is_valid_distinct_and_encodes_the_birth_date_and_sex(
    people: PopulationColumns,
) -> None:
    iins = [f"{number:012d}" for number in people.iin.tolist()]
    assert len(set(iins)) == SIZE
    assert [iin for iin in iins if iin_problem(iin) is not None] == []
    births = people.birth_date.astype(object)
    for row in range(0, SIZE, 7):
        parts = parse_iin(iins[row])
        assert parts.birth_date == births[row]
        assert parts.sex == vectorised.SEXES[int(people.sex[row])]


def test_families_hold_together(people: PopulationColumns) -> None:
    birth = people.birth_date.astype(np.int64)
    child = np.nonzero(people.mother >= 0)[0]
    mother = people.mother[child]
    gap_years = (birth[child] - birth[mother]) / 365.25
    assert gap_years.min() >= 18 and gap_years.max() <= 45.01
    assert np.all(people.sex[mother] == 0)
    # brothers and sisters are born ten months apart at least, or are twins
    order = np.lexsort((birth[child], mother))
    same = mother[order][1:] == mother[order][:-1]
    spacing = np.diff(birth[child][order])[same]
    assert np.all((spacing == 0) | (spacing >= 300))
    assert np.mean(spacing == 0) < 0.05
    married = np.nonzero(people.spouse >= 0)[0]
    assert np.array_equal(people.spouse[people.spouse[married]], married)
    assert np.all(people.sex[married] != people.sex[people.spouse[married]])
    wives = married[people.sex[married] == 0]
    husbands = people.spouse[wives]
    siblings = (people.mother[wives] >= 0) & (people.mother[wives] == people.mother[husbands])
    assert not np.any(siblings)
    assert not np.any(people.father[wives] == husbands)
    fathered = np.nonzero(people.father >= 0)[0]
    assert np.array_equal(people.father[fathered], people.spouse[people.mother[fathered]])
    minors = (TODAY.toordinal() - date(1970, 1, 1).toordinal() - birth) < 18 * 365
    assert np.mean(people.mother[minors] >= 0) > 0.98


def _share(population: Population, test: Callable[[Population], np.ndarray]) -> float:
    return float(np.mean(test(population)))


def _age(population: Population) -> np.ndarray:
    birth = population.field("person.birth_date").data
    days = (np.datetime64(TODAY, "D") - birth).astype(np.int64)
    return days / 365.25


SHARES: dict[str, tuple[Callable[[Population], np.ndarray], float]] = {
    "men": (lambda p: p.field("person.sex").data.materialise() == "M", 0.02),
    "under 16": (lambda p: _age(p) < 16, 0.02),
    "65 and older": (lambda p: _age(p) >= 65, 0.01),
    "in Almaty city": (
        lambda p: p.field("person.region").data.materialise() == "almaty_city",
        0.01,
    ),
    "in Turkistan region": (
        lambda p: p.field("person.region").data.materialise() == "turkistan",
        0.01,
    ),
    "citizens": (lambda p: p.field("person.citizenship").data.materialise() == "citizen", 0.01),
    "speaking Kazakh": (lambda p: p.field("person.language").data.materialise() == "kk", 0.05),
    "with a mother on record": (lambda p: p.field("person.mother_iin").present, 0.03),
    "with a father on record": (lambda p: p.field("person.father_iin").present, 0.04),
    "married": (lambda p: p.field("person.spouse_iin").present, 0.03),
    "born in the last year": (lambda p: _age(p) < 1, 0.004),
    "third or later child": (lambda p: p.field("person.birth_order").data >= 3, 0.03),
    "with 4+ minor children": (lambda p: p.field("household.minor_children_count").data >= 4, 0.01),
    "dead": (lambda p: ~p.field("person.alive").data, 0.003),
    "insured": (lambda p: p.field("insurance.insured").data, 0.02),
    "with a bank account": (lambda p: p.field("person.has_bank_account").data, 0.03),
    "owning a vehicle": (lambda p: p.field("vehicles.items").data.lengths > 0, 0.02),
    "with a disability decision in force": (lambda p: p.field("disability.group").present, 0.006),
}


@pytest.mark.parametrize("name", sorted(SHARES))
def test_the_distributions_are_those_of_the_per_person_generator(
    name: str, both: tuple[Population, Population]
) -> None:
    per_person, fast = both
    test, tolerance = SHARES[name]
    assert _share(fast, test) == pytest.approx(_share(per_person, test), abs=tolerance)


def test_the_registers_records_are_as_many_as_the_per_person_generator_s(
    both: tuple[Population, Population],
) -> None:
    per_person, fast = both
    for name in ("vehicle", "marriage", "disability_decision"):
        expected, got = per_person.records(name), fast.records(name)
        assert expected is not None and got is not None
        assert got.size == pytest.approx(expected.size, rel=0.12), name
    income = fast.field("insurance.average_monthly_income_kzt")
    expected_income = per_person.field("insurance.average_monthly_income_kzt")
    assert np.median(income.data[income.present]) == pytest.approx(
        np.median(expected_income.data[expected_income.present]), rel=0.05
    )


@pytest.mark.parametrize(
    "rule_id",
    [
        "kz.childcare_allowance",
        "kz.large_family_allowance",
        "kz.old_age_base_pension",
        "kz.vehicle_tax_obligation",
        "kz.disability_benefit",
    ],
)
def test_a_simulation_over_it_gives_the_figures_of_the_per_person_population(
    rule_id: str, catalogue: Catalogue, both: tuple[Population, Population]
) -> None:
    compiled = catalogue.rules[rule_id]
    results = []
    for population in both:
        result, _ = simulate(
            compiled,
            catalogue.life_events,
            population,
            catalogue.parameters,
            versions=catalogue.deciding_versions(compiled),
        )
        results.append(result)
    expected, got = results
    assert got.events == pytest.approx(expected.events, rel=0.15)
    eligible_share = got.counts["eligible"] / got.events
    assert eligible_share == pytest.approx(expected.counts["eligible"] / expected.events, abs=0.06)


def test_a_size_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match="between 1 and 20,000,000"):
        generate_columns(1, 0, TODAY)
    assert generate_columns(1, 1, TODAY).size == 1
