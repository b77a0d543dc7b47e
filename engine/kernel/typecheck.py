"""A light type check of rule expressions against the data dictionary: a condition must be
true or false, dates and numbers are not mixed, and a value compared with a field that has a
known list of values must be one of them."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass

from engine.kernel.dictionary import Domain
from engine.kernel.expressions import ExpressionError, dotted_name, suggest

Kind = str  # int, decimal, bool, string, date, list, any


@dataclass(frozen=True)
class NameType:
    kind: Kind
    domain: Domain | None = None


_RESULT: dict[str, Kind] = {
    "age_on": "int",
    "years_between": "int",
    "months_between": "int",
    "days_between": "int",
    "year": "int",
    "month": "int",
    "len": "int",
    "add_months": "date",
    "add_years": "date",
    "date": "date",
    "make_date": "date",
    "round_half_up": "decimal",
    "round_half_even": "decimal",
    "round_down": "decimal",
    "round_up": "decimal",
    "has": "bool",
    "error": "any",
}
_DATE_ARGUMENTS: dict[str, tuple[int, ...]] = {
    "age_on": (0, 1),
    "years_between": (0, 1),
    "months_between": (0, 1),
    "days_between": (0, 1),
    "add_months": (0,),
    "add_years": (0,),
    "year": (0,),
    "month": (0,),
}
_NUMBERS = ("int", "decimal")


def _unify(a: Kind, b: Kind) -> Kind:
    if a == b:
        return a
    if "any" in (a, b):
        return b if a == "any" else a
    if {a, b} <= set(_NUMBERS):
        return "decimal"
    return "any"


class TypeChecker:
    def __init__(self, names: Mapping[str, NameType], source: str) -> None:
        self.names = names
        self.source = source

    def fail(self, message: str) -> ExpressionError:
        return ExpressionError(f"'{self.source}': {message}")

    def kind(self, node: ast.expr) -> Kind:
        return self.type_of(node).kind

    def type_of(self, node: ast.expr) -> NameType:
        match node:
            case ast.Constant(value=bool()):
                return NameType("bool")
            case ast.Constant(value=int()):
                return NameType("int")
            case ast.Constant(value=float()):
                return NameType("decimal")
            case ast.Constant(value=str()):
                return NameType("string")
            case ast.Name() | ast.Attribute():
                return self.names.get(dotted_name(node) or "", NameType("any"))
            case ast.BoolOp(values=values):
                for value in values:
                    self.expect_bool(value)
                return NameType("bool")
            case ast.UnaryOp(op=ast.Not(), operand=operand):
                self.expect_bool(operand)
                return NameType("bool")
            case ast.UnaryOp(operand=operand):
                kind = self.kind(operand)
                if kind not in (*_NUMBERS, "any"):
                    raise self.fail(f"a sign applies to numbers, not to {_named(kind)}")
                return NameType(kind)
            case ast.BinOp(left=left, op=op, right=right):
                return NameType(self.arithmetic(left, op, right))
            case ast.Compare(left=left, ops=ops, comparators=comparators):
                self.comparison(left, ops, comparators)
                return NameType("bool")
            case ast.IfExp(test=test, body=body, orelse=orelse):
                self.expect_bool(test)
                return NameType(_unify(self.kind(body), self.kind(orelse)))
            case ast.List() | ast.Tuple():
                return NameType("list")
            case ast.Call(func=ast.Name(id=name), args=args):
                return NameType(self.call(name, args))
        return NameType("any")

    def expect_bool(self, node: ast.expr) -> None:
        kind = self.kind(node)
        if kind not in ("bool", "any"):
            raise self.fail(f"'{ast.unparse(node)}' is {_named(kind)}, not true or false")

    def arithmetic(self, left: ast.expr, op: ast.operator, right: ast.expr) -> Kind:
        a, b = self.kind(left), self.kind(right)
        for kind, node in ((a, left), (b, right)):
            if kind == "date":
                raise self.fail(
                    f"'{ast.unparse(node)}' is a date: use add_months, days_between or age_on "
                    "for date arithmetic"
                )
            if kind not in (*_NUMBERS, "any"):
                raise self.fail(f"arithmetic on {_named(kind)} '{ast.unparse(node)}'")
        if isinstance(op, ast.Div):
            return "decimal"
        return "int" if a == b == "int" else ("any" if "any" in (a, b) else "decimal")

    def comparison(self, left: ast.expr, ops: list[ast.cmpop], comparators: list[ast.expr]) -> None:
        operands = [left, *comparators]
        for op, a, b in zip(ops, operands, operands[1:], strict=False):
            if isinstance(op, ast.In | ast.NotIn):
                if not isinstance(b, ast.List | ast.Tuple):
                    raise self.fail("'in' needs a list on its right, like x in ['a', 'b']")
                for element in b.elts:
                    self.same_kind(a, element)
                continue
            self.same_kind(a, b)
            if not isinstance(op, ast.Eq | ast.NotEq):
                for node in (a, b):
                    kind = self.kind(node)
                    if kind in ("bool", "string", "list"):
                        raise self.fail(f"'{ast.unparse(node)}' is {_named(kind)}: it has no order")

    def same_kind(self, a: ast.expr, b: ast.expr) -> None:
        ta, tb = self.type_of(a), self.type_of(b)
        numbers = set(_NUMBERS)
        if (
            "any" not in (ta.kind, tb.kind)
            and ta.kind != tb.kind
            and not ({ta.kind, tb.kind} <= numbers)
        ):
            raise self.fail(
                f"'{ast.unparse(a)}' is {_named(ta.kind)} but '{ast.unparse(b)}' is "
                f"{_named(tb.kind)}"
            )
        for typed, other in ((ta, b), (tb, a)):
            if typed.domain is None or typed.domain.values is None:
                continue
            if isinstance(other, ast.Constant) and other.value not in typed.domain.values:
                choices = [str(v) for v in typed.domain.values]
                hint = suggest(str(other.value), choices) or f" (one of: {', '.join(choices)})"
                raise self.fail(f"{other.value!r} is not a possible value{hint}")

    def call(self, name: str, args: list[ast.expr]) -> Kind:
        for index in _DATE_ARGUMENTS.get(name, ()):
            kind = self.kind(args[index])
            if kind not in ("date", "any"):
                raise self.fail(
                    f"{name}() needs a date, '{ast.unparse(args[index])}' is {_named(kind)}"
                )
        if name in ("add_months", "add_years"):
            kind = self.kind(args[1])
            if kind not in ("int", "any"):
                raise self.fail(f"{name}() adds a whole number, not {_named(kind)}")
        if name in ("min", "max", "abs"):
            result = "any"
            for arg in args:
                result = _unify(result, self.kind(arg)) if result != "any" else self.kind(arg)
            return result
        return _RESULT.get(name, "any")


def _named(kind: Kind) -> str:
    return {
        "int": "a whole number",
        "decimal": "a number",
        "bool": "true or false",
        "string": "a text",
        "date": "a date",
        "list": "a list",
    }.get(kind, "a value")
