"""Evaluating one rule for one case: conditions, computations, and the trace that explains the
outcome to the citizen and to the auditor."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from engine import __version__
from engine.kernel.compiled import CompiledRule
from engine.kernel.dictionary import LOOKUPS
from engine.kernel.expressions import Expression, MissingFact
from engine.kernel.fact_names import fact_name, parameter_value
from engine.kernel.formula import computation_steps
from engine.kernel.l10n import counted, day, money, number
from engine.kernel.parameters import (
    LegalReference,
    ParameterNotInForce,
    ParameterNotYetPublished,
    ParameterStore,
)
from engine.kernel.rules import InboxTexts, LateTexts, Rule, to_tiyn
from engine.kernel.texts import LANGUAGES, Lang, render

Outcome = Literal["eligible", "not_eligible", "unknown"]


class RuleError(RuntimeError):
    """The rule cannot be evaluated on these data (a parameter not in force, division by
    zero, a table with no matching row): the evaluation goes to the dead-letter table."""


@dataclass
class ConditionResult:
    id: str
    holds: bool | None
    missing: str | None = None


@dataclass(frozen=True)
class LawGap:
    """A parameter with no published value on the law date: the decision waits for it
    (``awaiting``) or, in a demo started that way, uses the last value (``projected``)."""

    parameter: str
    on: date
    title: dict[str, str]
    last_value: Decimal
    last_to: date

    @property
    def reason(self) -> str:
        return f"awaiting {self.parameter} for {self.on.isoformat()}"

    def to_json(self) -> dict[str, Any]:
        return {
            "reason": self.reason,
            "parameter": self.parameter,
            "on": self.on.isoformat(),
            "title": self.title,
            "last_value": str(self.last_value),
            "last_to": self.last_to.isoformat(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LawGap:
        return cls(
            parameter=str(data["parameter"]),
            on=date.fromisoformat(str(data["on"])),
            title={str(k): str(v) for k, v in dict(data.get("title") or {}).items()},
            last_value=Decimal(str(data["last_value"])),
            last_to=date.fromisoformat(str(data["last_to"])),
        )


@dataclass(frozen=True)
class Adjustment:
    """A modifier folded into a base rule's amount: what it changed, and why in law."""

    rule_id: str
    rule_version: str
    kind: str  # relief, exemption or top_up
    title: dict[str, str]
    legal_basis: dict[str, list[str]]  # language -> the acts cited
    delta_tiyn: int

    def to_json(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "rule_version": self.rule_version,
            "kind": self.kind,
            "title": self.title,
            "legal_basis": self.legal_basis,
            "delta_tiyn": self.delta_tiyn,
        }


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
    rows: dict[str, int] = field(default_factory=dict)
    rounded_tiyn: int | None = None
    awaiting: list[LawGap] = field(default_factory=list)
    projected: list[LawGap] = field(default_factory=list)
    base_tiyn: int | None = None  # the rule's own amount, when modifiers changed it
    adjustments: list[Adjustment] = field(default_factory=list)
    not_applied: str | None = None  # a modifier whose base rule does not apply

    @property
    def held(self) -> bool:
        """Unknown only because the law has not published a value yet."""
        return self.outcome == "unknown" and bool(self.awaiting)

    @property
    def amount_tiyn(self) -> int | None:
        if self.rounded_tiyn is not None:
            return self.rounded_tiyn
        return None if self.amount_kzt is None else to_tiyn(self.amount_kzt)

    def receipt(self) -> dict[str, Any]:
        """What is stored with every decision: enough to find and replay it."""
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
            "table_rows": {k: v + 1 for k, v in self.rows.items()},
            "facts": {k: _jsonable(v) for k, v in self.facts_used.items()},
            "parameters": self.parameters_used,
            "missing": self.missing,
            "awaiting": [gap.to_json() for gap in self.awaiting],
            "projected": [gap.to_json() for gap in self.projected],
            "amount_tiyn": self.amount_tiyn,
            **(
                {
                    "base_amount_tiyn": self.base_tiyn,
                    "modifiers": [a.to_json() for a in self.adjustments],
                }
                if self.adjustments
                else {}
            ),
            **({"not_applied": self.not_applied} if self.not_applied else {}),
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
    project: bool = False,
    upstream: dict[str, dict[str, Any]] | None = None,
) -> Evaluation:
    """The decision for one case under the law in force on ``on``. A parameter the law has
    not published yet for ``on`` makes the outcome ``unknown`` (awaiting it), or, with
    ``project``, takes its last value and says so. Raises RuleError when the rule cannot be
    applied (the reason names the parameter, the table or the expression). ``upstream`` holds
    the results of the rules this one reads, by short name (``rules.NAME.amount``)."""
    env: dict[str, Any] = {"event": event, **{k: v for k, v in facts.items() if v is not None}}
    if upstream:
        env["rules"] = upstream
    used_params: dict[str, dict[str, Any]] = {}
    awaiting: list[LawGap] = []
    projected: list[LawGap] = []
    for parameter_id in sorted(compiled.parameter_ids):
        try:
            resolved = parameters.resolved(parameter_id, on)
        except ParameterNotYetPublished as gap:
            last = gap.last
            assert last.valid_to is not None
            title = parameters.get(parameter_id).title.model_dump()
            law_gap = LawGap(parameter_id, on, title, last.value, last.valid_to)
            if not project:
                awaiting.append(law_gap)
                continue
            projected.append(law_gap)
            resolved = last
        except ParameterNotInForce as error:
            raise RuleError(f"rule '{compiled.rule.id}': {error}") from error
        except LookupError as error:
            raise RuleError(f"rule '{compiled.rule.id}': {error}") from error
        env[f"params.{parameter_id}"] = resolved.value
        used_params[parameter_id] = {
            "value": str(resolved.value),
            "from": resolved.valid_from.isoformat(),
            "reference": resolved.reference.model_dump(mode="json", exclude_none=True),
            "title": parameters.get(parameter_id).title.model_dump(),
            "unit": parameters.get(parameter_id).unit,
        }
    awaited = {f"params.{gap.parameter}" for gap in awaiting}

    results: list[ConditionResult] = []
    missing: list[str] = []
    for condition_id, expression in compiled.conditions:
        try:
            holds = _truth(compiled, expression, env)
            results.append(ConditionResult(condition_id, holds))
        except MissingFact as gap:
            results.append(ConditionResult(condition_id, None, gap.path))
            if gap.path not in awaited:
                missing.append(gap.path)

    outcome: Outcome
    values: dict[str, Any] = {}
    rows: dict[str, int] = {}
    if any(r.holds is False for r in results):
        outcome = "not_eligible"
    elif missing or awaiting:
        outcome = "unknown"
    else:
        outcome = "eligible"
        try:
            for computation_id, computation in compiled.computations:
                values[computation_id] = computation(env)
                env[computation_id] = values[computation_id]
                if computation.rows:
                    row = computation.matching_row(env)
                    if row is not None:
                        rows[computation_id] = row
        except MissingFact as gap:
            outcome = "unknown"
            missing.append(gap.path)
        except ArithmeticError as error:
            raise RuleError(f"rule '{compiled.rule.id}': {error}") from error

    amount = None
    rounded = None
    spec = compiled.rule.amount
    if outcome == "eligible" and spec is not None:
        amount = Decimal(values[spec.computation])
        rounded = spec.rounding.apply(amount)
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
        amount_kzt=None if rounded is None else Decimal(rounded) / 100,
        rows=rows,
        rounded_tiyn=rounded,
        awaiting=awaiting,
        projected=projected if outcome != "not_eligible" else [],
    )


