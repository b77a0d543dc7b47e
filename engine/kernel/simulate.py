"""Simulating a rule over a whole population: who would be eligible, at what cost, by region,
and why the others are not; and the difference between two versions of a rule or a
parameter what-if. Nothing here writes anywhere: it reads a Population and returns figures.

The events are those of the twelve months up to ``as_of`` that the life event's
``simulation`` block (or, for a milestone, the age reached) finds in the population. Each
event is judged by the law of its own date: the version of the rule in force that day and the
parameter values in force that day; events on days no version is in force are not counted,
and a parameter the law has not published yet for an event's date makes it ``unknown``
(awaiting that parameter), as in the engine.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from engine.kernel.compiled import CompiledComputation, CompiledRule
from engine.kernel.dates import add_months
from engine.kernel.expressions import EvaluationError, compile_expression
from engine.kernel.life_events import LifeEvent, milestone_dates
from engine.kernel.parameters import ParameterStore
from engine.kernel.population import Population, python_value, take
from engine.kernel.vector import (
    Array,
    Categorical,
    Column,
    ListLengths,
    Vec,
    VectorEnv,
    VectorInterpreter,
    broadcast,
    plain,
)

ELIGIBLE, NOT_ELIGIBLE, UNKNOWN, ERROR = 0, 1, 2, 3
OUTCOMES = ("eligible", "not_eligible", "unknown", "error")


class SimulationUnavailable(ValueError):
    """The population cannot produce this life event (say which and what to add)."""


@dataclass
class Events:
    """The simulated events of one life event: subject rows and event columns."""

    life_event: LifeEvent
    subjects: Array
    columns: dict[str, Column]

    @property
    def size(self) -> int:
        return int(self.subjects.size)

    def dates(self) -> Array:
        """Each event's date (the life event's date field), as datetime64[D]."""
        column = self.columns.get(f"event.{self.life_event.date_field}")
        if column is None:
            raise SimulationUnavailable(
                f"life event '{self.life_event.id}': its simulation does not give the event "
                f"date '{self.life_event.date_field}'"
            )
        return np.asarray(column.data, dtype="datetime64[D]")

    def at(self, positions: Array) -> Events:
        """The events at ``positions`` only."""
        columns = {name: _column_at(column, positions) for name, column in self.columns.items()}
        return Events(self.life_event, self.subjects[positions], columns)


def _column_at(column: Column, positions: Array) -> Column:
    data = column.data
    present = None if column.present is None else column.present[positions]
    rows = None if column.rows is None else column.rows[positions]
    if isinstance(data, Categorical):
        return Column(Categorical(data.codes[positions], data.labels), present, rows)
    return Column(np.asarray(data)[positions], present, rows)


@dataclass
class RuleRun:
    """Per-event results of one rule over one set of events."""

    events: Events
    outcome: Array
    amount_tiyn: Array
    recipient_rows: Array
    env: VectorEnv
    failed: dict[str, Array]
    missing_codes: Array
    error_codes: Array
    positions: Array | None = None  # where these events stand among the life event's events
    window: int = 0  # how many events the life event has in the window
    values: dict[str, Vec] = field(default_factory=dict)  # computations, on the rows chosen
    chosen: Array | None = None  # the rows still eligible when the computations ran


@dataclass
class SimulationResult:
    rule_id: str
    rule_version: str
    as_of: date
    population: int
    events: int
    counts: dict[str, int]
    one_time_kzt: int
    monthly_kzt: int
    by_region: dict[str, dict[str, int]]
    not_eligible_reasons: dict[str, int]
    unknown_reasons: dict[str, int]
    errors: dict[str, int]
    seconds: float = 0.0
    sample_eligible: list[str] = field(default_factory=list)
    persons_by_region: dict[str, int] = field(default_factory=dict)
    period: str | None = None  # of the rule's amount: one_time or monthly

    @property
    def annual_kzt(self) -> int:
        """The year's one-time payments plus twelve months of the monthly amounts awarded."""
        return self.one_time_kzt + 12 * self.monthly_kzt

    def to_json(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "rule_version": self.rule_version,
            "as_of": self.as_of.isoformat(),
            "population": self.population,
            "events": self.events,
            "eligible": self.counts["eligible"],
            "counts": self.counts,
            "one_time_cost_kzt": self.one_time_kzt,
            "monthly_cost_kzt": self.monthly_kzt,
            "annual_cost_kzt": self.annual_kzt,
            "by_region": self.by_region,
            "persons_by_region": self.persons_by_region,
            "not_eligible_reasons": self.not_eligible_reasons,
            "unknown_reasons": self.unknown_reasons,
            "errors": self.errors,
            "sample_eligible_iins": self.sample_eligible,
            "seconds": round(self.seconds, 3),
        }


