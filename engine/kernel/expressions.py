"""A small, safe expression language for rule conditions and formulas.

Expressions are a whitelisted subset of Python expression syntax, parsed with the standard
``ast`` module and interpreted node by node: no ``eval``, no attribute access beyond fact
fields, no calls beyond the listed functions. For one citizen numbers are exact decimals; over
a population (``engine.kernel.vector``) the same tree is interpreted over numpy arrays.
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import (
    ROUND_CEILING,
    ROUND_FLOOR,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Decimal,
    InvalidOperation,
)
from typing import Any

from engine.kernel import dates


class ExpressionError(ValueError):
    """The expression cannot be accepted; the message says where and why."""


class MissingFact(LookupError):
    """A fact the expression needs has no value for this citizen."""

    def __init__(self, path: str) -> None:
        super().__init__(f"fact '{path}' has no value")
        self.path = path


class EvaluationError(ArithmeticError):
    """The expression failed on these values (division by zero, a wrong type)."""


def _rounding(mode: str) -> Callable[[Any, Any], Decimal]:
    def round_to(value: Any, digits: Any = 0) -> Decimal:
        quantum = Decimal(1).scaleb(-int(digits))
        return Decimal(value).quantize(quantum, rounding=mode)

    return round_to


def _raise(message: Any) -> Any:
    raise EvaluationError(str(message))


def _make_date(year: Any, month: Any, day: Any) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError as error:
        raise EvaluationError(f"make_date({year}, {month}, {day}): {error}") from None


def _min(*args: Any) -> Any:
    return min(args[0]) if len(args) == 1 else min(args)


def _max(*args: Any) -> Any:
    return max(args[0]) if len(args) == 1 else max(args)


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "min": _min,
    "max": _max,
    "abs": abs,
    "len": len,
    "age_on": dates.age_on,
    "years_between": dates.years_between,
    "months_between": dates.months_between,
    "days_between": dates.days_between,
    "add_months": dates.add_months,
    "add_years": dates.add_years,
    "date": dates.parse_date,
    "make_date": _make_date,
    "year": lambda day: day.year,
    "month": lambda day: day.month,
    "round_half_up": _rounding(ROUND_HALF_UP),
    "round_half_even": _rounding(ROUND_HALF_EVEN),
    "round_down": _rounding(ROUND_FLOOR),
    "round_up": _rounding(ROUND_CEILING),
    "error": _raise,
    "has": lambda value: value,  # special form: see _Interpreter
}
"""Every function a rule may call. ``has(fact)`` is true when the fact has a value (a registry
record exists); it never makes the outcome unknown. ``error('why')`` stops the evaluation
as a rule error (the event goes to the dead-letter table with that reason)."""

ARITY: dict[str, tuple[int, int]] = {
    "min": (1, 8),
    "max": (1, 8),
    "abs": (1, 1),
    "len": (1, 1),
    "age_on": (2, 2),
    "years_between": (2, 2),
    "months_between": (2, 2),
    "days_between": (2, 2),
    "add_months": (2, 2),
    "add_years": (2, 2),
    "date": (1, 1),
    "make_date": (3, 3),
    "year": (1, 1),
    "month": (1, 1),
    "round_half_up": (1, 2),
    "round_half_even": (1, 2),
    "round_down": (1, 2),
    "round_up": (1, 2),
    "error": (1, 1),
    "has": (1, 1),
}

_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.FloorDiv: lambda a, b: a // b,
    ast.Mod: lambda a, b: a % b,
}

_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Eq: lambda a, b: bool(a == b),
    ast.NotEq: lambda a, b: bool(a != b),
    ast.Lt: lambda a, b: bool(a < b),
    ast.LtE: lambda a, b: bool(a <= b),
    ast.Gt: lambda a, b: bool(a > b),
    ast.GtE: lambda a, b: bool(a >= b),
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}

_ALLOWED = (
    ast.Expression,
    ast.BoolOp,
    ast.And,
    ast.Or,
    ast.BinOp,
    ast.UnaryOp,
    ast.Not,
    ast.USub,
    ast.UAdd,
    ast.Compare,
    ast.IfExp,
    ast.Name,
    ast.Attribute,
    ast.Constant,
    ast.List,
    ast.Tuple,
    ast.Call,
    ast.Load,
    *_BINARY,
    *_COMPARE,
)


def dotted_name(node: ast.expr) -> str | None:
    """``mother.citizenship`` for an attribute chain on a name, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


@dataclass(frozen=True)
class Expression:
    source: str
    tree: ast.Expression
    names: frozenset[str]

    def evaluate(self, env: Mapping[str, Any]) -> Any:
        try:
            return _Interpreter(env).visit(self.tree.body)
        except (MissingFact, EvaluationError):
            raise
        except ZeroDivisionError as error:
            raise EvaluationError(f"division by zero in '{self.source}'") from error
        except (InvalidOperation, TypeError, ValueError, OverflowError) as error:
            raise EvaluationError(f"'{self.source}' failed: {error}") from error