def _truth(compiled: CompiledRule, expression: Expression, env: dict[str, Any]) -> bool:
    try:
        value = expression.evaluate(env)
    except ArithmeticError as error:
        raise RuleError(f"rule '{compiled.rule.id}': {error}") from error
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
    values["params"] = {}
    for key, p in evaluation.parameters_used.items():
        _nest(values["params"], key.split("."), Decimal(p["value"]))
        values[f"params.{key}"] = Decimal(p["value"])
    values["law_date"] = evaluation.on
    if evaluation.amount_kzt is not None:
        values["amount_kzt"] = evaluation.amount_kzt
    return values


def _nest(target: dict[str, Any], parts: list[str], value: Any) -> None:
    for part in parts[:-1]:
        target = target.setdefault(part, {})
        if not isinstance(target, dict):
            return
    target[parts[-1]] = value


def explanation(compiled: CompiledRule, evaluation: Evaluation, lang: Lang) -> str:
    """The plain-language account of a decision, in one language: each condition, what is
    missing or awaited, the amount worked out with its values, each figure of the law with
    its source, and the legal basis."""
    by_id = {c.id: c for c in compiled.rule.conditions}
    awaited = {f"params.{gap.parameter}" for gap in evaluation.awaiting}
    lines: list[str] = []
    for result in evaluation.conditions:
        condition = by_id[result.id]
        if result.holds is True:
            lines.append("✓ " + condition.holds.in_(lang))
        elif result.holds is False:
            lines.append("✗ " + condition.fails.in_(lang))
        elif result.missing not in awaited:
            lines.append("? " + missing_advice(result.missing or "", lang))
    lines.extend("⏳ " + law_gap_text(gap, lang, projected=False) for gap in evaluation.awaiting)
    for path in evaluation.missing:
        if path not in {r.missing for r in evaluation.conditions}:
            lines.append("? " + missing_advice(path, lang))
    if evaluation.amount_kzt is not None:
        lines.append(f"{_AMOUNT[lang]}: {money(evaluation.amount_kzt, lang)}")
        for step in computation_steps(
            compiled.rule,
            evaluation.values,
            evaluation.facts_used,
            evaluation.parameters_used,
            lang,
        ):
            label = f"{step['description']}: " if step["description"] else ""
            lines.append(f"  {label}{step['formula'] or step['value']}")
        for parameter_id, used in evaluation.parameters_used.items():
            lines.append("  " + parameter_text(parameter_id, used, lang))
        lines.extend(modifier_lines(evaluation, lang))
    lines.extend("≈ " + law_gap_text(gap, lang, projected=True) for gap in evaluation.projected)
    for reference in compiled.rule.legal_basis:
        link = f" {reference.url}" if reference.url else ""
        lines.append(f"§ {reference.cited(lang)}{link}")
    return "\n".join(lines)