def find_events(
    population: Population, life_event: LifeEvent, parameters: ParameterStore
) -> Events:
    """The life event's events of the twelve months up to the population's date. Events
    whose subject is not a person of the population (a company's car) keep subject row -1."""
    if life_event.trigger.milestone is not None:
        return _milestone_events(population, life_event, parameters)
    simulation = life_event.simulation
    if simulation is None:
        raise SimulationUnavailable(
            f"life event '{life_event.id}' has no 'simulation' block, and the population "
            "holds no such events: add a simulation block that finds them among persons "
            "or a register's records"
        )
    table = population.records(simulation.records)
    if table is None:
        raise SimulationUnavailable(
            f"life event '{life_event.id}': the population holds no '{simulation.records}' "
            "records to find its events among"
        )
    env = VectorEnv(table.size, table.columns, constants={"as_of": population.as_of})
    interpreter = VectorInterpreter(env)
    chosen = broadcast(interpreter.run(compile_expression(simulation.select)), env.size)
    ok = chosen.status == 0 if chosen.status is not None else True
    rows = np.nonzero(np.asarray(chosen.data, dtype=bool) & ok)[0]
    columns: dict[str, Column] = {}
    for name, source in simulation.event.items():
        value = interpreter.run(compile_expression(source))
        column = _take(value, rows, env.size)
        linked = table.columns.get(source)
        if linked is not None and linked.rows is not None:
            column = Column(column.data, column.present, linked.rows[rows])
        columns[f"event.{name}"] = column
    if simulation.records == "person":
        subjects = rows
    else:
        subjects = population.rows_of(columns[f"event.{life_event.parties[life_event.subject]}"])
    return Events(life_event, subjects, columns)


def _take(value: Vec, rows: Array, size: int) -> Column:
    data = value.data
    if isinstance(data, Categorical):
        return Column(Categorical(data.codes[rows], data.labels))
    full = np.broadcast_to(np.asarray(plain(data)), (size,))
    present = None if value.status is None else value.status[rows] == 0
    return Column(full[rows], present)


def _milestone_events(
    population: Population, life_event: LifeEvent, parameters: ParameterStore
) -> Events:
    milestone = life_event.trigger.milestone
    assert milestone is not None
    as_of = population.as_of
    birth = population.field("person.birth_date").data
    births, inverse = np.unique(birth, return_inverse=True)
    reached = milestone_dates(milestone, births, parameters)[inverse]
    start = np.datetime64(add_months(as_of, -12), "D")
    chosen = (reached > start) & (reached <= np.datetime64(as_of, "D"))
    if milestone.sex is not None:
        sex = population.field("person.sex").data
        assert isinstance(sex, Categorical)
        chosen &= sex.codes == sex.code_of(milestone.sex)
    subjects = np.nonzero(chosen)[0]
    sex_column = population.field("person.sex").data
    assert isinstance(sex_column, Categorical)
    columns = {
        "event.iin": Column(population.iins[subjects], None, subjects),
        "event.birth_date": Column(birth[subjects]),
        "event.sex": Column(Categorical(sex_column.codes[subjects], sex_column.labels)),
        "event.milestone_date": Column(reached[subjects]),
    }
    return Events(life_event, subjects, columns)


