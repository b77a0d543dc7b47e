"""The expression language interpreted over whole columns of a population at once.

A value is a ``Vec``: the data (a numpy array or a scalar constant) and a status per row:
0 when the value is known, a positive code naming the missing fact, a negative code naming
the error. The status follows the one-citizen interpreter exactly: left to right, with the
same short-circuits of ``and``, ``or`` and ``if ... else``, so a row is "unknown" or "an
error" in a simulation exactly when it would be for that citizen alone.

Numbers are float64 here (exact decimals for one citizen); the rounding functions nudge by a
millionth of the rounding unit so that amounts that are exact in decimals (8.90 x 4 325 =
38 492.50) round the same way in both.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np

from engine.kernel.expressions import EvaluationError, Expression, dotted_name

Array = np.ndarray[Any, Any]
NUDGE = 1e-6


@dataclass(frozen=True)
class Categorical:
    """Strings as small integer codes into ``labels`` (regions, citizenship...)."""

    codes: Array
    labels: Array

    def materialise(self) -> Array:
        return np.asarray(self.labels, dtype=object)[self.codes]

    def code_of(self, label: Any) -> int:
        matches = np.nonzero(np.asarray(self.labels, dtype=object) == label)[0]
        return int(matches[0]) if matches.size else -1


@dataclass(frozen=True)
class ListLengths:
    """A list-valued fact of which a simulation keeps only the length."""

    lengths: Array


Data = Any  # ndarray | Categorical | ListLengths | python scalar


@dataclass(frozen=True)
class Column:
    """An input column: values and a mask of rows where the fact is present. A column of
    IINs may also carry ``rows``, the population row of each (-1: none), found once when the
    population is built, so that joining a party's facts needs no search."""

    data: Data
    present: Array | None = None
    rows: Array | None = None


@dataclass
class Vec:
    data: Data
    status: Array | None = None


@dataclass
class VectorEnv:
    size: int
    columns: Mapping[str, Column]
    constants: Mapping[str, Any] = field(default_factory=dict)
    computed: dict[str, Vec] = field(default_factory=dict)
    paths: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    statuses: dict[str, Array] = field(default_factory=dict)  # of the columns, found once

    def path_code(self, path: str) -> int:
        if path not in self.paths:
            self.paths.append(path)
        return self.paths.index(path) + 1

    def error_code(self, message: str) -> int:
        if message not in self.errors:
            self.errors.append(message)
        return -(self.errors.index(message) + 1)

    def describe(self, code: int) -> str:
        if code > 0:
            return self.paths[code - 1]
        return self.errors[-code - 1]


def _first_status(*statuses: Array | None) -> Array | None:
    """Combine statuses in evaluation order: the earliest problem wins."""
    result: Array | None = None
    for status in statuses:
        if status is None:
            continue
        result = status if result is None else np.where(result != 0, result, status)
    return result


def _select_status(mask: Array, when: Array | None, otherwise: Array | None, size: int) -> Any:
    if when is None and otherwise is None:
        return None
    zeros = np.zeros(size, dtype=np.int32)
    return np.where(
        mask, zeros if when is None else when, zeros if otherwise is None else otherwise
    )


def plain(data: Data) -> Any:
    if isinstance(data, Categorical):
        return data.materialise()
    if isinstance(data, ListLengths):
        raise EvaluationError("a list can only be used through len()")
    return data


