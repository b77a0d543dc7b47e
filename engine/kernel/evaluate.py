"""Evaluating one rule for one case: conditions, computations, and the trace that explains the
outcome to the citizen and to the auditor."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from engine import __version__
from engine.kernel.compiled import CompiledRule
from engine.kernel.expressions import Expression, MissingFact
from engine.kernel.parameters import ParameterStore
from engine.kernel.rules import to_tiyn
from engine.kernel.texts import LANGUAGES, Lang, format_value, render

Outcome = Literal["eligible", "not_eligible", "unknown"]


class RuleError(RuntimeError):
    """The rule cannot be evaluated on these data (a parameter not in force, division by
    zero, a table with no matching row): the evaluation goes to the dead-letter table."""


@dataclass
class ConditionResult:
    id: str
    holds: bool | None
    missing: str | None = None


@dataclass
class Evaluation:
    rule_id: str
    rule_version: str
    on: date
    outcome: Outcome
    conditions: list[ConditionResult]
    values: dict[str, Any]
    facts_used: dict[str, Any]
    parameters_used: dict[str, dict[str, Any]]
    missing: list[str] = field(default_factory=list)
    amount_kzt: Decimal | None = None

    @property
    def amount_tiyn(self) -> int | None:
        return None if self.amount_kzt is None else to_tiyn(self.amount_kzt)

    def receipt(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "rule_version": self.rule_version,
            "engine_version": __version__,
            "law_date": self.on.isoformat(),
            "parameters": self.parameters_used,
        }

    def trace(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "conditions": [
                {"id": c.id, "holds": c.holds, "missing": c.missing} for c in self.conditions
            ],
            "values": {k: _jsonable(v) for k, v in self.values.items()},
            "facts": {k: _jsonable(v) for k, v in self.facts_used.items()},
            "parameters": self.parameters_used,
            "missing": self.missing,
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def evaluate(
    compiled: CompiledRule,
    *,
    event: dict[str, Any],
    facts: dict[str, dict[str, Any] | None],
    on: date,
    parameters: ParameterStore,
) -> Evaluation:
    env: dict[str, Any] = {"event": event, **{k: v for k, v in facts.items() if v is not None}}
    used_params: dict[str, dict[str, Any]] = {}
    try:
        for parameter_id in sorted(compiled.parameter_ids):
            resolved = parameters.resolved(parameter_id, on)
            env[f"params.{parameter_id}"] = resolved.value
            used_params[parameter_id] = {
                "value": str(resolved.value),
                "from": resolved.valid_from.isoformat(),
                "reference": resolved.reference.model_dump(exclude_none=True),
            }
    except LookupError as error:
        raise RuleError(str(error)) from error

    results: list[ConditionResult] = []
    missing: list[str] = []
    for condition_id, expression in compiled.conditions:
        try:
            holds = _truth(expression, env)
            results.append(ConditionResult(condition_id, holds))
        except MissingFact as gap:
            results.append(ConditionResult(condition_id, None, gap.path))
            missing.append(gap.path)

    outcome: Outcome
    values: dict[str, Any] = {}
    if any(r.holds is False for r in results):
        outcome = "not_eligible"
    elif missing:
        outcome = "unknown"
    else:
        outcome = "eligible"
        try:
            for computation_id, compute in compiled.computations:
                values[computation_id] = compute(env)
                env[computation_id] = values[computation_id]
        except MissingFact as gap:
            outcome = "unknown"
            missing.append(gap.path)
        except ArithmeticError as error:
            raise RuleError(f"rule '{compiled.rule.id}': {error}") from error

    amount = None
    if outcome == "eligible" and compiled.rule.amount is not None:
        amount = Decimal(values[compiled.rule.amount])
    return Evaluation(
        rule_id=compiled.rule.id,
        rule_version=compiled.version,
        on=on,
        outcome=outcome,
        conditions=results,
        values=values,
        facts_used=_facts_used(compiled, env),
        parameters_used=used_params,
        missing=missing,
        amount_kzt=amount,
    )


def _truth(expression: Expression, env: dict[str, Any]) -> bool:
    try:
        value = expression.evaluate(env)
    except ArithmeticError as error:
        raise RuleError(str(error)) from error
    if not isinstance(value, bool):
        raise RuleError(f"condition '{expression.source}' gave {value!r}, not true or false")
    return value


def _facts_used(compiled: CompiledRule, env: dict[str, Any]) -> dict[str, Any]:
    """Only the fact fields the rule reads, for the trace (data minimisation)."""
    used: dict[str, Any] = {}
    for path in sorted(compiled.fact_paths):
        current: Any = env
        for part in path.split("."):
            current = current.get(part) if isinstance(current, dict) else None
        used[path] = current
    return used


def template_values(
    evaluation: Evaluation, event: dict[str, Any], facts: dict[str, Any]
) -> dict[str, Any]:
    values: dict[str, Any] = {"event": event, **{k: v for k, v in facts.items() if v is not None}}
    values.update(evaluation.values)
    values["params"] = {key: Decimal(p["value"]) for key, p in evaluation.parameters_used.items()}
    if evaluation.amount_kzt is not None:
        values["amount_kzt"] = evaluation.amount_kzt
    return values


def explanation(compiled: CompiledRule, evaluation: Evaluation, lang: Lang) -> str:
    """The plain-language account of a decision, in one language."""
    by_id = {c.id: c for c in compiled.rule.conditions}
    lines: list[str] = []
    for result in evaluation.conditions:
        condition = by_id[result.id]
        if result.holds is True:
            lines.append("✓ " + condition.holds.in_(lang))
        elif result.holds is False:
            lines.append("✗ " + condition.fails.in_(lang))
        else:
            lines.append("? " + _MISSING[lang].format(fact=result.missing))
    if evaluation.amount_kzt is not None:
        lines.append(_AMOUNT[lang].format(amount=format_value(evaluation.amount_kzt)))
    for reference in compiled.rule.legal_basis:
        article = f", {reference.article}" if reference.article else ""
        lines.append(f"§ {reference.act}{article}")
    return "\n".join(lines)


def inbox_texts(
    compiled: CompiledRule, evaluation: Evaluation, event: dict[str, Any], facts: dict[str, Any]
) -> dict[str, dict[str, str]]:
    values = template_values(evaluation, event, facts)
    return {
        "title": {lang: render(compiled.rule.inbox.title.in_(lang), values) for lang in LANGUAGES},
        "body": {lang: render(compiled.rule.inbox.body.in_(lang), values) for lang in LANGUAGES},
        "explanation": {lang: explanation(compiled, evaluation, lang) for lang in LANGUAGES},
    }


def dedup_key(
    compiled: CompiledRule, evaluation: Evaluation, event: dict[str, Any], facts: dict[str, Any]
) -> str:
    key = render(compiled.rule.dedup_key, template_values(evaluation, event, facts))
    return f"{compiled.rule.id}:{key}"


_MISSING: dict[Lang, str] = {
    "kk": "Деректер жоқ: {fact}. Тиісті тізілімде деректерді жаңартыңыз.",
    "ru": "Нет данных: {fact}. Обновите сведения в соответствующем реестре.",
    "en": "Data missing: {fact}. Update the record in the registry that holds it.",
}
_AMOUNT: dict[Lang, str] = {
    "kk": "Сомасы: {amount} ₸",
    "ru": "Сумма: {amount} ₸",
    "en": "Amount: {amount} KZT",
}