def _party_rows(
    population: Population, events: Events, reads: frozenset[str] | None = None
) -> tuple[dict[str, Array], dict[str, Column]]:
    """Population rows of every party (-1 when unknown) and the fact columns: those in
    ``reads`` (all when None) and those that name a derived party. ``<fact>`` alone is a
    column present where the registry has the record, for ``has(<fact>)``."""
    life_event = events.life_event
    party_sources = {s for s in life_event.parties.values() if "." in s}
    rows: dict[str, Array] = {}
    facts: dict[str, Column] = {}
    for party, source in life_event.parties.items():
        if "." not in source:
            column = events.columns.get(f"event.{source}")
            rows[party] = np.full(events.size, -1) if column is None else population.rows_of(column)
    needed = None if reads is None else {path.split(".")[0] for path in reads | party_sources}
    for stage in life_event.fact_stages():
        for fact in stage:
            if needed is not None and fact not in needed:
                continue  # the rule reads none of its fields, and no party comes from it
            lookup = life_event.facts[fact].lookup
            party_rows = rows.get(life_event.facts[fact].party, np.full(events.size, -1))
            record_rows = population.rows_for(lookup, party_rows)
            if reads is None or fact in reads:
                held = (record_rows >= 0) & population.has_record(lookup)[
                    np.maximum(record_rows, 0)
                ]
                facts[fact] = Column(np.zeros(events.size, dtype=np.int8), held)
            for name in life_event.fact_fields(fact):
                path = f"{fact}.{name}"
                if reads is not None and path not in reads and path not in party_sources:
                    continue
                column = population.column(lookup, name)
                if column is not None:
                    facts[path] = take(column, record_rows)
        for party, source in life_event.parties.items():
            if "." in source and party not in rows:
                column = facts.get(source)
                if column is not None:
                    rows[party] = population.rows_of(column)
    for party in life_event.parties:
        rows.setdefault(party, np.full(events.size, -1))
    return rows, facts


def run_rule(
    compiled: CompiledRule,
    population: Population,
    events: Events,
    parameters: ParameterStore,
    upstream: Mapping[str, Column] | None = None,
    codes: tuple[list[str], list[str]] | None = None,
) -> RuleRun:
    """One version of a rule over the given events, each with the parameter values in force
    on its own date. ``upstream`` holds the columns of the rules it reads (``rules.NAME.X``);
    ``codes`` the lists of missing paths and errors shared by the runs of one chain."""
    rule = compiled.rule
    rows, facts = _party_rows(population, events, compiled.fact_paths)
    law = parameter_columns(compiled, parameters, events.dates())
    paths, errors = codes if codes is not None else ([], [])
    env = VectorEnv(
        events.size,
        {**events.columns, **facts, **law, **(upstream or {})},
        paths=paths,
        errors=errors,
    )
    interpreter = VectorInterpreter(env)
    n = events.size
    status = np.zeros(n, dtype=np.int32)  # first missing/error among conditions
    error_first = np.zeros(n, dtype=np.int32)
    failed_any = np.zeros(n, dtype=bool)
    failed: dict[str, Array] = {}
    for condition_id, expression in compiled.conditions:
        value = broadcast(interpreter.run(expression), n)
        holds = np.asarray(value.data, dtype=bool)
        cond_status = value.status
        if cond_status is None:  # known for every event
            failed[condition_id] = ~holds
        else:
            failed[condition_id] = (cond_status == 0) & ~holds
            error_first = np.where((error_first == 0) & (cond_status < 0), cond_status, error_first)
            status = np.where((status == 0) & (cond_status > 0), cond_status, status)
        failed_any |= failed[condition_id]
    outcome = np.full(n, ELIGIBLE, dtype=np.int8)
    outcome[status > 0] = UNKNOWN
    outcome[failed_any] = NOT_ELIGIBLE
    outcome[error_first < 0] = ERROR
    missing_codes = np.where(outcome == UNKNOWN, status, 0)
    error_codes = error_first.copy()

    # Computations matter only for the events still eligible: they run on those rows alone,
    # with the same codes for missing facts and errors.
    chosen = np.nonzero(outcome == ELIGIBLE)[0]
    m = chosen.size
    subset = VectorEnv(
        m, _Rows(env.columns, chosen), env.constants, paths=env.paths, errors=env.errors
    )
    interpreter = VectorInterpreter(subset)
    values: dict[str, Vec] = {}
    pending = np.ones(m, dtype=bool)
    for computation_id, computation in compiled.computations:
        value = broadcast(_compute(interpreter, computation, m), m)
        values[computation_id] = value
        subset.computed[computation_id] = value
        if value.status is not None:
            hit = pending & (value.status != 0)
            unknown, wrong = hit & (value.status > 0), hit & (value.status < 0)
            outcome[chosen[unknown]] = UNKNOWN
            missing_codes[chosen[unknown]] = value.status[unknown]
            outcome[chosen[wrong]] = ERROR
            error_codes[chosen[wrong]] = value.status[wrong]
            pending &= ~hit
    amount = np.zeros(n, dtype=np.int64)
    if rule.amount is not None and rule.amount.computation in values:
        raw = np.asarray(plain(values[rule.amount.computation].data), dtype=np.float64)
        rounded = _round_tiyn(raw, rule.amount.rounding.to, rule.amount.rounding.mode)
        amount[chosen] = np.where(pending, rounded, 0)
    return RuleRun(
        events,
        outcome,
        amount,
        rows[rule.recipient],
        env,
        failed,
        missing_codes,
        error_codes,
        values=values,
        chosen=chosen,
    )


