"""A rule checked against its life events, the data dictionary and the parameters, with every
expression parsed once."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine.kernel.expressions import EvaluationError, Expression, compile_expression, suggest
from engine.kernel.life_events import LifeEvent
from engine.kernel.parameters import ParameterStore
from engine.kernel.rules import Computation, Rule
from engine.kernel.texts import LANGUAGES, placeholders

Compute = Callable[[dict[str, Any]], Any]


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    version: str
    conditions: list[tuple[str, Expression]]
    computations: list[tuple[str, Compute]]
    parameter_ids: frozenset[str]
    fact_paths: frozenset[str]


class RuleProblem(ValueError):
    """A rule that cannot be accepted; ``where`` is the path of the offending field."""

    def __init__(self, where: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.where = where


def content_version(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def compile_rule(
    rule: Rule,
    source_text: str,
    life_events: dict[str, LifeEvent],
    parameters: ParameterStore,
) -> CompiledRule:
    events = []
    for index, name in enumerate(rule.life_events):
        if name not in life_events:
            raise RuleProblem(
                ("life_events", index), f"unknown life event '{name}'{suggest(name, life_events)}"
            )
        events.append(life_events[name])
    for event in events:
        if rule.recipient not in event.parties:
            raise RuleProblem(
                ("recipient",),
                f"'{rule.recipient}' is not a party of life event '{event.id}' "
                f"(parties: {', '.join(event.parties)})",
            )

    known_paths: dict[str, str] = {}
    for event in events:
        for field in event.event_fields:
            known_paths[f"event.{field}"] = "event"
        for fact in event.facts:
            for field in event.fact_fields(fact):
                known_paths[f"{fact}.{field}"] = "fact"
    for parameter_id in parameters.parameters:
        known_paths[f"params.{parameter_id}"] = "parameter"
    defined: set[str] = set()

    def known(path: str) -> str | None:
        if path in known_paths or path in defined:
            return None
        return f"unknown name '{path}'{suggest(path, [*known_paths, *defined])}"

    conditions = []
    for index, condition in enumerate(rule.conditions):
        conditions.append(
            (condition.id, _compile(condition.expr, known, ("conditions", index, "expr")))
        )
    computations: list[tuple[str, Compute]] = []
    names: set[str] = set().union(*(e.names for _, e in conditions)) if conditions else set()
    for index, computation in enumerate(rule.computations):
        compute, used = _compile_computation(computation, known, ("computations", index))
        computations.append((computation.id, compute))
        names |= used
        defined.add(computation.id)

    _check_templates(rule, known_paths, defined)
    parameter_ids = frozenset(n.removeprefix("params.") for n in names if n.startswith("params."))
    fact_paths = frozenset(n for n in names if known_paths.get(n) in ("fact", "event"))
    return CompiledRule(
        rule=rule,
        version=content_version(source_text),
        conditions=conditions,
        computations=computations,
        parameter_ids=parameter_ids,
        fact_paths=fact_paths,
    )


def _compile(
    source: str, known: Callable[[str], str | None], where: tuple[str | int, ...]
) -> Expression:
    try:
        return compile_expression(source, known)
    except ValueError as error:
        raise RuleProblem(where, str(error)) from error


def _compile_computation(
    computation: Computation, known: Callable[[str], str | None], where: tuple[str | int, ...]
) -> tuple[Compute, set[str]]:
    if computation.expr is not None:
        expression = _compile(computation.expr, known, (*where, "expr"))
        return expression.evaluate, set(expression.names)
    assert computation.table is not None
    table = computation.table
    rows = [
        (
            _compile(row.when, known, (*where, "table", "rows", i, "when")),
            _compile(row.value, known, (*where, "table", "rows", i, "value")),
        )
        for i, row in enumerate(table.rows)
    ]
    names: set[str] = set()
    for when, value in rows:
        names |= when.names | value.names

    def compute(env: dict[str, Any]) -> Any:
        hits = [value for when, value in rows if when.evaluate(env) is True]
        if not hits:
            raise EvaluationError(f"no row of table '{computation.id}' matches")
        if table.hit_policy == "unique" and len(hits) > 1:
            raise EvaluationError(f"{len(hits)} rows of unique table '{computation.id}' match")
        return hits[0].evaluate(env)

    return compute, names


def _check_templates(rule: Rule, known_paths: dict[str, str], defined: set[str]) -> None:
    allowed = set(known_paths) | defined | {"amount_kzt"}
    templates: list[tuple[tuple[str | int, ...], str]] = [(("dedup_key",), rule.dedup_key)]
    for part in ("title", "body"):
        for lang in LANGUAGES:
            templates.append((("inbox", part, lang), getattr(getattr(rule.inbox, part), lang)))
    for where, template in templates:
        for name in placeholders(template):
            if name not in allowed:
                raise RuleProblem(
                    where, f"unknown placeholder '{{{name}}}'{suggest(name, sorted(allowed))}"
                )
