"""A rule checked against its life events, the data dictionary and the parameters, with every
expression parsed once. All problems of a rule are found in one pass, each with the path of
the field it is about (the catalogue turns that into ``file:line``)."""

from __future__ import annotations

import ast
import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from engine.kernel.dedup import period_blind_key
from engine.kernel.expressions import (
    EvaluationError,
    Expression,
    ExpressionError,
    compile_expression,
    suggest,
)
from engine.kernel.life_events import LifeEvent
from engine.kernel.parameters import ParameterStore
from engine.kernel.rules import Computation, Rule
from engine.kernel.tables import InputSpace, check_rows, row_condition
from engine.kernel.texts import LANGUAGES, placeholders
from engine.kernel.typecheck import NameType, TypeChecker

Where = tuple[str | int, ...]


class RuleProblem(ValueError):
    """A rule that cannot be accepted; ``where`` is the path of the offending field."""

    def __init__(self, where: Where, message: str) -> None:
        super().__init__(message)
        self.where = where


class RuleProblems(ValueError):
    def __init__(self, problems: list[RuleProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class TableRowCompiled:
    when: Expression
    value: Expression


@dataclass(frozen=True)
class CompiledComputation:
    id: str
    expression: Expression | None = None
    hit_policy: str | None = None
    rows: tuple[TableRowCompiled, ...] = ()

    @property
    def names(self) -> frozenset[str]:
        if self.expression is not None:
            return self.expression.names
        found: set[str] = set()
        for row in self.rows:
            found |= row.when.names | row.value.names
        return frozenset(found)

    def __call__(self, env: dict[str, Any]) -> Any:
        """The value for one citizen (a table returns the value of its matching row)."""
        if self.expression is not None:
            return self.expression.evaluate(env)
        hits: list[int] = []
        for index, row in enumerate(self.rows):
            if row.when.evaluate(env) is True:
                hits.append(index)
                if self.hit_policy == "first":
                    break
        if not hits:
            raise EvaluationError(f"no row of table '{self.id}' matches")
        if len(hits) > 1:
            raise EvaluationError(
                f"rows {hits[0] + 1} and {hits[1] + 1} of unique table '{self.id}' both match"
            )
        return self.rows[hits[0]].value.evaluate(env)

    def matching_row(self, env: dict[str, Any]) -> int | None:
        for index, row in enumerate(self.rows):
            try:
                if row.when.evaluate(env) is True:
                    return index
            except (LookupError, ArithmeticError):
                return None
        return None


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    version: str
    conditions: list[tuple[str, Expression]]
    computations: list[tuple[str, CompiledComputation]]
    parameter_ids: frozenset[str]
    fact_paths: frozenset[str]
    source_text: str = ""
    warnings: list[RuleProblem] = field(default_factory=list)
    name_types: dict[str, NameType] = field(default_factory=dict)
    superseded_from: date | None = None  # the next active version of the rule starts then
    rule_reads: dict[str, Where] = field(default_factory=dict)  # rules.X.Y -> where first read

    def in_force_on(self, day: date) -> bool:
        """In force by its own dates, and not yet replaced by a later active version."""
        return self.rule.in_force_on(day) and (
            self.superseded_from is None or day < self.superseded_from
        )


def content_version(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class _Checker:
    rule: Rule
    life_events: dict[str, LifeEvent]
    parameters: ParameterStore
    problems: list[RuleProblem] = field(default_factory=list)
    warnings: list[RuleProblem] = field(default_factory=list)
    types: dict[str, NameType] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)  # path -> event | fact | parameter
    defined: set[str] = field(default_factory=set)
    rule_reads: dict[str, Where] = field(default_factory=dict)

    def problem(self, where: Where, message: str) -> None:
        self.problems.append(RuleProblem(where, message))

    def warn(self, where: Where, message: str) -> None:
        self.warnings.append(RuleProblem(where, message))

    def known(self, path: str) -> str | None:
        if path in self.types or path in self.defined:
            return None
        if path.startswith("rules."):
            if len(path.split(".")) != 3:
                return (
                    f"'{path}': another rule's result is read as rules.RULE.NAME (its "
                    "outcome, amount or a computation), like rules.vehicle_tax_obligation.amount"
                )
            return None  # checked against the catalogue, which knows the other rules
        return f"unknown name '{path}'{suggest(path, [*self.types, *self.defined])}"

    def compile(self, source: Any, where: Where, expect_bool: bool = False) -> Expression | None:
        try:
            expression = compile_expression(str(source), self.known)
            checker = TypeChecker(self.types, expression.source)
            if expect_bool:
                checker.expect_bool(expression.tree.body)
            else:
                checker.type_of(expression.tree.body)
            for name in sorted(expression.names):
                if name.startswith("rules."):
                    self.rule_reads.setdefault(name, where)
            return expression
        except ExpressionError as error:
            self.problem(where, str(error))
            return None


def compile_rule(
    rule: Rule,
    source_text: str,
    life_events: dict[str, LifeEvent],
    parameters: ParameterStore,
    rule_types: dict[str, NameType] | None = None,
) -> CompiledRule:
    """Check and compile; raises RuleProblems listing every problem found. ``rule_types``
    gives the types of other rules' results (``rules.NAME.amount``) once they are known."""
    checker = _Checker(rule, life_events, parameters)
    events = _events(checker)
    _declare_names(checker, events)
    checker.types.update(rule_types or {})

    conditions: list[tuple[str, Expression]] = []
    for index, condition in enumerate(rule.conditions):
        expression = checker.compile(condition.expr, ("conditions", index, "expr"), True)
        if expression is not None:
            conditions.append((condition.id, expression))
    computations: list[tuple[str, CompiledComputation]] = []
    for index, computation in enumerate(rule.computations):
        compiled = _compile_computation(checker, computation, ("computations", index))
        if compiled is not None:
            computations.append((computation.id, compiled))
            checker.types[computation.id] = _computation_type(checker, compiled)
        checker.defined.add(computation.id)

    names: set[str] = set()
    for _, expression in conditions:
        names |= expression.names
    for _, compiled_computation in computations:
        names |= compiled_computation.names
    parameter_ids = frozenset(n.removeprefix("params.") for n in names if n.startswith("params."))
    _check_amount(checker)
    _check_templates(checker)
    _check_parameters(checker, parameter_ids)
    _check_tests(checker, events)
    blind = period_blind_key(rule, events, checker.types)
    if blind is not None:
        checker.warn(("dedup_key",), blind)
    if checker.problems:
        raise RuleProblems(checker.problems)
    fact_paths = frozenset(n for n in names if checker.kinds.get(n) in ("fact", "event"))
    return CompiledRule(
        rule=rule,
        version=content_version(source_text),
        conditions=conditions,
        computations=computations,
        parameter_ids=parameter_ids,
        fact_paths=fact_paths,
        source_text=source_text,
        warnings=checker.warnings,
        name_types=dict(checker.types),
        rule_reads=dict(checker.rule_reads),
    )


def _events(checker: _Checker) -> list[LifeEvent]:
    rule = checker.rule
    events = []
    for index, name in enumerate(rule.life_events):
        if name not in checker.life_events:
            checker.problem(
                ("life_events", index),
                f"unknown life event '{name}'{suggest(name, checker.life_events)}",
            )
            continue
        events.append(checker.life_events[name])
    for event in events:
        for where, party in [(("recipient",), rule.recipient)] + [
            (("parties", i), p) for i, p in enumerate(rule.parties)
        ]:
            if party not in event.parties:
                checker.problem(
                    where,
                    f"'{party}' is not a party of life event '{event.id}' "
                    f"(parties: {', '.join(event.parties)})",
                )
    return events


def _declare_names(checker: _Checker, events: list[LifeEvent]) -> None:
    """Names a rule may read: those every one of its life events provides."""
    per_event: list[dict[str, tuple[NameType, str]]] = []
    for event in events:
        names: dict[str, tuple[NameType, str]] = {}
        for name in event.event_fields:
            kind = event.field_type(name) or "any"
            names[f"event.{name}"] = (NameType(kind, event.field_domain(name)), "event")
        for fact in event.facts:
            from engine.kernel.dictionary import LOOKUPS

            lookup = LOOKUPS[event.facts[fact].lookup]
            names[fact] = (NameType("any"), "fact")
            for field_name, kind in lookup.fields.items():
                domain = lookup.domains.get(field_name)
                names[f"{fact}.{field_name}"] = (NameType(kind, domain), "fact")
        per_event.append(names)
    common = set(per_event[0]) if per_event else set()
    for names in per_event[1:]:
        common &= set(names)
    for path in sorted(common):
        checker.types[path], checker.kinds[path] = per_event[0][path]
    for parameter_id in checker.parameters.parameters:
        checker.types[f"params.{parameter_id}"] = NameType("decimal")
        checker.kinds[f"params.{parameter_id}"] = "parameter"


def _compile_computation(
    checker: _Checker, computation: Computation, where: Where
) -> CompiledComputation | None:
    if computation.expr is not None:
        expression = checker.compile(computation.expr, (*where, "expr"))
        return None if expression is None else CompiledComputation(computation.id, expression)
    assert computation.table is not None
    table = computation.table
    inputs: list[Expression | None] = []
    for index, source in enumerate(table.inputs or []):
        inputs.append(checker.compile(source, (*where, "table", "inputs", index)))
    rows: list[TableRowCompiled] = []
    for index, row in enumerate(table.rows):
        row_where = (*where, "table", "rows", index)
        if isinstance(row.when, list):
            if any(i is None for i in inputs):
                continue
            try:
                source = row_condition([str(i) for i in table.inputs or []], row.when)
            except ValueError as error:
                checker.problem((*row_where, "when"), str(error))
                continue
        else:
            source = row.when
        when = checker.compile(source, (*row_where, "when"), True)
        value = checker.compile(row.value, (*row_where, "value"))
        if when is not None and value is not None:
            rows.append(TableRowCompiled(when, value))
    if len(rows) != len(table.rows):
        return None
    spaces = _input_spaces(checker, [r.when for r in rows])
    problems, notes = check_rows([r.when.tree.body for r in rows], table.hit_policy, spaces)
    for message in problems:
        checker.problem((*where, "table"), f"table '{computation.id}': {message}")
    for message in notes:
        checker.warn((*where, "table"), f"table '{computation.id}': {message}")
    return CompiledComputation(computation.id, None, table.hit_policy, tuple(rows))


def _input_spaces(checker: _Checker, conditions: list[Expression]) -> dict[str, InputSpace]:
    spaces: dict[str, InputSpace] = {}
    for condition in conditions:
        for node in ast.walk(condition.tree):
            if isinstance(node, ast.Compare | ast.Name | ast.Attribute | ast.UnaryOp):
                for part in ast.iter_child_nodes(node) if isinstance(node, ast.Compare) else [node]:
                    if not isinstance(part, ast.expr):
                        continue
                    typed = TypeChecker(checker.types, condition.source).type_of(part)
                    if typed.kind in ("int", "decimal", "date", "string", "bool"):
                        spaces[ast.unparse(part)] = InputSpace(typed.kind, typed.domain)
    return spaces


def _computation_type(checker: _Checker, computation: CompiledComputation) -> NameType:
    if computation.expression is not None:
        return TypeChecker(checker.types, computation.expression.source).type_of(
            computation.expression.tree.body
        )
    kinds = {
        TypeChecker(checker.types, row.value.source).kind(row.value.tree.body)
        for row in computation.rows
    } - {"any"}
    if len(kinds) == 1:
        return NameType(kinds.pop())
    return NameType("decimal" if kinds <= {"int", "decimal"} and kinds else "any")


def _check_amount(checker: _Checker) -> None:
    amount = checker.rule.amount
    if amount is None:
        return
    kind = checker.types.get(amount.computation, NameType("any")).kind
    if kind not in ("int", "decimal", "any"):
        checker.problem(("amount", "computation"), f"the amount must be a number, not a {kind}")


def _check_templates(checker: _Checker) -> None:
    rule = checker.rule
    allowed = set(checker.types) | checker.defined | {"amount_kzt", "law_date"}
    if rule.inbox is None or rule.dedup_key is None:
        return  # a modifier: the base rule's item carries its result
    templates: list[tuple[Where, str]] = [(("dedup_key",), rule.dedup_key)]
    for part in ("title", "body", "reminder"):
        text = getattr(rule.inbox, part)
        if text is None:
            continue
        for lang in LANGUAGES:
            templates.append((("inbox", part, lang), getattr(text, lang)))
    for where, template in templates:
        for name in placeholders(template):
            if name not in allowed:
                checker.problem(
                    where, f"unknown placeholder '{{{name}}}'{suggest(name, sorted(allowed))}"
                )
            elif name == "amount_kzt" and rule.amount is None:
                checker.problem(where, "'{amount_kzt}' is used but the rule has no amount")


def _check_parameters(checker: _Checker, parameter_ids: frozenset[str]) -> None:
    rule = checker.rule
    for parameter_id in sorted(parameter_ids):
        if parameter_id not in checker.parameters:
            continue
        parameter = checker.parameters.get(parameter_id)
        last = parameter.last_day()
        end = rule.valid_to or last or rule.valid_from
        if rule.valid_to is not None and last is not None:
            end = min(rule.valid_to, last)
        for start, stop in parameter.gaps_between(rule.valid_from, max(end, rule.valid_from)):
            span = f"on {start}" if start == stop else f"from {start} to {stop}"
            checker.problem(
                ("valid_from",),
                f"parameter '{parameter_id}' is not in force {span}, while the rule is: add "
                "the value with its legal reference, or move valid_from",
            )
        if last is not None and (rule.valid_to is None or rule.valid_to > last):
            checker.warn(
                ("valid_to",) if rule.valid_to else ("valid_from",),
                f"parameter '{parameter_id}' has no value after {last}: later events are held "
                "(unknown, awaiting it) until the value is added",
            )
    for index, computation in enumerate(checker.rule.computations):
        if computation.expr is None:
            continue
        for node in ast.walk(ast.parse(str(computation.expr), mode="eval")):
            if isinstance(node, ast.BinOp) and isinstance(
                node.op, ast.Div | ast.FloorDiv | ast.Mod
            ):
                divisor = ast.unparse(node.right)
                if divisor.startswith("params.") and divisor[7:] in checker.parameters:
                    values = checker.parameters.get(divisor[7:]).values
                    if any(v.value == 0 for v in values):
                        checker.problem(
                            ("computations", index, "expr"),
                            f"division by zero: parameter '{divisor[7:]}' is 0 in some period",
                        )


def _check_tests(checker: _Checker, events: list[LifeEvent]) -> None:
    rule = checker.rule
    by_id = {e.id: e for e in events}
    condition_ids = [c.id for c in rule.conditions]
    computation_ids = [c.id for c in rule.computations]
    for index, test in enumerate(rule.tests):
        where: Where = ("tests", index)
        event_id = test.life_event or (rule.life_events[0] if rule.life_events else "")
        event = by_id.get(event_id)
        if event is None:
            if event_id in checker.life_events or test.life_event is not None:
                checker.problem(
                    (*where, "life_event"), f"'{event_id}' is not a life event of this rule"
                )
            continue
        for name in test.event:
            if name not in event.event_fields:
                checker.problem(
                    (*where, "event", name),
                    f"life event '{event.id}' has no field '{name}'"
                    f"{suggest(name, list(event.event_fields))}",
                )
        for fact, record in test.facts.items():
            if fact not in event.facts:
                checker.problem(
                    (*where, "facts", fact),
                    f"life event '{event.id}' reads no fact '{fact}'{suggest(fact, event.facts)}",
                )
                continue
            fields = event.fact_fields(fact)
            for name in record or {}:
                if name not in fields:
                    checker.problem(
                        (*where, "facts", fact, name),
                        f"fact '{fact}' has no field '{name}'{suggest(name, list(fields))}",
                    )
        for key in ("holds", "fails"):
            for name in getattr(test.expect, key):
                if name not in condition_ids:
                    checker.problem(
                        (*where, "expect", key),
                        f"unknown condition '{name}'{suggest(name, condition_ids)}",
                    )
        for name in test.expect.values:
            if name not in computation_ids:
                checker.problem(
                    (*where, "expect", "values"),
                    f"unknown computation '{name}'{suggest(name, computation_ids)}",
                )
        for name in test.parameters:
            if name not in checker.parameters:
                checker.problem(
                    (*where, "parameters", name),
                    f"unknown parameter '{name}'"
                    f"{suggest(name, list(checker.parameters.parameters))}",
                )
    positive = any(t.expect.outcome == "eligible" for t in rule.tests)
    if len(rule.tests) < 2 or not positive:
        message = (
            "a rule needs at least two tests, one of them eligible (a positive case and a "
            "boundary case)"
        )
        if rule.status in ("active", "shadow"):
            checker.problem(("tests",), message)
        else:
            checker.warn(("tests",), message)