def compile_expression(source: str, known: Callable[[str], str | None] | None = None) -> Expression:
    """Parse and check an expression. ``known(path)`` returns None for a known fact path, or a
    message naming the problem (with a suggestion)."""
    try:
        tree = ast.parse(str(source).strip(), mode="eval")
    except SyntaxError as error:
        raise ExpressionError(f"'{source}' is not a valid expression: {error.msg}") from None
    names: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            raise ExpressionError(f"'{source}': {type(node).__name__} is not allowed in rules")
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                shown = ast.unparse(node.func)
                hint = suggest(shown, FUNCTIONS)
                raise ExpressionError(f"'{source}': unknown function '{shown}'{hint}")
            if node.keywords:
                raise ExpressionError(f"'{source}': keyword arguments are not supported")
            low, high = ARITY[node.func.id]
            if not low <= len(node.args) <= high:
                expected = str(low) if low == high else f"{low} to {high}"
                raise ExpressionError(
                    f"'{source}': {node.func.id}() takes {expected} arguments, got {len(node.args)}"
                )
            if node.func.id == "has" and dotted_name(node.args[0]) is None:
                raise ExpressionError(f"'{source}': has() takes a fact name, like has(pension)")
        if isinstance(node, ast.Constant) and not isinstance(
            node.value, int | float | str | bool | type(None)
        ):
            raise ExpressionError(f"'{source}': constant {node.value!r} is not allowed")
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div | ast.FloorDiv | ast.Mod):
            divisor = node.right
            if isinstance(divisor, ast.Constant) and divisor.value == 0:
                raise ExpressionError(f"'{source}': division by zero")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute | ast.Name) and not _is_callee(tree, node):
            path = dotted_name(node)
            if path is None:
                raise ExpressionError(f"'{source}': attributes only apply to fact names")
            if not _inside_chain(tree, node):
                names.add(path)
    if known is not None:
        for path in sorted(names):
            problem = known(path)
            if problem is not None:
                raise ExpressionError(f"'{source}': {problem}")
    return Expression(source=str(source), tree=tree, names=frozenset(names))


def _is_callee(tree: ast.Expression, node: ast.expr) -> bool:
    return any(isinstance(n, ast.Call) and n.func is node for n in ast.walk(tree))


def _inside_chain(tree: ast.Expression, node: ast.expr) -> bool:
    return any(isinstance(n, ast.Attribute) and n.value is node for n in ast.walk(tree))


def suggest(word: str, candidates: Mapping[str, Any] | list[str]) -> str:
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _number(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


class _Interpreter:
    def __init__(self, env: Mapping[str, Any]) -> None:
        self.env = env

    def visit(self, node: ast.expr) -> Any:
        match node:
            case ast.Constant(value=value):
                return _number(value)
            case ast.Name() | ast.Attribute():
                return self.lookup(dotted_name(node) or "")
            case ast.BoolOp(op=ast.And(), values=values):
                return all(self.truth(v) for v in values)
            case ast.BoolOp(op=ast.Or(), values=values):
                return any(self.truth(v) for v in values)
            case ast.UnaryOp(op=ast.Not(), operand=operand):
                return not self.truth(operand)
            case ast.UnaryOp(op=ast.USub(), operand=operand):
                return -self.visit(operand)
            case ast.UnaryOp(op=ast.UAdd(), operand=operand):
                return +self.visit(operand)
            case ast.BinOp(left=left, op=op, right=right):
                return _BINARY[type(op)](self.visit(left), self.visit(right))
            case ast.Compare(left=left, ops=ops, comparators=comparators):
                current = self.visit(left)
                for comparison, comparator in zip(ops, comparators, strict=True):
                    other = self.visit(comparator)
                    if not _COMPARE[type(comparison)](current, other):
                        return False
                    current = other
                return True
            case ast.IfExp(test=test, body=body, orelse=orelse):
                return self.visit(body) if self.truth(test) else self.visit(orelse)
            case ast.List(elts=elts) | ast.Tuple(elts=elts):
                return [self.visit(e) for e in elts]
            case ast.Call(func=ast.Name(id="has"), args=[argument]):
                try:
                    self.lookup(dotted_name(argument) or "")
                except MissingFact:
                    return False
                return True
            case ast.Call(func=ast.Name(id=name), args=args):
                return FUNCTIONS[name](*[self.visit(a) for a in args])
        raise EvaluationError(f"unsupported expression {ast.unparse(node)}")

    def truth(self, node: ast.expr) -> bool:
        value = self.visit(node)
        if not isinstance(value, bool):
            raise EvaluationError(f"'{ast.unparse(node)}' is {value!r}, not true or false")
        return value

    def lookup(self, path: str) -> Any:
        if path in self.env:
            value = self.env[path]
        else:
            current: Any = self.env
            for part in path.split("."):
                if not isinstance(current, Mapping) or part not in current:
                    raise MissingFact(path)
                current = current[part]
            value = current
        if value is None:
            raise MissingFact(path)
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                return date.fromisoformat(value)
            except ValueError:
                return value
        return _number(value)
