"""Rules that build on rules: a rule may read another rule's result on the same event
(``rules.NAME.outcome``, ``rules.NAME.amount``, ``rules.NAME.<computation>``), and a modifier
(relief, exemption, top-up) folds into its base rule's amount. One evaluation order,
dependencies first, serves the engine, ``rules test``, ``explain`` and the simulation.

A rule is named in ``rules.NAME`` by the last part of its id (``kz.vehicle_tax_obligation``
is ``vehicle_tax_obligation``). What another rule reads is the rule's own decision, before
its modifiers; the citizen is told the amount after them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from engine.kernel.compiled import CompiledRule, Where
from engine.kernel.dictionary import Domain
from engine.kernel.evaluate import Adjustment, Evaluation, LawGap, RuleError, evaluate
from engine.kernel.expressions import suggest
from engine.kernel.parameters import ParameterStore
from engine.kernel.texts import LANGUAGES
from engine.kernel.typecheck import NameType

if TYPE_CHECKING:
    from engine.kernel.catalogue import Catalogue

RESULT_FIELDS = ("outcome", "amount")


def short_name(rule_id: str) -> str:
    return rule_id.rsplit(".", 1)[-1]


def reads_of(compiled: CompiledRule) -> set[str]:
    """The short names of the rules whose results this rule reads."""
    return {path.split(".")[1] for path in compiled.rule_reads}


def depends_on(compiled: CompiledRule) -> set[str]:
    """Short names of the rules to evaluate before this one: those it reads and its base."""
    found = reads_of(compiled)
    if compiled.rule.modifies is not None:
        found.add(short_name(compiled.rule.modifies.rule))
    return found


@dataclass(frozen=True)
class LinkProblem:
    compiled: CompiledRule
    where: Where
    message: str


def check_links(rules: dict[str, CompiledRule]) -> list[LinkProblem]:
    """Every ``rules.NAME.FIELD`` names a rule of the catalogue and one of its results, a
    modifier names an existing base that shares a life event, and no rules wait for each other
    in a circle. ``rules`` is the newest version of each rule by id."""
    problems: list[LinkProblem] = []
    by_short: dict[str, list[CompiledRule]] = {}
    for compiled in rules.values():
        by_short.setdefault(short_name(compiled.rule.id), []).append(compiled)
    for compiled in rules.values():
        for path, where in sorted(compiled.rule_reads.items()):
            _, name, field = path.split(".")
            message = _read_problem(compiled, name, field, by_short)
            if message is not None:
                problems.append(LinkProblem(compiled, where, f"'{path}': {message}"))
        modifies = compiled.rule.modifies
        if modifies is not None:
            base = rules.get(modifies.rule)
            if base is None:
                problems.append(
                    LinkProblem(
                        compiled,
                        ("modifies", "rule"),
                        f"unknown rule '{modifies.rule}'{suggest(modifies.rule, list(rules))}",
                    )
                )
            elif base.rule.modifies is not None:
                problems.append(
                    LinkProblem(
                        compiled,
                        ("modifies", "rule"),
                        f"'{modifies.rule}' is itself a modifier: modify its base rule "
                        f"'{base.rule.modifies.rule}' instead",
                    )
                )
            elif base.rule.amount is None:
                problems.append(
                    LinkProblem(
                        compiled,
                        ("modifies", "rule"),
                        f"rule '{modifies.rule}' has no amount to modify",
                    )
                )
            elif not set(base.rule.life_events) & set(compiled.rule.life_events):
                problems.append(
                    LinkProblem(
                        compiled,
                        ("life_events",),
                        f"a modifier of '{modifies.rule}' must listen to one of its life "
                        f"events ({', '.join(base.rule.life_events)})",
                    )
                )
    for cycle in cycles(rules.values()):
        shown = " → ".join([*cycle, cycle[0]])
        for rule_id in cycle:
            reads = rules[rule_id].rule_reads
            at: Where = next(iter(sorted(reads.items())))[1] if reads else ("modifies",)
            problems.append(
                LinkProblem(rules[rule_id], at, f"rules read each other in a circle: {shown}")
            )
    return problems


OUTCOME_TYPE = NameType("string", Domain(values=("eligible", "not_eligible", "unknown")))


def result_types(rules: Iterable[CompiledRule]) -> dict[str, NameType]:
    """The type of every result a rule can read of another (``rules.NAME.FIELD``)."""
    types: dict[str, NameType] = {}
    for compiled in rules:
        name = short_name(compiled.rule.id)
        types[f"rules.{name}.outcome"] = OUTCOME_TYPE
        if compiled.rule.amount is not None:
            types[f"rules.{name}.amount"] = NameType("decimal")
        for computation in compiled.rule.computations:
            kind = compiled.name_types.get(computation.id, NameType("any"))
            types[f"rules.{name}.{computation.id}"] = NameType(kind.kind, kind.domain)
    return types


def _read_problem(
    compiled: CompiledRule, name: str, field: str, by_short: dict[str, list[CompiledRule]]
) -> str | None:
    found = by_short.get(name)
    if not found:
        return f"unknown rule '{name}'{suggest(name, list(by_short))}"
    if len(found) > 1:
        ids = ", ".join(sorted(c.rule.id for c in found))
        return f"'{name}' names several rules ({ids})"
    other = found[0]
    if other.rule.id == compiled.rule.id:
        return "a rule cannot read its own result"
    fields = [*RESULT_FIELDS, *(c.id for c in other.rule.computations)]
    if field not in fields:
        return f"rule '{other.rule.id}' has no result '{field}'{suggest(field, fields)}"
    if field == "amount" and other.rule.amount is None:
        return f"rule '{other.rule.id}' has no amount"
    if not set(other.rule.life_events) & set(compiled.rule.life_events):
        return (
            f"rule '{other.rule.id}' decides other life events "
            f"({', '.join(other.rule.life_events)}): only a result on the same event can be read"
        )
    return None


def cycles(rules: Iterable[CompiledRule]) -> list[list[str]]:
    """Each circle of rules that wait for each other (by id), found once."""
    by_short = {short_name(c.rule.id): c for c in rules}
    found: list[list[str]] = []
    seen: set[frozenset[str]] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycle = path[path.index(name) :]
            key = frozenset(cycle)
            if key not in seen:
                seen.add(key)
                found.append([by_short[n].rule.id for n in cycle])
            return
        compiled = by_short.get(name)
        if compiled is None:
            return
        for other in sorted(depends_on(compiled)):
            visit(other, [*path, name])

    for name in sorted(by_short):
        visit(name, [])
    return found


def ordered(rules: list[CompiledRule]) -> list[CompiledRule]:
    """Dependencies first (a base before its modifiers), otherwise in the given order; rules
    that wait for each other in a circle come last, in the given order."""
    names = {short_name(c.rule.id) for c in rules}
    done: set[str] = set()
    result: list[CompiledRule] = []
    remaining = list(rules)
    while remaining:
        ready = [c for c in remaining if (depends_on(c) & names) <= done]
        if not ready:
            result.extend(remaining)
            break
        for compiled in ready:
            result.append(compiled)
            remaining.remove(compiled)
        done |= {short_name(c.rule.id) for c in ready}
    return result


def chain_ids(rules: dict[str, CompiledRule], rule_id: str) -> set[str]:
    """The ids of the rules the rule's result depends on: what it reads (and what those
    read), its base when it is a modifier, and the modifiers of every rule among them."""
    by_short = {short_name(c.rule.id): c for c in rules.values()}
    modifiers: dict[str, list[str]] = {}
    for compiled in rules.values():
        if compiled.rule.modifies is not None:
            modifiers.setdefault(compiled.rule.modifies.rule, []).append(compiled.rule.id)
    found: set[str] = set()
    pending = [rule_id]
    while pending:
        current = pending.pop()
        if current in found or current not in rules:
            continue
        found.add(current)
        pending.extend(by_short[n].rule.id for n in depends_on(rules[current]) if n in by_short)
        pending.extend(modifiers.get(current, []))
    return found


def related_ids(rules: dict[str, CompiledRule], rule_id: str) -> set[str]:
    """Every rule whose decision may change when ``rule_id`` changes, and those it needs:
    the chains that contain it (for re-evaluation)."""
    return {other for other in rules if rule_id in chain_ids(rules, other)} | chain_ids(
        rules, rule_id
    )


def chain_on(catalogue: Catalogue, compiled: CompiledRule, on: date) -> list[CompiledRule]:
    """The rules evaluated with ``compiled`` for an event of ``on``: each other rule of its
    chain in the version that decides that day, ``compiled`` itself as given; ordered."""
    chosen: list[CompiledRule] = []
    for rule_id in sorted(chain_ids(catalogue.rules, compiled.rule.id)):
        if rule_id == compiled.rule.id:
            chosen.append(compiled)
            continue
        version = deciding_on(catalogue, rule_id, on)
        if version is not None:
            chosen.append(version)
    return ordered(chosen)


def deciding_on(catalogue: Catalogue, rule_id: str, on: date) -> CompiledRule | None:
    """The version of a rule that decides events of ``on`` in the engine: the active one in
    force (a rule under trial, shadow or draft, is none)."""
    versions = catalogue.versions.get(rule_id, [])
    active = [c for c in versions if c.rule.status == "active" and c.in_force_on(on)]
    return active[-1] if active else None


Result = Evaluation | RuleError


def evaluate_chain(
    rules: list[CompiledRule],
    *,
    event: dict[str, Any],
    facts: dict[str, dict[str, Any] | None],
    on: date,
    parameters: ParameterStore,
    project: bool = False,
    trial: CompiledRule | None = None,
) -> list[tuple[CompiledRule, Result]]:
    """Each rule's decision (or error), dependencies first; modifiers folded into their base.
    A rule whose dependency failed fails too; a modifier of a base that does not apply is
    not applied; a base whose modifier is unknown is unknown (its final amount is). Active
    rules (and the ``trial``, a version being tested or compared) feed the others; a shadow
    rule is decided beside them and feeds nothing."""

    def deciding(compiled: CompiledRule) -> bool:
        return compiled.rule.status == "active" or compiled is trial

    results: list[tuple[CompiledRule, Result]] = []
    upstream: dict[str, dict[str, Any]] = {}
    failed: dict[str, str] = {}
    outcome_of: dict[str, Evaluation] = {}
    for compiled in ordered(rules):
        name = short_name(compiled.rule.id)
        broken = sorted(depends_on(compiled) & set(failed))
        if broken:
            error = RuleError(
                f"rule '{compiled.rule.id}': rule '{broken[0]}' it builds on failed: "
                f"{failed[broken[0]]}"
            )
            results.append((compiled, error))
            if deciding(compiled):
                failed.setdefault(name, str(error))
            continue
        modifies = compiled.rule.modifies
        if modifies is not None:
            base = outcome_of.get(short_name(modifies.rule))
            if base is None or base.outcome != "eligible":
                skipped = _not_applied(compiled, on, modifies.rule, base)
                results.append((compiled, skipped))
                continue
        try:
            evaluation = evaluate(
                compiled,
                event=event,
                facts=facts,
                on=on,
                parameters=parameters,
                project=project,
                upstream={k: v for k, v in upstream.items() if k in depends_on(compiled)},
            )
        except RuleError as error:
            results.append((compiled, error))
            if deciding(compiled):
                failed.setdefault(name, str(error))
            continue
        results.append((compiled, evaluation))
        if deciding(compiled):
            outcome_of[name] = evaluation
            upstream[name] = result_values(evaluation)
    return _folded(results, deciding)


def result_values(evaluation: Evaluation) -> dict[str, Any]:
    """What another rule reads of this one: its outcome, its own amount and computations
    (these only when eligible)."""
    values: dict[str, Any] = {"outcome": evaluation.outcome}
    if evaluation.outcome == "eligible":
        values.update(evaluation.values)
        if evaluation.amount_tiyn is not None:
            values["amount"] = Decimal(evaluation.amount_tiyn) / 100
    return values


def _not_applied(
    compiled: CompiledRule, on: date, base_id: str, base: Evaluation | None
) -> Evaluation:
    why = "not in force" if base is None else base.outcome
    return Evaluation(
        rule_id=compiled.rule.id,
        rule_version=compiled.version,
        on=on,
        outcome="not_eligible",
        conditions=[],
        values={},
        facts_used={},
        parameters_used={},
        not_applied=f"the base rule '{base_id}' is {why}",
    )


def _folded(
    results: list[tuple[CompiledRule, Result]], deciding: Callable[[CompiledRule], bool]
) -> list[tuple[CompiledRule, Result]]:
    """Each base's final amount: its own, then each eligible modifier in order."""
    folded: list[tuple[CompiledRule, Result]] = []
    for compiled, result in results:
        if isinstance(result, Evaluation) and compiled.rule.modifies is None:
            mods = sorted(
                (
                    (c, r)
                    for c, r in results
                    if c.rule.modifies is not None
                    and c.rule.modifies.rule == compiled.rule.id
                    and deciding(c)
                ),
                key=lambda pair: modifier_order(pair[0]),
            )
            result = fold(compiled, result, mods)
        folded.append((compiled, result))
    return folded