class _Rows(Mapping[str, Column]):
    """The columns at some rows only, each taken when first read."""

    def __init__(self, columns: Mapping[str, Column], rows: Array) -> None:
        self.columns = columns
        self.rows = rows
        self.taken: dict[str, Column] = {}

    def __getitem__(self, name: str) -> Column:
        if name not in self.taken:
            column = self.columns[name]
            if isinstance(column.data, ListLengths):
                data: Any = ListLengths(column.data.lengths[self.rows])
                present = None if column.present is None else column.present[self.rows]
                self.taken[name] = Column(data, present)
            elif not isinstance(column.data, Categorical) and np.ndim(column.data) == 0:
                self.taken[name] = column  # one value for every event
            else:
                self.taken[name] = _column_at(column, self.rows)
        return self.taken[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.columns)

    def __len__(self) -> int:
        return len(self.columns)


def parameter_columns(
    compiled: CompiledRule, parameters: ParameterStore, dates: Array
) -> dict[str, Column]:
    """For each parameter the rule reads, the value in force on each event's date; absent
    where the law gives none (not yet published, or before its first value). Values are found
    once per day of the dates' span (a year at most); one value for every date is a constant."""
    columns: dict[str, Column] = {}
    first = dates.min() if dates.size else np.datetime64("1970-01-01", "D")
    span = int((dates.max() - first).astype(np.int64)) + 1 if dates.size else 0
    days = first + np.arange(span)
    offset = (dates - first).astype(np.int64)
    for parameter_id in sorted(compiled.parameter_ids):
        try:
            periods = sorted(parameters.get(parameter_id).values, key=lambda v: v.valid_from)
        except KeyError as error:
            raise SimulationUnavailable(str(error)) from error
        starts = np.array([p.valid_from for p in periods], dtype="datetime64[D]")
        ends = np.array([p.valid_to or date.max for p in periods], dtype="datetime64[D]")
        values = np.array([float(p.value) for p in periods], dtype=np.float64)
        index = np.searchsorted(starts, days, side="right") - 1
        safe = np.maximum(index, 0)
        present = (index >= 0) & (days <= ends[safe])
        name = f"params.{parameter_id}"
        if span and present.all() and np.all(index == index[0]):
            columns[name] = Column(values[index[0]])
            continue
        known = present[offset]
        columns[name] = Column(values[safe][offset], None if known.all() else known)
    return columns


def in_force(compiled: CompiledRule, dates: Array) -> Array:
    """Which of the dates the version decides (its own dates, until a later version)."""
    rule = compiled.rule
    chosen = dates >= np.datetime64(rule.valid_from, "D")
    if rule.valid_to is not None:
        chosen &= dates <= np.datetime64(rule.valid_to, "D")
    if compiled.superseded_from is not None:
        chosen &= dates < np.datetime64(compiled.superseded_from, "D")
    return np.asarray(chosen, dtype=bool)


