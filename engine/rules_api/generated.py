"""The vectorised generator's columns as a population for simulation.

The generator (``mock_registries.population.vectorised``) gives codes, days and rows; this
module names them as the data dictionary does and derives what the registers report from them
(family facts, insurance and pension accounts, the registers' records), as ``columns_of`` does
for person records.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.kernel.population import Population, RecordTable, own_rows, population_of_columns
from engine.kernel.vector import Array, Categorical, Column

if TYPE_CHECKING:
    from mock_registries.population.vectorised import PopulationColumns


def generate(seed: int, size: int, as_of: date) -> tuple[Population, dict[str, RecordTable]]:
    """The population of (seed, size, date) and the registers' record tables."""
    from mock_registries.population.vectorised import generate_columns

    return population_of(generate_columns(seed, size, as_of))


def population_of(people: PopulationColumns) -> tuple[Population, dict[str, RecordTable]]:
    from mock_registries.population.vectorised import (
        CITIZENSHIPS,
        LANGUAGES,
        REGION_CODES,
        SEXES,
    )

    iins = people.iin
    death = people.death_date
    died = ~np.isnat(death)
    person: dict[str, Column] = {
        "person.sex": Column(coded(people.sex, SEXES)),
        "person.citizenship": Column(coded(people.citizenship, CITIZENSHIPS)),
        "person.region": Column(coded(people.region, REGION_CODES)),
        "person.language": Column(coded(people.language, LANGUAGES)),
        "person.birth_date": Column(people.birth_date),
        "person.death_date": Column(np.where(died, death, np.datetime64(0, "D")), died),
        "person.alive": Column(people.alive),
        "person.has_bank_account": Column(people.has_bank_account),
        "person.mother_iin": _links(iins, people.mother),
        "person.father_iin": _links(iins, people.father),
        "person.spouse_iin": _links(iins, people.spouse),
        "person.address": Column(
            np.zeros(people.size, dtype=np.int8), np.ones(people.size, dtype=bool)
        ),
    }
    population = population_of_columns(iins, people.today, person)
    insured = people.insured
    population.columns.update(
        {
            "insurance.insured": Column(insured),
            "insurance.iin": own_rows(population),
            "insurance.average_monthly_income_kzt": Column(
                people.monthly_income_kzt.astype(np.float64), None if insured.all() else insured
            ),
            "insurance.months_with_contributions": Column(insured.astype(np.int64) * 24),
            "pension.iin": own_rows(population),
            "pension.balance_kzt": Column(people.pension_savings_kzt.astype(np.float64)),
            "pension.years_of_participation": Column(people.pension_years),
        }
    )
    return population, _tables(people)


def coded(codes: Array, labels: Sequence[str]) -> Categorical:
    """Codes into ``labels`` as a categorical whose labels are sorted (as ``np.unique`` gives
    them for the per-person path)."""
    order = np.argsort(np.asarray(labels, dtype=object))
    recode = np.empty(len(labels), dtype=np.int32)
    recode[order] = np.arange(len(labels), dtype=np.int32)
    return Categorical(recode[codes], np.asarray(labels, dtype=object)[order])


def _links(iins: Array, rows: Array) -> Column:
    """The IINs of related persons (by row; -1: none), each linked to its row."""
    linked = rows >= 0
    numbers = np.where(linked, iins[np.maximum(rows, 0)], 0)
    return Column(numbers, linked, rows)


def _optional(values: Array, present: Array) -> Column:
    return Column(values, None if present.all() else present)


def _days(values: Array) -> Column:
    present = ~np.isnat(values)
    return _optional(np.where(present, values, np.datetime64(0, "D")), present)


def _tables(people: PopulationColumns) -> dict[str, RecordTable]:
    from mock_registries.population.vectorised import DISABILITY_CAUSES
    from mock_registries.vehicles.catalogue import MODELS

    iins = people.iin
    cars = people.vehicles
    owned = cars.owner >= 0
    labels, vins = np.unique(cars.vin, return_inverse=True)
    vehicle = {
        "vehicle.vin": Column(Categorical(vins.astype(np.int32), labels.astype(object))),
        "vehicle.owner_iin": _links(iins, cars.owner),
        "vehicle.owner_bin": _optional(cars.owner_bin, ~owned),
        "vehicle.make": Column(_by_model(cars.model, [m.make for m in MODELS])),
        "vehicle.model": Column(_by_model(cars.model, [m.model for m in MODELS])),
        "vehicle.year": Column(cars.year),
        "vehicle.engine_cc": _optional(np.maximum(cars.engine_cc, 0), cars.engine_cc >= 0),
        "vehicle.fuel": Column(_by_model(cars.model, [m.fuel for m in MODELS])),
        "vehicle.registration_date": Column(cars.registration_date),
    }
    couples = people.marriages
    marriage = {
        "marriage.spouse1_iin": Column(iins[couples.husband]),
        "marriage.spouse2_iin": Column(iins[couples.wife]),
        "marriage.marriage_date": Column(couples.marriage_date),
    }
    decided = people.decisions
    disability = {
        "disability_decision.iin": Column(iins[decided.person]),
        "disability_decision.group": Column(decided.group),
        "disability_decision.cause": Column(coded(decided.cause, DISABILITY_CAUSES)),
        "disability_decision.valid_from": Column(decided.valid_from),
        "disability_decision.valid_to": _days(decided.valid_to),
        "disability_decision.decision_date": Column(decided.valid_from),
    }
    return {
        "vehicle": RecordTable(cars.owner.size, vehicle),
        "marriage": RecordTable(couples.wife.size, marriage),
        "disability_decision": RecordTable(decided.person.size, disability),
    }


def _by_model(model: Array, values: list[str]) -> Categorical:
    labels, codes = np.unique(np.asarray(values, dtype=object), return_inverse=True)
    per_model: Any = codes.astype(np.int32)
    return Categorical(per_model[model], labels.astype(object))
