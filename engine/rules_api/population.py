"""The mock population for simulations and explanations.

This is the one seam where the engine's outer layer (CLI and HTTP API) reaches the demo's
synthetic population: the generator is imported lazily here, so that the engine core never
depends on the mock registries. The registers' derived fields that persons do not carry are
derived the way the mock registries report them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from engine.kernel.dictionary import LOOKUPS, RECORDS
from engine.kernel.life_events import Milestone, milestone_dates
from engine.kernel.parameters import ParameterStore
from engine.kernel.population import (
    Population,
    RecordTable,
    attribute_column,
    build_population,
    own_rows,
    record_table,
    take,
)
from engine.kernel.vector import Categorical, Column, ListLengths, add_months_v
from engine.rules_api import store

_cache: dict[tuple[int, int, date], Population] = {}
_lock = threading.Lock()


def generate_records(
    seed: int, size: int, today: date, progress: Callable[[int], None] | None = None
) -> Sequence[Any]:
    from mock_registries.population.generator import generate_population

    return generate_population(seed, size, today, progress)


def _receiving_pension(parameters: ParameterStore) -> Callable[[Population], Column]:
    """A pension is paid to those who reached pension age more than a year before the date
    (those who reached it within the year are the ones a simulation offers it to). Computed
    when first read, from the law in force: it is never stored with the population."""

    def make(population: Population) -> Column:
        birth = population.field("person.birth_date").data
        sex = population.field("person.sex").data
        assert isinstance(sex, Categorical)
        reached = np.full(population.size, np.datetime64("2999-01-01"), dtype="datetime64[D]")
        for code, parameter in (("F", "retirement_age.women"), ("M", "retirement_age.men")):
            mask = sex.codes == sex.code_of(code)
            if parameter not in parameters or not np.any(mask):
                continue
            dates = milestone_dates(Milestone(age_parameter=parameter), birth[mask], parameters)
            reached[mask] = np.where(np.isnat(dates), np.datetime64("2999-01-01"), dates)
        year_ago = add_months_v(np.datetime64(population.as_of, "D"), np.int64(-12))
        return Column(reached <= year_ago)

    return make


def add_law_columns(population: Population, parameters: ParameterStore) -> None:
    """The columns that depend on the law in force, never kept with the population."""
    population.lazy_columns["pension.receiving_pension"] = _receiving_pension(parameters)


def _add_register_records(population: Population, seed: int, records: Sequence[Any]) -> None:
    """The registers' records that are not persons, derived on first use the way the mock
    registries seed them: current vehicle registrations, marriage acts, disability decisions."""
    from mock_registries.civil.seed import marriages
    from mock_registries.disability.seed import decisions
    from mock_registries.seeding.world import SeedWorld
    from mock_registries.vehicles.seed import fleet

    world = SeedWorld(records, seed, population.as_of)

    def vehicles(_: Population) -> RecordTable:
        cars = [asdict(car) for car in fleet(world)]
        return record_table("vehicle", cars, RECORDS["vehicle"])

    def marriage_acts(_: Population) -> RecordTable:
        return record_table("marriage", list(marriages(world)), RECORDS["marriage"])

    def disability_decisions(_: Population) -> RecordTable:
        rows = [{**asdict(d), "decision_date": d.valid_from} for d in decisions(world)]
        return record_table("disability_decision", rows, RECORDS["disability_decision"])

    population.record_sources.update(
        vehicle=vehicles, marriage=marriage_acts, disability_decision=disability_decisions
    )
    _add_record_columns(population)


def _add_record_columns(population: Population) -> None:
    """The persons' columns that come from the registers' records: each person's vehicles and
    the disability decision in force."""

    def vehicles_owned(population: Population) -> Column:
        table = population.records("vehicle")
        assert table is not None
        owners = population.rows_of(table.columns["vehicle.owner_iin"])
        counts = np.bincount(owners[owners >= 0], minlength=population.size)
        return Column(ListLengths(counts.astype(np.int64)))

    population.lazy_columns["vehicles.items"] = vehicles_owned
    in_force: list[np.ndarray] = []  # the decision row of each person, found once

    def disability(field: str) -> Callable[[Population], Column]:
        def make(population: Population) -> Column:
            if not in_force:
                in_force.append(_decisions_in_force(population))
            table = population.records("disability_decision")
            assert table is not None
            return take(table.columns[f"disability_decision.{field}"], in_force[0])

        return make

    for name in LOOKUPS["disability"].fields:
        population.lazy_columns[f"disability.{name}"] = disability(name)


def generated(seed: int, size: int, as_of: date) -> tuple[Population, dict[str, RecordTable]]:
    """The population of (seed, size, date) from the vectorised generator, with every column
    derived from the registers' records (all of it is kept)."""
    from engine.rules_api.generated import generate

    population, tables = generate(seed, size, as_of)
    for name, table in tables.items():
        population.record_sources[name] = _held(table)
    _add_record_columns(population)
    materialise(population)
    return population, tables