def fold(
    base: CompiledRule, evaluation: Evaluation, modifiers: list[tuple[CompiledRule, Result]]
) -> Result:
    if evaluation.outcome != "eligible" or evaluation.amount_tiyn is None or not modifiers:
        return evaluation
    running = evaluation.amount_tiyn
    adjustments: list[Adjustment] = []
    undecided = False
    for compiled, result in modifiers:
        if isinstance(result, RuleError):
            return RuleError(f"rule '{base.rule.id}': modifier failed: {result}")
        if result.outcome == "unknown":
            undecided = True
            evaluation.missing = list(dict.fromkeys([*evaluation.missing, *result.missing]))
            evaluation.awaiting = _gaps(evaluation.awaiting, result.awaiting)
            continue
        evaluation.projected = _gaps(evaluation.projected, result.projected)
        if result.outcome != "eligible":
            continue
        after = apply_modifier(compiled, running, result.amount_tiyn or 0)
        adjustments.append(_adjustment(compiled, after - running))
        running = after
    if undecided:
        evaluation.outcome = "unknown"
        evaluation.amount_kzt = None
        evaluation.rounded_tiyn = None
        return evaluation
    if adjustments:
        evaluation.base_tiyn = evaluation.amount_tiyn
        evaluation.adjustments = adjustments
        evaluation.rounded_tiyn = running
        evaluation.amount_kzt = Decimal(running) / 100
    return evaluation