def modifier_lines(evaluation: Evaluation, lang: Lang) -> list[str]:
    """The base amount, each modifier with its legal basis, and the result:
    ``13 675 ₸ − 6 837 ₸ (pensioner relief) = 6 838 ₸``."""
    return modifier_lines_of(evaluation.trace(), lang)


def modifier_lines_of(trace: dict[str, Any], lang: Lang) -> list[str]:
    """``modifier_lines`` from a stored decision's trace."""
    adjustments = trace.get("modifiers") or []
    base = trace.get("base_amount_tiyn")
    if not adjustments or base is None:
        return []
    lines = [f"{_BASE[lang]}: {money(Decimal(base) / 100, lang)}"]
    formula = money(Decimal(base) / 100, lang)
    for adjustment in adjustments:
        delta = int(adjustment["delta_tiyn"])
        sign = "+" if delta >= 0 else "−"
        change = money(Decimal(abs(delta)) / 100, lang)
        title = dict(adjustment.get("title") or {}).get(lang) or str(adjustment["rule_id"])
        kind = _KIND[lang].get(str(adjustment["kind"]), str(adjustment["kind"]))
        basis = "; ".join(dict(adjustment.get("legal_basis") or {}).get(lang, []))
        lines.append(f"{sign} {change}: {kind}, {title}" + (f" (§ {basis})" if basis else ""))
        formula += f" {sign} {change} ({title})"
    total = money(Decimal(int(trace.get("amount_tiyn") or 0)) / 100, lang)
    lines.append(f"= {formula} = {total}")
    return lines


