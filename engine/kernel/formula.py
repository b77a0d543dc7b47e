"""A computation shown with its values, as a citizen checks it on paper: ``coefficient *
params.mrp`` becomes «63 × 4 325 ₸ = 272 475 ₸». Only arithmetic is shown this way; a
computation with functions or a table is shown by its description and result."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from engine.kernel.expressions import dotted_name
from engine.kernel.l10n import money, number
from engine.kernel.rules import Rule
from engine.kernel.texts import Lang

_SIGNS: dict[type[ast.operator], tuple[str, int]] = {
    ast.Add: ("+", 1),
    ast.Sub: ("−", 1),
    ast.Mult: ("×", 2),
    ast.Div: ("÷", 2),
}


@dataclass(frozen=True)
class Shown:
    text: str | None  # None: not plain arithmetic
    is_money: bool


def shown_value(value: Any, is_money: bool, lang: str) -> str:
    amount = Decimal(str(value))
    return money(amount, lang) if is_money else number(amount, lang)


def show(source: str, values: dict[str, Any], money_names: set[str], lang: str) -> Shown:
    """``source`` with each name replaced by its value (tenge where ``money_names`` says so);
    whether the result is an amount of tenge is inferred from its operands."""
    return _show(ast.parse(source, mode="eval").body, values, money_names, lang, 0)


def _show(node: ast.expr, values: dict[str, Any], money: set[str], lang: str, outer: int) -> Shown:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return Shown(number(Decimal(str(node.value)), lang), False)
    name = dotted_name(node)
    if name is not None and name in values:
        return Shown(shown_value(values[name], name in money, lang), name in money)
    if isinstance(node, ast.BinOp) and type(node.op) in _SIGNS:
        sign, precedence = _SIGNS[type(node.op)]
        left = _show(node.left, values, money, lang, precedence)
        right = _show(node.right, values, money, lang, precedence + 1)
        is_money = left.is_money or (right.is_money and not isinstance(node.op, ast.Div))
        if left.text is None or right.text is None:
            return Shown(None, is_money)
        text = f"{left.text} {sign} {right.text}"
        return Shown(f"({text})" if precedence < outer else text, is_money)
    if isinstance(node, ast.Call):
        args = [_show(a, values, money, lang, 0) for a in node.args]
        return Shown(None, any(a.is_money for a in args))
    return Shown(None, False)


def money_names(
    computations: list[tuple[str, str | None]], values: dict[str, Any], known: set[str]
) -> set[str]:
    """Which computations give tenge, in order (each may use the earlier ones): ``known``
    holds the parameters and facts that are tenge."""
    found = set(known)
    for computation_id, source in computations:
        if source is not None and show(source, values, found, "en").is_money:
            found.add(computation_id)
    return found


def computation_steps(
    rule: Rule,
    values: dict[str, Any],
    facts: dict[str, Any],
    parameters: dict[str, dict[str, Any]],
    lang: Lang,
) -> list[dict[str, Any]]:
    """Each computation of a decision as the citizen reads it: its description, the formula
    with the values filled in (when it is plain arithmetic) and the result."""
    env: dict[str, Any] = {path: v for path, v in facts.items() if _numeric(v)}
    env.update({f"params.{p}": Decimal(str(used["value"])) for p, used in parameters.items()})
    env.update({k: Decimal(str(v)) for k, v in values.items() if _numeric(v)})
    known = {f"params.{p}" for p, used in parameters.items() if used.get("unit") == "KZT"}
    known |= {path for path in facts if path.endswith("_kzt")}
    sources = [(c.id, None if c.expr is None else str(c.expr)) for c in rule.computations]
    tenge = money_names(sources, env, known)
    if rule.amount is not None:
        tenge.add(rule.amount.computation)
    steps: list[dict[str, Any]] = []
    for computation_id, source in sources:
        if computation_id not in env:
            continue
        result = shown_value(env[computation_id], computation_id in tenge, lang)
        shown = show(source, env, tenge, lang) if source is not None else Shown(None, False)
        description = next(c.description for c in rule.computations if c.id == computation_id)
        if description is None and shown.text is None:
            continue  # an intermediate figure, shown inside the formula that uses it
        steps.append(
            {
                "id": computation_id,
                "description": description.in_(lang) if description is not None else None,
                "formula": f"{shown.text} = {result}" if shown.text is not None else None,
                "value": result,
            }
        )
    return steps


def _numeric(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    try:
        Decimal(str(value))
    except ArithmeticError:
        return False
    return isinstance(value, int | float | Decimal | str)