def _decisions_in_force(population: Population) -> np.ndarray:
    """For each person the row of the disability decision the register answers with: the
    latest whose term covers the population's date (-1: none)."""
    table = population.records("disability_decision")
    assert table is not None
    columns = table.columns
    day = np.datetime64(population.as_of, "D")
    ends = columns["disability_decision.valid_to"]
    open_ended = np.zeros(table.size, dtype=bool) if ends.present is None else ~ends.present
    covers = (columns["disability_decision.valid_from"].data <= day) & (
        open_ended | (ends.data >= day)
    )
    rows = np.nonzero(covers)[0]
    decided = columns["disability_decision.decision_date"].data[rows]
    rows = rows[np.argsort(decided, kind="stable")]  # the latest decision last
    owners = population.rows_of(take(columns["disability_decision.iin"], rows))
    rows, owners = rows[owners >= 0], owners[owners >= 0]
    last = owners.size - 1 - np.unique(owners[::-1], return_index=True)[1]
    chosen = np.full(population.size, -1, dtype=np.int64)
    chosen[owners[last]] = rows[last]
    return chosen


def population_for(
    seed: int,
    size: int,
    as_of: date,
    parameters: ParameterStore,
    progress: Callable[[int], None] | None = None,
    kept_in: Path | None = None,
) -> Population:
    """The columnar population for (seed, size, date): from memory, else from the Arrow
    files in ``kept_in`` (see ``store``), else generated once (vectorised) and written there."""
    key = (seed, size, as_of)
    with _lock:
        if key in _cache:
            return _cache[key]
    folder = store.folder_of(kept_in, seed, size, as_of) if kept_in is not None else None
    found = store.load(folder) if folder is not None else None
    if found is not None:
        population, sources = found
        population.record_sources.update(sources)
    else:
        population, tables = generated(seed, size, as_of)
        if progress is not None:
            progress(size)
        if folder is not None:
            store.save(population, tables, folder)
    add_law_columns(population, parameters)
    with _lock:
        _cache.clear()
        _cache[key] = population
    return population


def store_of(data_dir: Path) -> Path:
    """Where populations are kept: beside the deployment's other data."""
    return data_dir / "populations"


SHARD = 1_000_000
SHARD_SEED_STEP = 1_000_003


def shards(seed: int, size: int, part: int = SHARD) -> list[tuple[int, int]]:
    """The (seed, size) of each part of a population: up to a million persons it is one
    population of that seed; above, independent parts of a million (the first is the
    million of that seed, the others of seeds derived from it), simulated one after the
    other so that memory stays that of one part."""
    parts = []
    for index, start in enumerate(range(0, size, part)):
        parts.append((seed + SHARD_SEED_STEP * index, min(part, size - start)))
    return parts


def populations(
    seed: int,
    size: int,
    as_of: date,
    parameters: ParameterStore,
    progress: Callable[[int], None] | None = None,
    kept_in: Path | None = None,
    part: int = SHARD,
) -> Iterator[Population]:
    """Each part of the population of (seed, size, date), in turn (see ``shards``)."""
    done = 0
    for part_seed, part_size in shards(seed, size, part):
        offset = done

        def advance(count: int, offset: int = offset) -> None:
            if progress is not None:
                progress(offset + count)

        yield population_for(part_seed, part_size, as_of, parameters, advance, kept_in)
        done += part_size


def _held(table: RecordTable) -> Callable[[Population], RecordTable]:
    return lambda _: table


def materialise(population: Population) -> dict[str, RecordTable]:
    """Derive every register record and every column derived from them now (they are kept
    with the population), so that the person records can be let go."""
    tables: dict[str, RecordTable] = {}
    for name in list(population.record_sources):
        table = population.records(name)
        assert table is not None
        tables[name] = table
        population.record_sources[name] = _held(table)
    for key in list(population.lazy_columns):
        lookup, _, name = key.partition(".")
        population.column(lookup, name)
        del population.lazy_columns[key]
    return tables


def columns_of(records: Sequence[Any], seed: int, as_of: date) -> Population:
    """The columns of generated person records, with the registers' records derived from
    them as the mock registries seed them (``seed`` is the population's seed)."""
    insured = attribute_column(records, "insured", "bool")
    population = build_population(
        records,
        as_of,
        extra={
            "insurance.insured": insured,
            "insurance.iin": own_rows,
            "insurance.average_monthly_income_kzt": attribute_column(
                records, "monthly_income_kzt", "decimal", when=lambda r: bool(r.insured)
            ),
            "insurance.months_with_contributions": attribute_column(records, "insured", "int"),
            "pension.iin": own_rows,
            "pension.balance_kzt": attribute_column(records, "pension_savings_kzt", "decimal"),
            "pension.years_of_participation": attribute_column(records, "pension_years", "int"),
        },
    )
    _add_register_records(population, seed, records)
    months = population.columns["insurance.months_with_contributions"]
    population.columns["insurance.months_with_contributions"] = Column(
        np.asarray(months.data) * 24, months.present
    )
    return population