def _compute(interpreter: VectorInterpreter, computation: CompiledComputation, n: int) -> Vec:
    if computation.expression is not None:
        return interpreter.run(computation.expression)
    env = interpreter.env
    result: Any = None
    status = np.zeros(n, dtype=np.int32)
    decided = np.zeros(n, dtype=bool)
    hits: Array = np.zeros(n, dtype=np.int16 if len(computation.rows) < 2**15 else np.int64)
    for row in computation.rows:
        when = broadcast(interpreter.run(row.when), n)
        when_status = when.status
        matches = np.asarray(when.data, dtype=bool)
        if when_status is not None:
            matches = matches & (when_status == 0)
        if computation.hit_policy == "first":
            if when_status is not None:
                problem = ~decided & (when_status != 0)
                status = np.where(problem, when_status, status)
                decided |= problem
            take = ~decided & matches
        else:
            if when_status is not None:
                status = np.where((status == 0) & (when_status != 0), when_status, status)
            take = matches & (hits == 0)
        hits += matches
        if np.any(take):
            value = broadcast(interpreter.run(row.value), n)
            data = np.asarray(plain(value.data))
            if result is None:
                result = np.array(np.broadcast_to(data, (n,)))
            else:
                kind = np.result_type(result.dtype, data.dtype)
                if kind != result.dtype:
                    result = result.astype(kind)
                np.copyto(result, data, where=take)
            if value.status is not None:
                status = np.where(take & (status == 0), value.status, status)
        decided |= take
    if result is None:
        result = np.zeros(n)
    none = (hits == 0) & (status == 0)
    if np.any(none):
        status = np.where(
            none, env.error_code(f"no row of table '{computation.id}' matches"), status
        )
    if computation.hit_policy == "unique":
        many = (hits > 1) & (status == 0)
        if np.any(many):
            message = f"several rows of unique table '{computation.id}' match"
            status = np.where(many, env.error_code(message), status)
    return Vec(result, status)


def _round_tiyn(raw: Array, to: str, mode: str) -> Array:
    from engine.kernel.vector import VECTOR_FUNCTIONS

    digits = 0 if to == "tenge" else 2
    rounded = VECTOR_FUNCTIONS[f"round_{mode}"](raw, digits)
    result: Array = np.rint(np.asarray(rounded) * 100).astype(np.int64)
    return result


NO_REGION = "unknown"


def _regions(population: Population, rows: Array) -> list[tuple[str, Array]]:
    """Each region of the persons in ``rows`` with the mask of its rows; rows of no person
    (-1: a company's car) count under ``unknown``."""
    region_column = population.field("person.region").data
    assert isinstance(region_column, Categorical)
    codes = np.where(rows >= 0, region_column.codes[np.maximum(rows, 0)], -1)
    return [
        (NO_REGION if code < 0 else str(region_column.labels[code]), codes == code)
        for code in np.unique(codes)
    ]


