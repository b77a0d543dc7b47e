"""The childcare allowance simulated by the engine and by OpenFisca over the same rows.

OpenFisca is not a dependency of the project; run this script in a separate venv:

    python3 -m venv /tmp/ofvenv
    /tmp/ofvenv/bin/pip install openfisca-core==46.0.1
    /tmp/ofvenv/bin/pip install -e .
    /tmp/ofvenv/bin/python bench/bench_openfisca.py [--size 1000000] [--events 1000000]

The engine simulates ``kz.childcare_allowance`` over the mock population (births of the last
twelve months, the mothers' records joined, conditions, the birth-order table, amounts). The
same events, with the facts the rule reads (the mother's citizenship and insurance, the child's
birth order), become one OpenFisca person each, in a minimal tax-benefit system written here
with the same parameter values. Both must find the same eligible births and the same amount for
every row. ``--events N`` also repeats the events to N rows on both sides, so that evaluation
speed is measured and not only fixed costs.

Times are the best of ``--repeat`` runs after a warm-up run; memory is the peak traced by
tracemalloc (numpy arrays included) in one more run of each phase.
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any, TypeVar
from unittest import mock

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.kernel import simulate as simulation_module  # noqa: E402
from engine.kernel.catalogue import load_catalogue  # noqa: E402
from engine.kernel.parameters import ParameterValue  # noqa: E402
from engine.kernel.simulate import (  # noqa: E402
    ELIGIBLE,
    Events,
    _party_rows,
    find_events,
    parameter_columns,
    run_rule,
    simulate,
)
from engine.kernel.vector import Array, Categorical, Column  # noqa: E402
from engine.rules_api.population import population_for, store_of  # noqa: E402

RULE = "kz.childcare_allowance"
OPENFISCA_VERSION = "46.0.1"
# the facts the rule reads (rules/childcare_allowance.yaml), as columns of the simulated events
CITIZENSHIP = "mother.citizenship"
INSURED = "mother_insurance.insured"
BIRTH_ORDER = "child.birth_order"
CITIZENSHIPS = ("citizen", "kandas", "permanent_resident", "foreigner")
RESIDENT = ("citizen", "kandas", "permanent_resident")
# half-up rounding in float64 needs a nudge for ties such as 8.90 x 4,325 = 38,492.5
NUDGE = 1e-6

T = TypeVar("T")


@dataclass
class Rows:
    """The inputs of one OpenFisca person per event (rows where every fact is present)."""

    citizenship: Array  # index into CITIZENSHIPS
    insured: Array
    birth_order: Array
    kept: Array  # event rows these come from


@dataclass
class Outcome:
    eligible: Array
    amount_kzt: Array

    @property
    def count(self) -> int:
        return int(np.count_nonzero(self.eligible))

    @property
    def total_kzt(self) -> int:
        return int(self.amount_kzt.astype(np.int64).sum())


@dataclass
class Phase:
    events: int
    name: str
    seconds: float
    peak_mb: float


def openfisca_missing() -> bool:
    return importlib.util.find_spec("openfisca_core") is None


CLOCKS: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.process_time}
clock = time.perf_counter


def measured(run: Callable[[], T], repeat: int) -> tuple[T, float, float]:
    """Result, best time of ``repeat`` runs after a warm-up, peak traced MB of one more run."""
    result = run()
    best = float("inf")
    for _ in range(repeat):
        started = clock()
        result = run()
        best = min(best, clock() - started)
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, best, peak / 1e6


def tiled(events: Events, size: int) -> Events:
    """The events repeated (and cut) to ``size`` rows."""

    def tile(column: Column) -> Column:
        data = column.data
        if isinstance(data, Categorical):
            data = Categorical(np.resize(data.codes, size), data.labels)
        else:
            data = np.resize(data, size)
        present = None if column.present is None else np.resize(column.present, size)
        rows = None if column.rows is None else np.resize(column.rows, size)
        return Column(data, present, rows)

    columns = {name: tile(column) for name, column in events.columns.items()}
    return Events(events.life_event, np.resize(events.subjects, size), columns)


def under_the_law_of(
    events: Events, compiled: Any, store: Any, values: Mapping[str, ParameterValue]
) -> Events:
    """The events whose own date has the law date's parameter values (an OpenFisca run
    computes one period; the engine judges each event by the law of its own date)."""
    law = parameter_columns(compiled, store, events.dates())
    same = np.ones(events.size, dtype=bool)
    for name, value in values.items():
        column = law[f"params.{name}"]
        if column.present is not None:
            same &= column.present
        same &= np.asarray(column.data) == float(value.value)
    return events.at(np.nonzero(same)[0])


def rows_of(columns: Mapping[str, Column], size: int) -> Rows:
    """The facts the engine evaluated, as OpenFisca inputs (rows with a fact missing, which the
    engine reports as unknown, are left out: OpenFisca has no missing values)."""
    present = np.ones(size, dtype=bool)
    for name in (CITIZENSHIP, INSURED, BIRTH_ORDER):
        mask = columns[name].present
        if mask is not None:
            present &= mask
    kept = np.nonzero(present)[0]
    citizenship = columns[CITIZENSHIP].data
    assert isinstance(citizenship, Categorical)
    unknown = set(map(str, citizenship.labels)) - set(CITIZENSHIPS)
    if unknown:
        raise SystemExit(f"citizenship values unknown to the OpenFisca model: {sorted(unknown)}")
    index = np.array([CITIZENSHIPS.index(str(label)) for label in citizenship.labels], np.int16)
    return Rows(
        citizenship=index[citizenship.codes[kept]],
        insured=np.asarray(columns[INSURED].data, dtype=bool)[kept],
        birth_order=np.asarray(columns[BIRTH_ORDER].data, dtype=np.int64)[kept],
        kept=kept,
    )


def parameter_data(values: dict[str, ParameterValue]) -> dict[str, Any]:
    """An OpenFisca parameter tree: each value dated from the day it came into force (and
    stopped the day after its end), as the engine resolves it on the law date."""
    tree: dict[str, Any] = {}
    for parameter_id, value in values.items():
        *path, leaf = parameter_id.split(".")
        node = tree
        for part in path:
            node = node.setdefault(part, {})
        dated: dict[str, Any] = {value.valid_from.isoformat(): {"value": float(value.value)}}
        if value.valid_to is not None:
            dated[(value.valid_to + timedelta(days=1)).isoformat()] = {"value": None}
        node[leaf] = {"values": dated}
    return tree


def openfisca_system(values: dict[str, ParameterValue]) -> Any:
    """A minimal tax-benefit system: one person per birth, three inputs, two formulas."""
    from openfisca_core.entities import build_entity
    from openfisca_core.indexed_enums import Enum
    from openfisca_core.parameters import ParameterNode
    from openfisca_core.periods import DateUnit
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    person = build_entity(
        "person",
        "persons",
        "A birth: the mother's facts and the child's birth order",
        is_person=True,
    )

    class Citizenship(Enum):
        citizen = "Citizen of Kazakhstan"
        kandas = "Kandas"
        permanent_resident = "Permanent resident"
        foreigner = "Foreigner"

    assert tuple(member.name for member in Citizenship) == CITIZENSHIPS

    class mother_citizenship(Variable):
        value_type = Enum
        possible_values = Citizenship
        default_value = Citizenship.foreigner
        entity = person
        definition_period = DateUnit.MONTH
        label = "The mother's citizenship status"

    class mother_insured(Variable):
        value_type = bool
        entity = person
        definition_period = DateUnit.MONTH
        label = "The mother is in compulsory social insurance"

    class child_birth_order(Variable):
        value_type = int
        entity = person
        definition_period = DateUnit.MONTH
        label = "The child's place among the mother's children"

    class childcare_allowance_eligible(Variable):
        value_type = bool
        entity = person
        definition_period = DateUnit.MONTH
        label = "The mother is resident and not insured"

        def formula(person: Any, period: Any, parameters: Any) -> Any:
            citizenship = person("mother_citizenship", period)
            resident = np.zeros(citizenship.shape, dtype=bool)
            for status in RESIDENT:
                resident |= citizenship == Citizenship[status]
            return resident & ~person("mother_insured", period)

    class childcare_allowance(Variable):
        value_type = int
        entity = person
        definition_period = DateUnit.MONTH
        label = "Monthly childcare allowance, whole tenge"

        def formula(person: Any, period: Any, parameters: Any) -> Any:
            # the coefficient stays float64 here: a float variable would be float32
            law = parameters(period)
            rates = law.childcare_allowance
            order = person("child_birth_order", period)
            coefficient = np.select(
                [order == 1, order == 2, order == 3, order >= 4],
                [rates.first, rates.second, rates.third, rates.fourth_and_later],
                default=np.nan,
            )
            monthly = np.floor(coefficient * law.mrp + 0.5 + NUDGE)
            return np.where(person("childcare_allowance_eligible", period), monthly, 0)

    system = TaxBenefitSystem([person])
    system.add_variables(
        mother_citizenship,
        mother_insured,
        child_birth_order,
        childcare_allowance_eligible,
        childcare_allowance,
    )
    system.parameters = ParameterNode("", data=parameter_data(values))
    return system


def openfisca_build(system: Any, rows: Rows, period: str) -> Any:
    from openfisca_core.simulations import SimulationBuilder

    simulation = SimulationBuilder().build_default_simulation(system, rows.kept.size)
    simulation.set_input("mother_citizenship", period, rows.citizenship)
    simulation.set_input("mother_insured", period, rows.insured)
    simulation.set_input("child_birth_order", period, rows.birth_order)
    return simulation


def openfisca_compute(simulation: Any, period: str) -> Outcome:
    amount = simulation.calculate("childcare_allowance", period)
    eligible = simulation.calculate("childcare_allowance_eligible", period)
    return Outcome(np.asarray(eligible), np.asarray(amount))


def check_parameters(system: Any, values: dict[str, ParameterValue], period: str) -> None:
    """OpenFisca reads parameters at the start of the period: they must be the engine's."""
    law = system.get_parameters_at_instant(f"{period}-01")
    for parameter_id, value in values.items():
        node = law
        for part in parameter_id.split("."):
            node = node[part]
        if node is None or float(node) != float(value.value):
            raise SystemExit(
                f"{parameter_id} is {node} at the start of {period} in OpenFisca but "
                f"{value.value} on the law date: choose a law date whose month starts with it"
            )