def scalar_constant(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return np.datetime64(value, "D")
    return value


def _ymd(days: Array) -> tuple[Array, Array, Array]:
    days = np.asarray(days, dtype="datetime64[D]")
    months = days.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    return year, month, day


def add_months_v(days: Any, months: Any) -> Array:
    year, month, day = _ymd(days)
    index = year * 12 + (month - 1) + np.asarray(months, dtype=np.int64)
    first = (index - 1970 * 12).astype("datetime64[M]")
    length = ((first + 1).astype("datetime64[D]") - first.astype("datetime64[D]")).astype(np.int64)
    result: Array = first.astype("datetime64[D]") + (np.minimum(day, length) - 1)
    return result


def age_on_v(birth: Any, day: Any) -> Array:
    by, _, _ = _ymd(birth)
    dy, _, _ = _ymd(day)
    years = dy - by
    anniversary = add_months_v(birth, years * 12)
    result: Array = years - (np.asarray(day, dtype="datetime64[D]") < anniversary)
    return result


def months_between_v(start: Any, end: Any) -> Array:
    sy, sm, _ = _ymd(start)
    ey, em, _ = _ymd(end)
    months = (ey - sy) * 12 + (em - sm)
    result: Array = months - (np.asarray(end, dtype="datetime64[D]") < add_months_v(start, months))
    return result


def _round(mode: str) -> Callable[..., Any]:
    def round_to(value: Any, digits: Any = 0) -> Any:
        scale = 10.0 ** int(digits)
        scaled = np.asarray(value, dtype=np.float64) * scale
        if mode == "half_up":
            out = np.floor(scaled + 0.5 + NUDGE)
        elif mode == "down":
            out = np.floor(scaled + NUDGE)
        elif mode == "up":
            out = np.ceil(scaled - NUDGE)
        else:
            low = np.floor(scaled + NUDGE)
            fraction = scaled - low
            tie = np.abs(fraction - 0.5) < NUDGE
            out = np.where(tie, low + (low % 2), np.floor(scaled + 0.5))
        return out / scale

    return round_to


def _reduce(function: Callable[[Any, Any], Any]) -> Callable[..., Any]:
    def reduce(*args: Any) -> Any:
        result = args[0]
        for other in args[1:]:
            result = function(result, other)
        return result

    return reduce


VECTOR_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "min": _reduce(np.minimum),
    "max": _reduce(np.maximum),
    "abs": np.abs,
    "age_on": age_on_v,
    "years_between": age_on_v,
    "months_between": months_between_v,
    "days_between": lambda a, b: (
        np.asarray(b, dtype="datetime64[D]") - np.asarray(a, dtype="datetime64[D]")
    ).astype(np.int64),
    "add_months": add_months_v,
    "add_years": lambda d, n: add_months_v(d, np.asarray(n, dtype=np.int64) * 12),
    "date": lambda text: np.datetime64(str(text), "D"),
    "year": lambda d: _ymd(d)[0],
    "month": lambda d: _ymd(d)[1],
    "round_half_up": _round("half_up"),
    "round_half_even": _round("half_even"),
    "round_down": _round("down"),
    "round_up": _round("up"),
}


def _is_bool(data: Any) -> bool:
    return isinstance(data, bool | np.bool_) or (
        isinstance(data, np.ndarray) and data.dtype == np.bool_
    )