def parameter_text(parameter_id: str, used: dict[str, Any], lang: Lang) -> str:
    """A figure of the law as the explanation gives it: its title, value with unit, the date
    it applies from and the act it comes from (flagged when not confirmed from the act)."""
    title = dict(used.get("title") or {}).get(lang) or parameter_id
    value = parameter_value(Decimal(used["value"]), str(used.get("unit") or ""), lang)
    since = day(date.fromisoformat(used["from"]), lang)
    reference = LegalReference.model_validate(used["reference"])
    unconfirmed = "" if reference.confirmed else f"; {_UNCONFIRMED[lang]}"
    return _PARAMETER[lang].format(
        title=title, value=value, since=since, act=reference.cited(lang), unconfirmed=unconfirmed
    )


def law_gap_text(gap: LawGap, lang: Lang, *, projected: bool) -> str:
    """What the citizen reads about a value the law has not published yet."""
    template = (_PROJECTED if projected else _AWAITING)[lang]
    return template.format(
        title=gap.title.get(lang) or gap.parameter,
        year=gap.on.year,
        value=number(gap.last_value, lang),
        last_to=day(gap.last_to, lang),
    )


def missing_advice(path: str, lang: Lang) -> str:
    """Which fact is missing, where it comes from and how to put it right."""
    registry = _REGISTRY_UNKNOWN[lang]
    fact = path.split(".")[0]
    for name, lookup in LOOKUPS.items():
        if fact == name or fact.endswith(name) or fact.startswith(name):
            if lookup.title is not None:
                registry = lookup.title.in_(lang)
            break
    return _MISSING[lang].format(fact=fact_name(path, lang), registry=registry)


def first_payment_text(rule: Rule, lang: Lang) -> str | None:
    """When the first monthly payment arrives at the latest, counted from the consent (or
    from the decision, when nothing is asked): the agencies' steps one after another."""
    if rule.amount is None or rule.amount.period != "monthly":
        return None
    days = counted(rule.working_days_to_finish, _WORKING_DAYS[lang], lang)
    return _FIRST_PAYMENT[rule.delivery == "consent"][lang].format(days=days)


def inbox_texts(
    compiled: CompiledRule,
    evaluation: Evaluation,
    event: dict[str, Any],
    facts: dict[str, Any],
    *,
    late: bool = False,
) -> dict[str, dict[str, str]]:
    """The item's title, body, explanation (and reminder) in every language; ``late`` when
    the decision is made after the event's date (the past-tense texts, where the rule has
    them)."""
    values = template_values(evaluation, event, facts)
    inbox = compiled.rule.inbox
    if inbox is None:
        raise RuleError(f"rule '{compiled.rule.id}' is a modifier: it has no item of its own")
    nothing_due = bool(evaluation.adjustments) and evaluation.rounded_tiyn == 0
    worded: InboxTexts | LateTexts = inbox
    if nothing_due and inbox.when_nothing_due is not None:
        worded = inbox.when_nothing_due
    elif late and inbox.after_the_date is not None:
        worded = inbox.after_the_date
    texts: dict[str, dict[str, str]] = {
        "title": {str(lang): render(worded.title.in_(lang), values, lang) for lang in LANGUAGES},
        "body": {
            str(lang): " ".join(
                [
                    render(worded.body.in_(lang), values, lang),
                    *([first] if (first := first_payment_text(compiled.rule, lang)) else []),
                    *(law_gap_text(g, lang, projected=True) for g in evaluation.projected),
                ]
            )
            for lang in LANGUAGES
        },
        "explanation": {str(lang): explanation(compiled, evaluation, lang) for lang in LANGUAGES},
    }
    reminder = inbox.reminder
    if reminder is not None:
        texts["reminder"] = {
            str(lang): render(reminder.in_(lang), values, lang) for lang in LANGUAGES
        }
    return texts


def dedup_key(
    compiled: CompiledRule, evaluation: Evaluation, event: dict[str, Any], facts: dict[str, Any]
) -> str:
    if compiled.rule.dedup_key is None:
        raise RuleError(f"rule '{compiled.rule.id}' is a modifier: it has no item of its own")
    key = render(compiled.rule.dedup_key, template_values(evaluation, event, facts))
    return f"{compiled.rule.id}:{key}"