def _gaps(mine: list[LawGap], theirs: list[LawGap]) -> list[LawGap]:
    """Both lists, each value the law has not published named once: a base and its modifier
    often read the same parameter, and the citizen should read about it once."""
    seen = {(gap.parameter, gap.on) for gap in mine}
    return [*mine, *(gap for gap in theirs if (gap.parameter, gap.on) not in seen)]


KIND_ORDER = {"top_up": 0, "relief": 1, "exemption": 2}


def modifier_order(compiled: CompiledRule) -> tuple[int, str]:
    """Top-ups first, then reliefs, then exemptions; by id within a kind."""
    assert compiled.rule.modifies is not None
    return KIND_ORDER[compiled.rule.modifies.kind], compiled.rule.id


def apply_modifier(compiled: CompiledRule, running: int, amount_tiyn: int) -> int:
    """The amount after one modifier: a relief takes its amount off (never below zero), an
    exemption takes everything, a top-up adds its amount."""
    assert compiled.rule.modifies is not None
    kind = compiled.rule.modifies.kind
    if kind == "exemption":
        return 0
    if kind == "relief":
        return max(running - amount_tiyn, 0)
    return running + amount_tiyn


def _adjustment(compiled: CompiledRule, delta_tiyn: int) -> Adjustment:
    assert compiled.rule.modifies is not None
    rule = compiled.rule
    return Adjustment(
        rule_id=rule.id,
        rule_version=compiled.version,
        kind=rule.modifies.kind if rule.modifies else "",
        title={str(lang): rule.title.in_(lang) for lang in LANGUAGES},
        legal_basis={
            str(lang): [reference.cited(lang) for reference in rule.legal_basis]
            for lang in LANGUAGES
        },
        delta_tiyn=delta_tiyn,
    )


def result_of(results: list[tuple[CompiledRule, Result]], compiled: CompiledRule) -> Result:
    """The result of ``compiled`` among a chain's results."""
    return next(r for c, r in results if c is compiled)


def evaluate_in_chain(
    catalogue: Catalogue,
    compiled: CompiledRule,
    event: dict[str, Any],
    facts: dict[str, dict[str, Any] | None],
    on: date,
    parameters: ParameterStore,
) -> tuple[Evaluation, tuple[CompiledRule, Evaluation] | None]:
    """The rule's decision with the rules it builds on and its modifiers (each in the version
    that decides on ``on``), and the item the citizen is told of: the rule's own after its
    modifiers, or, for a modifier, its base's (None when that failed). Raises RuleError."""
    results = evaluate_chain(
        chain_on(catalogue, compiled, on),
        event=event,
        facts=facts,
        on=on,
        parameters=parameters,
        trial=compiled,
    )
    mine = result_of(results, compiled)
    if isinstance(mine, RuleError):
        raise mine
    if compiled.rule.modifies is None:
        return mine, (compiled, mine)
    base = compiled.rule.modifies.rule
    for other, result in results:
        if other.rule.id == base and isinstance(result, Evaluation):
            return mine, (other, result)
    return mine, None
