"""The running registries and an analyst's simulation of the same seed, size and date describe
the same people: the persons the registries are seeded with are those of the population kept
for simulations, with their family links, cars, marriages and disability decisions."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Table, select

from engine.config import Settings
from engine.kernel.catalogue import load_catalogue
from engine.kernel.population import Population
from engine.kernel.vector import Categorical, Column
from engine.rules_api import population as populations_module
from engine.rules_api.population import population_for
from mock_registries.bundle import RegistryBundle
from mock_registries.civil.models import MarriageRecord
from mock_registries.disability.models import Decision
from mock_registries.population.models import Person
from mock_registries.seeding.run import SeedParameters, seed_registries, seed_world
from mock_registries.vehicles.models import Registration

TODAY = date(2026, 3, 16)
SEED, SIZE = 22, 3_000  # a seed that gives some children a later IIN


def _values(column: Column) -> list[Any]:
    """A column's values as Python values, None where a person has none."""
    data = column.data
    if isinstance(data, Categorical):
        values = list(np.asarray(data.labels, dtype=object)[np.asarray(data.codes)])
    elif np.asarray(data).dtype.kind == "M":
        values = [day.item() for day in np.asarray(data, dtype="datetime64[D]")]
    else:
        values = np.asarray(data).tolist()
    if column.present is None:
        return values
    return [v if here else None for v, here in zip(values, column.present.tolist(), strict=True)]


def _iins(column: Column) -> list[str | None]:
    return [None if v is None else f"{v:012d}" for v in _values(column)]


def _rows(bundle: RegistryBundle, registry: str, table: Any) -> list[dict[str, Any]]:
    model: Table = table.__table__
    with bundle.contexts[registry].engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(select(model))]


def _analysts_population(tmp_path: Path) -> Population:
    """The population as an analyst's simulation reads it: from the Arrow files kept for the
    key (written by a first simulation, read back by the next)."""
    settings = Settings()
    parameters = load_catalogue(settings.rules_dir, settings.life_events_dir).parameters
    population_for(SEED, SIZE, TODAY, parameters, kept_in=tmp_path)
    populations_module._cache.clear()
    return population_for(SEED, SIZE, TODAY, parameters, kept_in=tmp_path)


def test_the_registries_hold_the_persons_of_the_analysts_population(
    bundle: RegistryBundle, tmp_path: Path
) -> None:
    params = SeedParameters(SEED, SIZE, TODAY)
    seed_registries(bundle.contexts, params, lambda _: None)
    simulated = _analysts_population(tmp_path)

    # a few children born since 2013 have an IIN issued after their birth date (legal since
    # then): the registries know them by it, the simulation by the one of their birth date
    world = seed_world(params)
    assert world.columns is not None
    original = {
        person.iin: f"{iin:012d}"
        for person, iin in zip(world.people, world.columns.iin.tolist(), strict=True)
    }
    renamed = sum(1 for new, old in original.items() if new != old)
    assert 0 < renamed < 0.005 * SIZE

    def as_simulated(iin: str | None) -> str | None:
        return None if iin is None else original[iin]

    registry = {as_simulated(row["iin"]): row for row in _rows(bundle, "population", Person)}
    field = simulated.field
    columns = {
        "iin": _iins(field("person.iin")),
        "sex": _values(field("person.sex")),
        "birth_date": _values(field("person.birth_date")),
        "region": _values(field("person.region")),
        "citizenship": _values(field("person.citizenship")),
        "language": _values(field("person.language")),
        "alive": _values(field("person.alive")),
        "death_date": _values(field("person.death_date")),
        "has_bank_account": _values(field("person.has_bank_account")),
        "mother_iin": _iins(field("person.mother_iin")),
        "father_iin": _iins(field("person.father_iin")),
        "spouse_iin": _iins(field("person.spouse_iin")),
    }
    assert len(registry) == SIZE == simulated.size
    assert sum(iin is not None for iin in columns["mother_iin"]) > SIZE // 4
    links = {"mother_iin", "father_iin", "spouse_iin"}
    for row, iin in enumerate(columns["iin"]):
        person = registry[iin]
        for name, values in columns.items():
            held = as_simulated(person[name]) if name in links or name == "iin" else person[name]
            assert held == values[row], (iin, name)

    def owners(values: list[str | None]) -> Counter[str]:
        return Counter(iin for iin in values if iin is not None)

    cars = simulated.records("vehicle")
    assert cars is not None
    current = [row for row in _rows(bundle, "vehicles", Registration) if row["plate"]]
    assert len(current) > SIZE // 10
    assert owners([as_simulated(row["owner_iin"]) for row in current]) == owners(
        _iins(cars.columns["vehicle.owner_iin"])
    )
    assert sorted(row["vin"] for row in current) == sorted(_values(cars.columns["vehicle.vin"]))

    decisions = simulated.records("disability_decision")
    assert decisions is not None
    held = _rows(bundle, "disability", Decision)
    assert held
    assert sorted((as_simulated(d["iin"]), d["group"], d["valid_from"]) for d in held) == sorted(
        zip(
            _iins(decisions.columns["disability_decision.iin"]),
            _values(decisions.columns["disability_decision.group"]),
            _values(decisions.columns["disability_decision.valid_from"]),
            strict=True,
        )
    )

    marriages = simulated.records("marriage")
    assert marriages is not None
    acts = _rows(bundle, "civil", MarriageRecord)
    assert len(acts) > SIZE // 10
    assert sorted(
        (as_simulated(m["spouse1_iin"]), as_simulated(m["spouse2_iin"]), m["marriage_date"])
        for m in acts
    ) == sorted(
        zip(
            _iins(marriages.columns["marriage.spouse1_iin"]),
            _iins(marriages.columns["marriage.spouse2_iin"]),
            _values(marriages.columns["marriage.marriage_date"]),
            strict=True,
        )
    )
