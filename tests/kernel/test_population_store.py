"""The population is generated once per (seed, size, date), kept as Arrow files and read
back identical; above a part's size it is simulated part after part, and every figure is
also given for the whole country by region."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow.feather as feather
import pytest

from engine.config import Settings
from engine.kernel.catalogue import Catalogue, load_catalogue
from engine.kernel.simulate import simulate
from engine.rules_api import population as populations_module
from engine.rules_api.national import national, official_populations
from engine.rules_api.population import population_for, populations, shards
from engine.rules_api.service import simulation

AS_OF = date(2026, 3, 16)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    settings = Settings()
    return load_catalogue(settings.rules_dir, settings.life_events_dir)


def figures(catalogue: Catalogue, rule_id: str, people: object) -> dict[str, object]:
    compiled = catalogue.rules[rule_id]
    result, _ = simulate(
        compiled,
        catalogue.life_events,
        people,  # type: ignore[arg-type]
        catalogue.parameters,
        versions=catalogue.deciding_versions(compiled),
    )
    body = result.to_json()
    body.pop("seconds")
    return body


def test_a_kept_population_simulates_every_rule_as_the_generated_one(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    generated = population_for(5, 3000, AS_OF, catalogue.parameters, kept_in=tmp_path)
    populations_module._cache.clear()
    kept = population_for(5, 3000, AS_OF, catalogue.parameters, kept_in=tmp_path)
    assert kept is not generated
    for rule_id in sorted(catalogue.rules):
        assert figures(catalogue, rule_id, kept) == figures(catalogue, rule_id, generated), rule_id


def test_the_kept_files_are_plain_arrow_with_codes_and_nulls(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    population_for(6, 2000, AS_OF, catalogue.parameters, kept_in=tmp_path)
    folder = tmp_path / "seed-6_size-2000_2026-03-16"
    assert sorted(p.name for p in folder.iterdir()) == [
        "disability_decision.arrow",
        "marriage.arrow",
        "persons.arrow",
        "vehicle.arrow",
    ]
    persons = feather.read_table(folder / "persons.arrow")
    assert persons.num_rows == 2000
    regions = set(persons.column("person.region").to_pylist())
    assert regions <= set(official_populations())
    assert persons.column("person.death_date").null_count > 0  # the living have no death date
    assert "pension.receiving_pension" not in persons.column_names  # follows the law in force


def test_a_large_population_is_made_of_parts_of_its_own_seed() -> None:
    assert shards(2026, 2_500_000) == [
        (2026, 1_000_000),
        (2026 + 1_000_003, 1_000_000),
        (2026 + 2_000_006, 500_000),
    ]
    assert shards(2026, 1_000_000) == [(2026, 1_000_000)]


def test_a_simulation_in_parts_adds_up_the_parts(catalogue: Catalogue, tmp_path: Path) -> None:
    rule = "kz.childcare_allowance"
    compiled = catalogue.rules[rule]
    parts = list(populations(8, 2500, AS_OF, catalogue.parameters, kept_in=tmp_path, part=1000))
    assert [p.size for p in parts] == [1000, 1000, 500]
    each = [figures(catalogue, rule, p) for p in parts]
    result, diff = simulation(
        catalogue, compiled, seed=8, size=2500, as_of=AS_OF, kept_in=tmp_path, part=1000
    )
    assert diff is None
    assert result.population == 2500
    assert result.events == sum(e["events"] for e in each)  # type: ignore[misc]
    assert result.counts["eligible"] == sum(e["eligible"] for e in each)  # type: ignore[misc]
    assert result.monthly_kzt == sum(e["monthly_cost_kzt"] for e in each)  # type: ignore[misc]
    assert sum(result.persons_by_region.values()) == 2500


def test_the_country_is_each_region_scaled_by_its_official_population(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    compiled = catalogue.rules["kz.childcare_allowance"]
    result, _ = simulation(catalogue, compiled, seed=9, size=4000, as_of=AS_OF, kept_in=tmp_path)
    country = national(result)
    official = official_populations()
    assert len(official) == 20 and country["population"] == 20_286_084
    assert "Bureau of National Statistics" in country["source"]
    for code, region in country["by_region"].items():
        factor = official[code] / result.persons_by_region[code]
        sample = result.by_region[code]
        assert region["eligible"] == round(sample["eligible"] * factor)
        assert region["monthly_cost_kzt"] == round(sample["cost_kzt"] * factor)
        assert region["annual_cost_kzt"] == 12 * region["monthly_cost_kzt"]
    assert country["eligible"] == sum(r["eligible"] for r in country["by_region"].values())
    assert result.annual_kzt == 12 * result.monthly_kzt