class VectorInterpreter:
    def __init__(self, env: VectorEnv) -> None:
        self.env = env
        self.size = env.size

    def run(self, expression: Expression) -> Vec:
        with np.errstate(all="ignore"):
            return self.visit(expression.tree.body, expression.source)

    def visit(self, node: ast.expr, source: str) -> Vec:
        match node:
            case ast.Constant(value=value):
                return Vec(
                    scalar_constant(Decimal(repr(value)) if isinstance(value, float) else value)
                )
            case ast.Name() | ast.Attribute():
                return self.lookup(dotted_name(node) or "")
            case ast.BoolOp(op=op, values=values):
                return self.boolean(isinstance(op, ast.And), values, source)
            case ast.UnaryOp(op=ast.Not(), operand=operand):
                inner = self.truth(operand, source)
                return Vec(np.logical_not(inner.data), inner.status)
            case ast.UnaryOp(op=ast.USub(), operand=operand):
                inner = self.visit(operand, source)
                return Vec(-plain(inner.data), inner.status)
            case ast.UnaryOp(op=ast.UAdd(), operand=operand):
                return self.visit(operand, source)
            case ast.BinOp(left=left, op=op, right=right):
                return self.binary(op, self.visit(left, source), self.visit(right, source), source)
            case ast.Compare(left=left, ops=ops, comparators=comparators):
                return self.compare(left, ops, comparators, source)
            case ast.IfExp(test=test, body=body, orelse=orelse):
                condition = self.truth(test, source)
                chosen = np.asarray(condition.data, dtype=bool)
                yes, no = self.visit(body, source), self.visit(orelse, source)
                data = np.where(chosen, plain(yes.data), plain(no.data))
                status = _select_status(chosen, yes.status, no.status, self.size)
                return Vec(data, _first_status(condition.status, status))
            case ast.List(elts=elts) | ast.Tuple(elts=elts):
                items = [self.visit(e, source) for e in elts]
                return Vec(items, _first_status(*[i.status for i in items]))
            case ast.Call(func=ast.Name(id="has"), args=[argument]):
                found = self.lookup(dotted_name(argument) or "")
                if found.status is None:
                    return Vec(np.ones(self.size, dtype=bool))
                return Vec(found.status == 0)
            case ast.Call(func=ast.Name(id="error"), args=[argument]):
                message = self.visit(argument, source).data
                return Vec(
                    np.zeros(self.size),
                    np.full(self.size, self.env.error_code(str(message)), dtype=np.int32),
                )
            case ast.Call(func=ast.Name(id="len"), args=[argument]):
                inner = self.visit(argument, source)
                if isinstance(inner.data, ListLengths):
                    return Vec(inner.data.lengths, inner.status)
                if isinstance(inner.data, list):
                    return Vec(len(inner.data), inner.status)
                if inner.status is not None and np.all(inner.status != 0):
                    return Vec(np.zeros(self.size, dtype=np.int64), inner.status)
                raise EvaluationError(f"'{source}': len() applies to a list")
            case ast.Call(func=ast.Name(id="make_date"), args=args):
                return self.make_date([self.visit(a, source) for a in args], source)
            case ast.Call(func=ast.Name(id=name), args=args):
                arguments = [self.visit(a, source) for a in args]
                result = VECTOR_FUNCTIONS[name](*[plain(v.data) for v in arguments])
                return Vec(result, _first_status(*[v.status for v in arguments]))
        raise EvaluationError(f"unsupported expression {ast.unparse(node)}")

    def lookup(self, path: str) -> Vec:
        if path in self.env.computed:
            return self.env.computed[path]
        if path in self.env.constants:
            return Vec(scalar_constant(self.env.constants[path]))
        column = self.env.columns.get(path)
        if column is None:
            code = self.env.path_code(path)
            return Vec(np.zeros(self.size), np.full(self.size, code, dtype=np.int32))
        if column.present is None:
            return Vec(column.data)
        status = self.env.statuses.get(path)
        if status is None:
            code = self.env.path_code(path)
            status = np.where(column.present, np.int32(0), np.int32(code))
            self.env.statuses[path] = status
        return Vec(column.data, status)

    def truth(self, node: ast.expr, source: str) -> Vec:
        value = self.visit(node, source)
        if not _is_bool(value.data):
            raise EvaluationError(f"'{ast.unparse(node)}' is not true or false")
        return value

    def boolean(self, conjunction: bool, nodes: list[ast.expr], source: str) -> Vec:
        result = self.truth(nodes[0], source)
        data = np.broadcast_to(np.asarray(result.data, dtype=bool), (self.size,)).copy()
        status = result.status
        for node in nodes[1:]:
            other = self.truth(node, source)
            other_data = np.broadcast_to(np.asarray(other.data, dtype=bool), (self.size,))
            ok = np.ones(self.size, dtype=bool) if status is None else status == 0
            # rows still undecided: true so far (and), false so far (or)
            pending = ok & (data if conjunction else ~data)
            data = np.where(pending, other_data, data)
            if other.status is not None:
                base = np.zeros(self.size, dtype=np.int32) if status is None else status
                status = np.where(pending, other.status, base)
        return Vec(data, status)

    def binary(self, op: ast.operator, left: Vec, right: Vec, source: str) -> Vec:
        a, b = plain(left.data), plain(right.data)
        status = _first_status(left.status, right.status)
        if isinstance(op, ast.Add):
            return Vec(np.add(a, b), status)
        if isinstance(op, ast.Sub):
            return Vec(np.subtract(a, b), status)
        if isinstance(op, ast.Mult):
            return Vec(np.multiply(a, b), status)
        zero = np.asarray(b) == 0
        if np.any(zero):
            code = self.env.error_code(f"division by zero in '{source}'")
            marked = np.where(np.broadcast_to(zero, (self.size,)), code, 0).astype(np.int32)
            status = _first_status(status, marked)
            b = np.where(zero, 1, b)
        if isinstance(op, ast.Div):
            return Vec(np.true_divide(a, b), status)
        if isinstance(op, ast.FloorDiv):
            return Vec(np.floor_divide(a, b), status)
        return Vec(np.mod(a, b), status)

    def compare(
        self, left: ast.expr, ops: list[ast.cmpop], comparators: list[ast.expr], source: str
    ) -> Vec:
        current = self.visit(left, source)
        data: Array = np.ones(self.size, dtype=bool)
        status = current.status
        for op, node in zip(ops, comparators, strict=True):
            other = self.visit(node, source)
            ok = np.ones(self.size, dtype=bool) if status is None else status == 0
            pending = ok & data
            result = np.broadcast_to(self.compare_pair(op, current, other), (self.size,))
            data = np.where(pending, result, data)
            if other.status is not None:
                base = np.zeros(self.size, dtype=np.int32) if status is None else status
                status = np.where(pending, other.status, base)
            current = other
        return Vec(data, status)

    def compare_pair(self, op: ast.cmpop, left: Vec, right: Vec) -> Any:
        if isinstance(op, ast.In | ast.NotIn):
            inside = self.membership(left, right)
            return ~inside if isinstance(op, ast.NotIn) else inside
        a, b = left.data, right.data
        if isinstance(op, ast.Eq | ast.NotEq):
            if isinstance(a, Categorical) and not isinstance(b, Categorical | np.ndarray):
                equal = a.codes == a.code_of(b)
                return ~equal if isinstance(op, ast.NotEq) else equal
            if isinstance(b, Categorical) and not isinstance(a, Categorical | np.ndarray):
                equal = b.codes == b.code_of(a)
                return ~equal if isinstance(op, ast.NotEq) else equal
        a, b = plain(a), plain(b)
        comparisons: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
            ast.Eq: np.equal,
            ast.NotEq: np.not_equal,
            ast.Lt: np.less,
            ast.LtE: np.less_equal,
            ast.Gt: np.greater,
            ast.GtE: np.greater_equal,
        }
        return comparisons[type(op)](a, b)

    def membership(self, left: Vec, right: Vec) -> Any:
        items = right.data
        if not isinstance(items, list):
            raise EvaluationError("'in' needs a list on its right, like x in ['a', 'b']")
        constants = [i.data for i in items]
        if all(not isinstance(c, np.ndarray | Categorical) for c in constants):
            if isinstance(left.data, Categorical):
                codes = [left.data.code_of(c) for c in constants]
                return np.isin(left.data.codes, codes)
            return np.isin(plain(left.data), np.asarray(constants, dtype=object))
        value = plain(left.data)
        found = np.zeros(self.size, dtype=bool)
        for item in constants:
            found |= np.asarray(value == plain(item), dtype=bool)
        return found

    def make_date(self, values: list[Vec], source: str) -> Vec:
        year, month, day = (np.asarray(plain(v.data), dtype=np.int64) for v in values)
        first = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
        length = ((first + 1).astype("datetime64[D]") - first.astype("datetime64[D]")).astype(
            np.int64
        )
        bad = (month < 1) | (month > 12) | (day < 1) | (day > length)
        status = _first_status(*[v.status for v in values])
        if np.any(bad):
            code = self.env.error_code(f"'{source}': no such date")
            status = _first_status(status, np.where(np.broadcast_to(bad, (self.size,)), code, 0))
        data = first.astype("datetime64[D]") + (np.clip(day, 1, 31) - 1)
        return Vec(data, status)


def broadcast(value: Vec, size: int) -> Vec:
    data = plain(value.data)
    return Vec(np.broadcast_to(np.asarray(data), (size,)), value.status)
