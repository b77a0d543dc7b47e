"""The mock population for simulations and explanations.

This is the one seam where the engine's outer layer (CLI and HTTP API) reaches the demo's
synthetic population: the generator is imported lazily here, so that the engine core never
depends on the mock registries. The registers' derived fields that persons do not carry are
derived the way the mock registries report them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import numpy as np

from engine.kernel.life_events import Milestone, milestone_date
from engine.kernel.parameters import ParameterStore
from engine.kernel.population import Population, attribute_column, build_population
from engine.kernel.vector import Column, add_months_v

_cache: dict[tuple[int, int, date], Population] = {}
_lock = threading.Lock()


def generate_records(
    seed: int, size: int, today: date, progress: Callable[[int], None] | None = None
) -> Sequence[Any]:
    from mock_registries.population.generator import generate_population

    return generate_population(seed, size, today, progress)


def _receiving_pension(
    records: Sequence[Any], parameters: ParameterStore
) -> Callable[[Population], Column]:
    """A pension is paid to those who reached pension age more than a year before the date
    (those who reached it within the year are the ones a simulation offers it to)."""

    def make(population: Population) -> Column:
        birth = population.columns["person.birth_date"].data
        sex = np.array([r.sex for r in records])
        reached = np.empty(population.size, dtype="datetime64[D]")
        for code, parameter in (("F", "retirement_age.women"), ("M", "retirement_age.men")):
            mask = sex == code
            if parameter not in parameters:
                reached[mask] = np.datetime64("2999-01-01")
                continue
            milestone = Milestone(age_parameter=parameter)
            births, inverse = np.unique(birth[mask], return_inverse=True)
            dates = np.array(
                [milestone_date(milestone, b.astype(object), parameters) for b in births],
                dtype="datetime64[D]",
            )
            reached[mask] = dates[inverse]
        year_ago = add_months_v(np.datetime64(population.as_of, "D"), np.int64(-12))
        return Column(reached <= year_ago)

    return make


def population_for(
    seed: int,
    size: int,
    as_of: date,
    parameters: ParameterStore,
    progress: Callable[[int], None] | None = None,
) -> Population:
    """The columnar population for (seed, size, date), built once and kept for reuse."""
    key = (seed, size, as_of)
    with _lock:
        if key in _cache:
            return _cache[key]
    records = generate_records(seed, size, as_of, progress)
    insured = attribute_column(records, "insured", "bool")
    population = build_population(
        records,
        as_of,
        extra={
            "insurance.insured": insured,
            "insurance.iin": lambda p: Column(p.iins),
            "insurance.average_monthly_income_kzt": attribute_column(
                records, "monthly_income_kzt", "decimal", when=lambda r: bool(r.insured)
            ),
            "insurance.months_with_contributions": attribute_column(records, "insured", "int"),
            "pension.iin": lambda p: Column(p.iins),
            "pension.balance_kzt": attribute_column(records, "pension_savings_kzt", "decimal"),
            "pension.years_of_participation": attribute_column(records, "pension_years", "int"),
            "pension.receiving_pension": _receiving_pension(records, parameters),
        },
    )
    months = population.columns["insurance.months_with_contributions"]
    population.columns["insurance.months_with_contributions"] = Column(
        np.asarray(months.data) * 24, months.present
    )
    with _lock:
        _cache.clear()
        _cache[key] = population
    return population