_MISSING: dict[Lang, str] = {
    "kk": "Деректер жоқ: {fact} ({registry}). Деректерді сол тізілімде жаңартыңыз, содан кейін "
    "шешім қайта қаралады.",
    "ru": "Нет данных: {fact} ({registry}). Обновите сведения в этом реестре, после чего "
    "решение будет пересмотрено.",
    "en": "Data missing: {fact} ({registry}). Once the record is updated there, the decision "
    "is made again.",
}
_AWAITING: dict[Lang, str] = {
    "kk": "Заң күтілуде: «{title}» көрсеткішінің {year} жылға арналған мәні әлі жарияланған "
    "жоқ (соңғы мәннің қолданылу мерзімі: {last_to}). Мән жарияланған соң шешім қабылданады.",
    "ru": "Ожидается закон: значение «{title}» на {year} год ещё не опубликовано (последнее "
    "действовало по {last_to}). Решение будет принято, как только оно появится.",
    "en": "Awaiting the law: the {title} for {year} has not been published yet (the last value "
    "ended on {last_to}). The decision is made as soon as it is.",
}
_PROJECTED: dict[Lang, str] = {
    "kk": "Болжам: «{title}» көрсеткішінің {year} жылғы мәні каталогқа әлі енгізілмеген; "
    "соңғы жарияланған мәні қолданылды ({value}, қолданылу мерзімі: {last_to}). Сома заң "
    "жарияланған соң нақтыланады.",
    "ru": "Прогноз: значение «{title}» на {year} год ещё не внесено в каталог; применено "
    "последнее опубликованное значение ({value}, действовало по {last_to}). Сумма будет "
    "уточнена после публикации закона.",
    "en": "Projected: the {year} {title} is not in the catalogue yet; the last published value "
    "({value}, until {last_to}) is used. The amount is confirmed once the law is published.",
}
_REGISTRY_UNKNOWN: dict[Lang, str] = {
    "kk": "тиісті тізілім",
    "ru": "соответствующий реестр",
    "en": "the registry that holds it",
}
_AMOUNT: dict[Lang, str] = {"kk": "Сомасы", "ru": "Сумма", "en": "Amount"}
_BASE: dict[Lang, str] = {
    "kk": "Жеңілдіктерге дейінгі сома",
    "ru": "Сумма до льгот и надбавок",
    "en": "Amount before reliefs and top-ups",
}
_KIND: dict[Lang, dict[str, str]] = {
    "kk": {"relief": "жеңілдік", "exemption": "босату", "top_up": "үстеме"},
    "ru": {"relief": "льгота", "exemption": "освобождение", "top_up": "надбавка"},
    "en": {"relief": "relief", "exemption": "exemption", "top_up": "top-up"},
}
_PARAMETER: dict[Lang, str] = {
    "kk": "{title}: {value} (күшіне енген күні: {since}; {act}{unconfirmed})",
    "ru": "{title}: {value} (действует с {since}; {act}{unconfirmed})",
    "en": "{title}: {value} (in force from {since}; {act}{unconfirmed})",
}
_UNCONFIRMED: dict[Lang, str] = {
    "kk": "мәні ресми мәтінмен әлі расталмаған",
    "ru": "значение ещё не сверено с официальным текстом",
    "en": "the value is not yet confirmed from the official text",
}
_WORKING_DAYS: dict[Lang, dict[str, str]] = {
    "kk": {"one": "жұмыс күні", "other": "жұмыс күні"},
    "ru": {"one": "рабочего дня", "few": "рабочих дней", "many": "рабочих дней", "other": "дня"},
    "en": {"one": "working day", "other": "working days"},
}
_FIRST_PAYMENT: dict[bool, dict[Lang, str]] = {
    True: {
        "kk": "Алғашқы төлем келісіміңізден кейін {days} ішінде түседі.",
        "ru": "Первая выплата поступит в течение {days} после вашего согласия.",
        "en": "The first payment arrives within {days} of your consent.",
    },
    False: {
        "kk": "Алғашқы төлем {days} ішінде түседі.",
        "ru": "Первая выплата поступит в течение {days}.",
        "en": "The first payment arrives within {days}.",
    },
}