def openfisca_measured(
    system: Any, rows: Rows, period: str, repeat: int
) -> tuple[Outcome, float, float]:
    """As ``measured``, for the calculation only: calculate() keeps its results, so every run
    gets a fresh simulation, whose build is not counted."""
    result = openfisca_compute(openfisca_build(system, rows, period), period)
    best = float("inf")
    for _ in range(repeat):
        simulation = openfisca_build(system, rows, period)
        started = clock()
        result = openfisca_compute(simulation, period)
        best = min(best, clock() - started)
    simulation = openfisca_build(system, rows, period)
    tracemalloc.start()
    openfisca_compute(simulation, period)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, best, peak / 1e6


def same(ours: Outcome, theirs: Outcome, label: str) -> None:
    if not np.array_equal(ours.eligible, theirs.eligible):
        differ = int(np.count_nonzero(ours.eligible != theirs.eligible))
        raise AssertionError(f"{label}: eligibility differs on {differ:,} rows")
    if not np.array_equal(ours.amount_kzt.astype(np.int64), theirs.amount_kzt.astype(np.int64)):
        differ = int(np.count_nonzero(ours.amount_kzt != theirs.amount_kzt))
        raise AssertionError(f"{label}: amounts differ on {differ:,} rows")
    assert ours.count == theirs.count and ours.total_kzt == theirs.total_kzt


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="persons in the population")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--as-of", default="2026-03-16", help="the law date")
    parser.add_argument(
        "--events", type=int, default=0, help="also repeat the events to this many rows"
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best is kept")
    parser.add_argument(
        "--clock",
        choices=sorted(CLOCKS),
        default="wall",
        help="wall seconds, or this process's CPU seconds (steadier on a shared machine)",
    )
    parser.add_argument(
        "--data-dir", type=Path, help="where populations are kept (default: generate afresh)"
    )
    args = parser.parse_args()
    global clock
    clock = CLOCKS[args.clock]
    if openfisca_missing():
        print(
            "openfisca_core is not installed. Run this script in a separate venv:\n"
            f"    python3 -m venv /tmp/ofvenv && /tmp/ofvenv/bin/pip install "
            f"openfisca-core=={OPENFISCA_VERSION} && /tmp/ofvenv/bin/pip install -e {ROOT}\n"
            "    /tmp/ofvenv/bin/python bench/bench_openfisca.py",
            file=sys.stderr,
        )
        sys.exit(2)
    as_of = date.fromisoformat(args.as_of)
    period = f"{as_of.year:04d}-{as_of.month:02d}"
    catalogue = load_catalogue(ROOT / "rules", ROOT / "life_events", root=ROOT)
    store = catalogue.parameters
    compiled = catalogue.rules[RULE]
    expected = {CITIZENSHIP, INSURED, BIRTH_ORDER}
    if set(compiled.fact_paths) != expected:
        raise SystemExit(f"{RULE} reads {sorted(compiled.fact_paths)}, the model {expected}")
    (life_event_id,) = compiled.rule.life_events
    life_event = catalogue.life_events[life_event_id]

    started = time.perf_counter()
    kept = store_of(args.data_dir) if args.data_dir else None
    population = population_for(args.seed, args.size, as_of, store, kept_in=kept)
    built = time.perf_counter() - started

    phases: list[Phase] = []
    _, seconds, peak = measured(
        lambda: simulate(compiled, catalogue.life_events, population, store), args.repeat
    )
    found = find_events(population, life_event, store)
    phases.append(
        Phase(found.size, "engine: simulate (find births, evaluate, totals)", seconds, peak)
    )

    values = {p: store.resolved(p, as_of) for p in sorted(compiled.parameter_ids)}
    found = under_the_law_of(found, compiled, store, values)
    started = time.perf_counter()
    system = openfisca_system(values)
    system_seconds = time.perf_counter() - started
    check_parameters(system, values, period)

    cases = [found] + ([tiled(found, args.events)] if args.events else [])
    results: list[tuple[int, int, Outcome]] = []
    ratios: list[tuple[int, float]] = []
    for events in cases:
        run, seconds, peak = measured(
            lambda events=events: run_rule(compiled, population, events, store), args.repeat
        )
        phases.append(Phase(events.size, "engine: evaluate the events", seconds, peak))
        joined, seconds, peak = measured(
            lambda events=events: _party_rows(population, events, compiled.fact_paths), args.repeat
        )
        phases.append(Phase(events.size, "  joining the parties' facts alone", seconds, peak))
        # the rule alone: the same call with the facts already joined
        with mock.patch.object(simulation_module, "_party_rows", return_value=joined):
            _, seconds, peak = measured(
                lambda events=events: run_rule(compiled, population, events, store), args.repeat
            )
        phases.append(Phase(events.size, "  the rule alone, facts already joined", seconds, peak))
        rows = rows_of(run.env.columns, events.size)
        ours = Outcome(run.outcome[rows.kept] == ELIGIBLE, run.amount_tiyn[rows.kept] // 100)

        _, seconds, peak = measured(
            lambda rows=rows: openfisca_build(system, rows, period), args.repeat
        )
        phases.append(Phase(events.size, "OpenFisca: build (entities, set_input)", seconds, peak))
        theirs, seconds, peak = openfisca_measured(system, rows, period, args.repeat)
        phases.append(Phase(events.size, "OpenFisca: calculate", seconds, peak))
        same(ours, theirs, f"{events.size:,} events")
        engine_seconds = phases[-5].seconds
        openfisca_seconds = phases[-2].seconds + phases[-1].seconds
        ratios.append((events.size, engine_seconds / openfisca_seconds))
        results.append((events.size, events.size - rows.kept.size, ours))

    print(f"population      {args.size:,} persons (seed {args.seed}, law date {as_of})")
    print(f"build columns   {built:.1f} s (generating the persons included)")
    print(
        f"OpenFisca-Core  {version('openfisca-core')}, numpy {np.__version__}, "
        f"period {period}; tax-benefit system built in {system_seconds * 1000:.0f} ms"
    )
    for size, left_out, outcome in results:
        print(
            f"same results    {size:,} events: {outcome.count:,} eligible, "
            f"{outcome.total_kzt:,} KZT a month on both sides"
            + (f" ({left_out:,} unknown rows left out)" if left_out else "")
        )
    print(
        f"times ({args.clock} clock): best of {args.repeat} after a warm-up; "
        "memory: peak traced by tracemalloc"
    )
    print(f"{'events':>10}  {'phase':<48} {'seconds':>9} {'peak MB':>9}")
    for phase in phases:
        print(f"{phase.events:>10,}  {phase.name:<48} {phase.seconds:>9.4f} {phase.peak_mb:>9.1f}")
    for size, ratio in ratios:
        print(
            f"engine (join included) / OpenFisca (build, calculate), {size:,} events: {ratio:.2f}"
        )
    print(f"process peak RSS {peak_rss_mb():,.0f} MB")


if __name__ == "__main__":
    main()
