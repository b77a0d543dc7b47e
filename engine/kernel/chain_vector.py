"""Rules that build on rules, over a whole population: the same order and the same folding of
modifiers as ``engine.kernel.chain`` for one citizen, column by column."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from engine.kernel.chain import modifier_order, ordered, short_name
from engine.kernel.compiled import CompiledRule
from engine.kernel.parameters import ParameterStore
from engine.kernel.population import Population
from engine.kernel.vector import Array, Categorical, Column, ListLengths, broadcast, plain

if TYPE_CHECKING:
    from engine.kernel.catalogue import Catalogue
    from engine.kernel.simulate import Events, RuleRun

ELIGIBLE, NOT_ELIGIBLE, UNKNOWN, ERROR = 0, 1, 2, 3


def chain_versions(catalogue: Catalogue, compiled: CompiledRule) -> dict[str, list[CompiledRule]]:
    """The other rules of the rule's chain, each with its active versions, newest first (the
    first in force on an event's date decides it)."""
    from engine.kernel.chain import chain_ids

    found: dict[str, list[CompiledRule]] = {}
    for rule_id in sorted(chain_ids(catalogue.rules, compiled.rule.id) - {compiled.rule.id}):
        active = [c for c in catalogue.versions.get(rule_id, []) if c.rule.status == "active"]
        if active:
            found[rule_id] = list(reversed(active))
    return found


def run_chain(
    versions: list[CompiledRule],
    population: Population,
    events: Events,
    parameters: ParameterStore,
) -> dict[str, RuleRun]:
    """Each rule of the chain over the same events, dependencies first, by rule id; each base's
    amounts are its final ones, after its modifiers."""
    from engine.kernel.chain import depends_on
    from engine.kernel.simulate import OUTCOMES, run_rule

    runs: dict[str, RuleRun] = {}
    by_short: dict[str, RuleRun] = {}
    columns: dict[str, Column] = {}
    codes: tuple[list[str], list[str]] = ([], [])
    labels = np.asarray(OUTCOMES, dtype=object)
    for compiled in ordered(versions):
        run = run_rule(compiled, population, events, parameters, columns, codes)
        n = events.size
        modifies = compiled.rule.modifies
        if modifies is not None:
            base = by_short.get(short_name(modifies.rule))
            skipped = np.ones(n, dtype=bool) if base is None else base.outcome != ELIGIBLE
            run.outcome[skipped] = NOT_ELIGIBLE
            run.amount_tiyn[skipped] = 0
            run.missing_codes[skipped] = 0
            run.error_codes[skipped] = 0
            for condition_id in run.failed:
                run.failed[condition_id] = run.failed[condition_id] & ~skipped
        for name in sorted(depends_on(compiled)):
            other = by_short.get(name)
            if other is None:
                continue
            broken = other.outcome == ERROR
            if np.any(broken):
                code = run.env.error_code(f"rule '{name}' it builds on failed")
                run.outcome[broken] = ERROR
                run.error_codes[broken] = code
                run.missing_codes[broken] = 0
                run.amount_tiyn[broken] = 0
        name = short_name(compiled.rule.id)
        columns.update(_result_columns(name, compiled, run, labels))
        runs[compiled.rule.id] = run
        by_short[name] = run
    for compiled in versions:
        if compiled.rule.modifies is None:
            modifiers = sorted(
                (
                    c
                    for c in versions
                    if c.rule.modifies is not None and c.rule.modifies.rule == compiled.rule.id
                ),
                key=modifier_order,
            )
            _fold(runs[compiled.rule.id], [(c, runs[c.rule.id]) for c in modifiers])
    return runs


def _result_columns(
    name: str, compiled: CompiledRule, run: RuleRun, labels: Array
) -> dict[str, Column]:
    """What a rule built on this one reads: its outcome, own amount and computations (these
    only where it is eligible)."""
    n = run.events.size
    eligible = run.outcome == ELIGIBLE
    columns = {
        f"rules.{name}.outcome": Column(Categorical(run.outcome.astype(np.int64), labels)),
    }
    if compiled.rule.amount is not None:
        columns[f"rules.{name}.amount"] = Column(run.amount_tiyn / 100.0, eligible)
    chosen = run.chosen if run.chosen is not None else np.zeros(0, dtype=np.int64)
    for computation_id, value in run.values.items():
        if isinstance(value.data, ListLengths):
            continue  # a list is only ever used through len(): another rule cannot read it
        data = np.asarray(plain(broadcast(value, chosen.size).data))
        full = np.zeros(n, dtype=data.dtype)
        full[chosen] = data
        columns[f"rules.{name}.{computation_id}"] = Column(full, eligible.copy())
    return columns


def _applied(compiled: CompiledRule, running: Array, amount: Array) -> Array:
    """``apply_modifier`` over columns."""
    assert compiled.rule.modifies is not None
    kind = compiled.rule.modifies.kind
    if kind == "exemption":
        return np.zeros_like(running)
    result: Array = np.maximum(running - amount, 0) if kind == "relief" else running + amount
    return result


def _fold(base: RuleRun, modifiers: list[tuple[CompiledRule, RuleRun]]) -> None:
    if not modifiers:
        return
    eligible = base.outcome == ELIGIBLE
    failed = np.zeros(base.events.size, dtype=bool)
    unknown = np.zeros(base.events.size, dtype=bool)
    running = base.amount_tiyn.copy()
    for compiled, run in modifiers:
        wrong = eligible & (run.outcome == ERROR) & ~failed
        base.error_codes[wrong] = run.error_codes[wrong]
        failed |= wrong
        gap = eligible & (run.outcome == UNKNOWN) & ~unknown
        base.missing_codes[gap] = run.missing_codes[gap]
        unknown |= gap
        applies = eligible & (run.outcome == ELIGIBLE)
        running = np.where(applies, _applied(compiled, running, run.amount_tiyn), running)
    unknown &= ~failed
    base.outcome[failed] = ERROR
    base.outcome[unknown] = UNKNOWN
    base.missing_codes[failed] = 0
    base.error_codes[unknown] = 0
    base.amount_tiyn[:] = np.where(eligible & ~failed & ~unknown, running, 0)