def summarise(
    compiled: CompiledRule, population: Population, runs: list[RuleRun], seconds: float = 0.0
) -> SimulationResult:
    rule = compiled.rule
    outcome = np.concatenate([r.outcome for r in runs]) if runs else np.zeros(0, np.int8)
    amount = np.concatenate([r.amount_tiyn for r in runs]) if runs else np.zeros(0, np.int64)
    counts = {name: int(np.sum(outcome == code)) for code, name in enumerate(OUTCOMES)}
    total_kzt = int(amount.sum() // 100)
    period = rule.amount.period if rule.amount else None
    by_region: dict[str, dict[str, int]] = {}
    reasons: Counter[str] = Counter()
    unknown: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    sample: list[str] = []
    for run in runs:
        rows = np.where(run.recipient_rows >= 0, run.recipient_rows, run.events.subjects)
        eligible = run.outcome == ELIGIBLE
        for label, mask in _regions(population, rows):
            entry = by_region.setdefault(label, {"eligible": 0, "cost_kzt": 0})
            entry["eligible"] += int(np.sum(mask & eligible))
            entry["cost_kzt"] += int(run.amount_tiyn[mask].sum() // 100)
        for condition_id, mask in run.failed.items():
            reasons[condition_id] += int(np.sum(mask))
        for code, count in zip(
            *np.unique(run.missing_codes[run.missing_codes > 0], return_counts=True), strict=True
        ):
            unknown[_unknown_reason(run.env.describe(int(code)))] += int(count)
        for code, count in zip(
            *np.unique(run.error_codes[run.error_codes < 0], return_counts=True), strict=True
        ):
            errors[run.env.describe(int(code))] += int(count)
        subjects = run.events.subjects
        for row in subjects[eligible & (subjects >= 0)][: 5 - len(sample)]:
            sample.append(f"{int(population.iins[row]):012d}")
    return SimulationResult(
        rule_id=rule.id,
        rule_version=compiled.version,
        as_of=population.as_of,
        population=population.size,
        events=int(outcome.size),
        counts=counts,
        one_time_kzt=total_kzt if period == "one_time" else 0,
        monthly_kzt=total_kzt if period == "monthly" else 0,
        by_region=dict(sorted(by_region.items())),
        not_eligible_reasons=dict(reasons.most_common()),
        unknown_reasons=dict(unknown.most_common()),
        errors=dict(errors.most_common()),
        seconds=seconds,
        sample_eligible=sample,
        persons_by_region=_persons_by_region(population),
        period=period,
    )


def _persons_by_region(population: Population) -> dict[str, int]:
    region = population.field("person.region").data
    assert isinstance(region, Categorical)
    counts = np.bincount(region.codes, minlength=len(region.labels))
    return {str(label): int(n) for label, n in sorted(zip(region.labels, counts, strict=True))}


def _added(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Counts (or nested counts) of ``a`` and ``b`` added key by key."""
    total = dict(a)
    for key, value in b.items():
        if isinstance(value, dict):
            total[key] = _added(total.get(key, {}), value)
        else:
            total[key] = total.get(key, 0) + value
    return total


def merged(results: list[SimulationResult]) -> SimulationResult:
    """One result for a population simulated in parts (each part's own persons and events)."""
    first = results[0]
    total = SimulationResult(**{**first.__dict__, "sample_eligible": list(first.sample_eligible)})
    for other in results[1:]:
        total.population += other.population
        total.events += other.events
        total.counts = _added(total.counts, other.counts)
        total.one_time_kzt += other.one_time_kzt
        total.monthly_kzt += other.monthly_kzt
        total.by_region = dict(sorted(_added(total.by_region, other.by_region).items()))
        total.persons_by_region = dict(
            sorted(_added(total.persons_by_region, other.persons_by_region).items())
        )
        for name in ("not_eligible_reasons", "unknown_reasons", "errors"):
            counts = Counter(_added(getattr(total, name), getattr(other, name)))
            setattr(total, name, dict(counts.most_common()))
        total.seconds += other.seconds
        total.sample_eligible = (total.sample_eligible + other.sample_eligible)[:5]
    return total


def _unknown_reason(path: str) -> str:
    """A parameter the law gives no value for on the event's date is awaited, not missing."""
    if path.startswith("params."):
        return f"awaiting {path.removeprefix('params.')}"
    return path


def simulate(
    compiled: CompiledRule,
    life_events: dict[str, LifeEvent],
    population: Population,
    parameters: ParameterStore,
    *,
    versions: list[CompiledRule] | None = None,
    chain: dict[str, list[CompiledRule]] | None = None,
) -> tuple[SimulationResult, list[RuleRun]]:
    """The rule over the events of the window. ``versions`` are the versions that decide,
    the first in force on an event's date deciding it (default: ``compiled`` alone).
    ``chain`` gives, by rule id, the versions of the rules it builds on and of its modifiers
    (``chain_vector.chain_versions``): each event is decided with those in force on its date,
    and a base's amounts are those after its modifiers."""
    import time

    started = time.perf_counter()
    deciding = versions or [compiled]
    runs = []
    for name in compiled.rule.life_events:
        events = find_events(population, life_events[name], parameters)
        dates = events.dates()
        others = {
            rule_id: listed
            for rule_id, listed in (chain or {}).items()
            if any(name in v.rule.life_events for v in listed)
        }
        choice = np.stack(
            [_version_index(deciding, dates)]
            + [_version_index(listed, dates) for listed in others.values()]
        )
        combinations = np.unique(choice, axis=1) if events.size else np.zeros((1, 0), np.int64)
        for combination in combinations.T:
            if combination[0] < 0:
                continue
            positions = np.nonzero(np.all(choice == combination[:, None], axis=0))[0]
            version = deciding[int(combination[0])]
            chosen = [version] + [
                listed[int(index)]
                for listed, index in zip(others.values(), combination[1:], strict=True)
                if index >= 0
            ]
            try:
                run = _run_chosen(version, chosen, population, events.at(positions), parameters)
            except EvaluationError as error:
                raise SimulationUnavailable(f"rule '{compiled.rule.id}': {error}") from error
            run.positions = positions
            run.window = events.size
            runs.append(run)
    return summarise(compiled, population, runs, time.perf_counter() - started), runs


def _version_index(versions: list[CompiledRule], dates: Array) -> Array:
    """For each date, the index of the first version in force (-1: none)."""
    index = np.full(dates.size, -1, dtype=np.int64)
    for number, version in enumerate(versions):
        index = np.where((index < 0) & in_force(version, dates), number, index)
    return index


def _run_chosen(
    version: CompiledRule,
    chosen: list[CompiledRule],
    population: Population,
    events: Events,
    parameters: ParameterStore,
) -> RuleRun:
    if len(chosen) == 1:
        return run_rule(version, population, events, parameters)
    from engine.kernel.chain_vector import run_chain

    return run_chain(chosen, population, events, parameters)[version.rule.id]


@dataclass
class Diff:
    baseline: SimulationResult
    candidate: SimulationResult
    gainers: int
    losers: int
    newly_eligible: int
    no_longer_eligible: int
    cost_change_kzt: int
    by_region: dict[str, int]
    sample_gainers: list[str]
    sample_losers: list[str]

    def to_json(self) -> dict[str, Any]:
        return {
            "baseline": self.baseline.to_json(),
            "candidate": self.candidate.to_json(),
            "gainers": self.gainers,
            "losers": self.losers,
            "newly_eligible": self.newly_eligible,
            "no_longer_eligible": self.no_longer_eligible,
            "cost_change_kzt": self.cost_change_kzt,
            "cost_change_by_region_kzt": self.by_region,
            "sample_gainer_iins": self.sample_gainers,
            "sample_loser_iins": self.sample_losers,
        }


def compare(
    baseline: tuple[SimulationResult, list[RuleRun]],
    candidate: tuple[SimulationResult, list[RuleRun]],
    population: Population,
) -> Diff:
    """Who gains, who loses and the cost change between two runs over the same events."""
    before = _by_event(baseline[1])
    after = _by_event(candidate[1])
    windows: dict[str, int] = {}
    for run in baseline[1] + candidate[1]:
        name = run.events.life_event.id
        windows[name] = max(windows.get(name, 0), run.window or run.events.size)
    old_eligible, old_amount, old_subjects = _scattered(before, windows)
    new_eligible, new_amount, new_subjects = _scattered(after, windows)
    subjects = np.where(new_subjects >= 0, new_subjects, old_subjects)
    gain = (new_eligible & ~old_eligible) | (
        new_eligible & old_eligible & (new_amount > old_amount)
    )
    loss = (old_eligible & ~new_eligible) | (
        new_eligible & old_eligible & (new_amount < old_amount)
    )
    change = new_amount - old_amount
    by_region = {
        label: int(change[mask].sum() // 100) for label, mask in _regions(population, subjects)
    }

    def sample(mask: Array) -> list[str]:
        return [f"{int(population.iins[r]):012d}" for r in subjects[mask & (subjects >= 0)][:5]]

    return Diff(
        baseline=baseline[0],
        candidate=candidate[0],
        gainers=int(gain.sum()),
        losers=int(loss.sum()),
        newly_eligible=int((new_eligible & ~old_eligible).sum()),
        no_longer_eligible=int((old_eligible & ~new_eligible).sum()),
        cost_change_kzt=int(change.sum() // 100),
        by_region=dict(sorted(by_region.items())),
        sample_gainers=sample(gain),
        sample_losers=sample(loss),
    )


def merged_diffs(diffs: list[Diff]) -> Diff:
    """One comparison for a population compared in parts."""
    total = Diff(
        baseline=merged([d.baseline for d in diffs]),
        candidate=merged([d.candidate for d in diffs]),
        gainers=sum(d.gainers for d in diffs),
        losers=sum(d.losers for d in diffs),
        newly_eligible=sum(d.newly_eligible for d in diffs),
        no_longer_eligible=sum(d.no_longer_eligible for d in diffs),
        cost_change_kzt=sum(d.cost_change_kzt for d in diffs),
        by_region={},
        sample_gainers=[i for d in diffs for i in d.sample_gainers][:5],
        sample_losers=[i for d in diffs for i in d.sample_losers][:5],
    )
    for diff in diffs:
        total.by_region = _added(total.by_region, diff.by_region)
    total.by_region = dict(sorted(total.by_region.items()))
    return total


def _by_event(runs: list[RuleRun]) -> dict[str, list[RuleRun]]:
    grouped: dict[str, list[RuleRun]] = {}
    for run in runs:
        grouped.setdefault(run.events.life_event.id, []).append(run)
    return grouped


def _scattered(
    grouped: dict[str, list[RuleRun]], windows: dict[str, int]
) -> tuple[Array, Array, Array]:
    """Eligibility, amounts and subjects over all the window's events, life event after life
    event, whichever version decided each (events no version decides: not eligible)."""
    eligible: list[Array] = []
    amounts: list[Array] = []
    subjects: list[Array] = []
    for name, window in windows.items():
        runs = grouped.get(name, [])
        chosen = np.zeros(window, dtype=bool)
        amount = np.zeros(window, dtype=np.int64)
        subject = np.full(window, -1, dtype=np.int64)
        for run in runs:
            where = run.positions if run.positions is not None else np.arange(run.events.size)
            chosen[where] = run.outcome == ELIGIBLE
            amount[where] = run.amount_tiyn
            subject[where] = run.events.subjects
        eligible.append(chosen)
        amounts.append(amount)
        subjects.append(subject)
    return np.concatenate(eligible), np.concatenate(amounts), np.concatenate(subjects)


@dataclass
class Case:
    """One person's case of a life event, for ``explain``: ``event`` is None when the person
    takes part in no such event of the window; ``role`` names the party they are when not
    the subject ("mother")."""

    event: dict[str, Any] | None
    facts: dict[str, dict[str, Any] | None]
    role: str = ""


def case_of_party(
    population: Population, life_event: LifeEvent, parameters: ParameterStore, iin: str
) -> Case | None:
    """The case of the person with ``iin``, as the subject of the life event or another party
    named in it (a birth's mother or father); None when the population has no such person."""
    number = np.array([int(iin)], dtype=np.int64)
    row = int(population.index_of(number)[0])
    events = find_events(population, life_event, parameters)
    where = np.nonzero(events.subjects == row)[0] if row >= 0 else np.zeros(0, np.int64)
    if where.size:
        return Case(*case_at(population, events, int(where[0])))
    for name, column in sorted(events.columns.items()):
        if not name.endswith("_iin") or isinstance(column.data, Categorical):
            continue
        named = np.asarray(column.data) == number[0]
        if column.present is not None:
            named &= column.present
        hits = np.nonzero(named)[0]
        if hits.size:
            party = name.removeprefix("event.").removesuffix("_iin")
            return Case(*case_at(population, events, int(hits[0])), role=party)
    return Case(None, {}) if row >= 0 else None


def case_at(
    population: Population, events: Events, index: int
) -> tuple[dict[str, Any], dict[str, dict[str, Any] | None]]:
    """The event and facts of one simulated event, as the engine would gather them."""
    life_event = events.life_event
    event: dict[str, Any] = {}
    for name, column in events.columns.items():
        if column.present is not None and not column.present[index]:
            continue
        value = python_value(column.data, index)
        if name.endswith(("iin", "_bin")) and isinstance(value, int):
            value = f"{value:012d}"
        event[name.removeprefix("event.")] = value.isoformat() if isinstance(value, date) else value
    direct = life_event.direct_parties(event)
    facts: dict[str, dict[str, Any] | None] = {}
    parties: dict[str, str | None] = dict(direct)
    for stage in life_event.fact_stages():
        for fact in stage:
            source = life_event.facts[fact]
            iin = parties.get(source.party)
            rows = population.index_of(np.array([int(iin) if iin else 0], dtype=np.int64))
            record = population.record(int(rows[0]), source.lookup) if rows[0] >= 0 else None
            if record is not None:
                record = {
                    k: (f"{v:012d}" if k.endswith("iin") and isinstance(v, int) else v)
                    for k, v in record.items()
                }
            facts[fact] = record
        parties.update(life_event.derived_parties(facts))
    return event, facts


Progress = Callable[[int], None]
