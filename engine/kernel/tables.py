"""Decision tables: the row tests analysts write, and the static check that no two rows of a
``unique`` table can match together (overlap) and that some row matches every possible input
(gap), where the inputs are numbers, dates or values from a known list.

The check reduces each row to intervals and value sets per input, then tries one
representative value for every stretch between the constants the rows mention: if no
representative shows an overlap or a gap, none exists.
"""

from __future__ import annotations

import ast
import itertools
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from engine.kernel.dictionary import Domain

MAX_CASES = 50_000

_INTERVAL = re.compile(r"^([\[(])\s*(.+?)\s*\.\.\s*(.+?)\s*([\])])$")
_COMPARISON = re.compile(r"^(<=|>=|==|!=|<|>|=)\s*(.+)$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class TableSyntaxError(ValueError):
    pass


def _literal(text: str) -> str:
    text = text.strip()
    if _NUMBER.match(text) or text in ("true", "false", "True", "False"):
        return {"true": "True", "false": "False"}.get(text, text)
    if _DATE.match(text):
        return f"date('{text}')"
    if (text.startswith("'") and text.endswith("'")) or (
        text.startswith('"') and text.endswith('"')
    ):
        return text
    if re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", text):
        return repr(text)
    return text  # an expression (a parameter, a computation): checked when compiled


def unary_test(subject: str, test: str) -> str | None:
    """The condition a row test puts on its input, as an expression (None: any value).

    ``-`` any value; ``[1..3]`` 1 to 3 inclusive, ``(1..3]`` or ``[1..3)`` to leave an end out;
    ``< 7``, ``<= 7``, ``> 7``, ``>= 7``, ``!= 7``; ``4`` or ``general`` equal to it;
    ``general, childhood`` one of these."""
    text = str(test).strip()
    if text in ("-", "any", ""):
        return None
    subject = f"({subject})"
    interval = _INTERVAL.match(text)
    if interval:
        opening, low, high, closing = interval.groups()
        left = "<=" if opening == "[" else "<"
        right = "<=" if closing == "]" else "<"
        return f"{_literal(low)} {left} {subject} {right} {_literal(high)}"
    comparison = _COMPARISON.match(text)
    if comparison:
        op, value = comparison.groups()
        op = "==" if op == "=" else op
        return f"{subject} {op} {_literal(value)}"
    if "," in text:
        items = ", ".join(_literal(part) for part in text.split(",") if part.strip())
        return f"{subject} in [{items}]"
    return f"{subject} == {_literal(text)}"


def row_condition(inputs: list[str], tests: list[str]) -> str:
    parts = [p for p in (unary_test(s, t) for s, t in zip(inputs, tests, strict=True)) if p]
    return " and ".join(f"({p})" for p in parts) if parts else "True"


@dataclass
class Constraint:
    low: Any = None
    low_closed: bool = True
    high: Any = None
    high_closed: bool = True
    allowed: set[Any] | None = None
    excluded: set[Any] = field(default_factory=set)

    def admits(self, value: Any) -> bool:
        if self.allowed is not None and value not in self.allowed:
            return False
        if value in self.excluded:
            return False
        if self.low is not None and not _ordered(self.low, value, self.low_closed):
            return False
        return self.high is None or _ordered(value, self.high, self.high_closed)

    def constants(self) -> set[Any]:
        found = set(self.allowed or ()) | self.excluded
        return found | {v for v in (self.low, self.high) if v is not None}


def _ordered(a: Any, b: Any, closed: bool) -> bool:
    try:
        return bool(a <= b) if closed else bool(a < b)
    except TypeError:
        return False


class Unanalysable(Exception):
    pass


def _constant(node: ast.expr) -> Any:
    if isinstance(node, ast.Constant) and not isinstance(node.value, type(None)):
        return node.value
    if (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub)
        and isinstance(node.operand, ast.Constant)
        and isinstance(node.operand.value, int | float)
    ):
        return -node.operand.value
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "date"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
    ):
        return date.fromisoformat(str(node.args[0].value))
    raise Unanalysable


_FLIP = {ast.Lt: ast.Gt, ast.LtE: ast.GtE, ast.Gt: ast.Lt, ast.GtE: ast.LtE}


def constraints_of(node: ast.expr) -> dict[str, Constraint]:
    """Per input (its source text), what a condition requires; Unanalysable otherwise."""
    found: dict[str, Constraint] = {}
    for subject, op, value in _atoms(node):
        constraint = found.setdefault(subject, Constraint())
        if isinstance(op, ast.Eq):
            allowed = {value}
            constraint.allowed = (
                allowed if constraint.allowed is None else constraint.allowed & allowed
            )
        elif isinstance(op, ast.NotEq):
            constraint.excluded.add(value)
        elif isinstance(op, ast.In):
            allowed = set(value)
            constraint.allowed = (
                allowed if constraint.allowed is None else constraint.allowed & allowed
            )
        elif isinstance(op, ast.NotIn):
            constraint.excluded |= set(value)
        elif isinstance(op, ast.Gt | ast.GtE):
            closed = isinstance(op, ast.GtE)
            if (
                constraint.low is None
                or value > constraint.low
                or (value == constraint.low and not closed)
            ):
                constraint.low, constraint.low_closed = value, closed
        elif isinstance(op, ast.Lt | ast.LtE):
            closed = isinstance(op, ast.LtE)
            if (
                constraint.high is None
                or value < constraint.high
                or (value == constraint.high and not closed)
            ):
                constraint.high, constraint.high_closed = value, closed
    return found


def _atoms(node: ast.expr) -> list[tuple[str, ast.cmpop, Any]]:
    if isinstance(node, ast.Constant) and node.value is True:
        return []
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
        return [atom for value in node.values for atom in _atoms(value)]
    if isinstance(node, ast.Compare):
        atoms: list[tuple[str, ast.cmpop, Any]] = []
        operands = [node.left, *node.comparators]
        for op, left, right in zip(node.ops, operands, operands[1:], strict=False):
            atoms.append(_atom(op, left, right))
        return atoms
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return [(ast.unparse(node.operand), ast.Eq(), False)]
    if isinstance(node, ast.Name | ast.Attribute):
        return [(ast.unparse(node), ast.Eq(), True)]
    raise Unanalysable


def _atom(op: ast.cmpop, left: ast.expr, right: ast.expr) -> tuple[str, ast.cmpop, Any]:
    if isinstance(op, ast.In | ast.NotIn):
        if not isinstance(right, ast.List | ast.Tuple):
            raise Unanalysable
        return ast.unparse(left), op, [_constant(e) for e in right.elts]
    try:
        return ast.unparse(left), op, _constant(right)
    except Unanalysable:
        value = _constant(left)
        flipped = _FLIP.get(type(op), type(op))()
        return ast.unparse(right), flipped, value


@dataclass(frozen=True)
class InputSpace:
    kind: str  # int, decimal, date, string, bool
    domain: Domain | None = None


def _representatives(space: InputSpace, constants: set[Any]) -> list[Any]:
    domain = space.domain
    if space.kind == "bool":
        return [True, False]
    if space.kind == "string" or (domain is not None and domain.values is not None):
        if domain is not None and domain.values is not None:
            return list(domain.values)
        return [*sorted({str(c) for c in constants}), "<any other value>"]
    points: list[Any] = sorted(c for c in constants if not isinstance(c, str | bool))
    if space.kind == "date":
        step: Any = timedelta(days=1)
        candidates = {p + d for p in points for d in (-step, timedelta(0), step)}
        if not candidates:
            candidates = {date(2000, 1, 1)}
        return sorted(candidates)
    if space.kind == "int":
        candidates = {int(p) + d for p in points for d in (-1, 0, 1)}
        candidates |= {int(p) for p in points if float(p).is_integer()}
    else:
        candidates = set(points)
        candidates |= {(a + b) / 2 for a, b in itertools.pairwise(points)}
        if points:
            candidates |= {points[0] - 1, points[-1] + 1}
    if not candidates:
        candidates = {0}
    if domain is not None:
        if domain.minimum is not None:
            candidates = {c for c in candidates if c >= domain.minimum} | {domain.minimum}
        if domain.maximum is not None:
            candidates = {c for c in candidates if c <= domain.maximum} | {domain.maximum}
    return sorted(candidates)


def _shown(value: Any) -> str:
    return repr(value) if isinstance(value, str) and value != "<any other value>" else str(value)


def check_rows(
    rows: list[ast.expr], hit_policy: str, spaces: dict[str, InputSpace]
) -> tuple[list[str], list[str]]:
    """Problems (overlaps in a unique table, gaps) and warnings (a row that cannot be
    analysed: the check is then skipped)."""
    try:
        per_row = [constraints_of(row) for row in rows]
    except Unanalysable:
        return [], [
            "rows are not all simple comparisons with constants, so overlaps and gaps "
            "were not checked"
        ]
    subjects = sorted({s for row in per_row for s in row})
    if any(s not in spaces for s in subjects):
        unknown = ", ".join(s for s in subjects if s not in spaces)
        return [], [f"the type of {unknown} is not known, so overlaps and gaps were not checked"]
    values = []
    for subject in subjects:
        constants: set[Any] = set()
        for row in per_row:
            if subject in row:
                constants |= row[subject].constants()
        values.append(_representatives(spaces[subject], constants))
    total = 1
    for options in values:
        total *= len(options)
    if total > MAX_CASES:
        return [], ["the table has too many combinations to check for overlaps and gaps"]
    problems: list[str] = []
    seen_overlaps: set[tuple[int, int]] = set()
    gap_reported = False
    for case in itertools.product(*values):
        assignment = dict(zip(subjects, case, strict=True))
        matching = [
            index
            for index, row in enumerate(per_row)
            if all(c.admits(assignment[s]) for s, c in row.items())
        ]
        where = " and ".join(f"{s} = {_shown(v)}" for s, v in assignment.items())
        if not matching and not gap_reported:
            problems.append(f"no row matches when {where} (add a row for it)")
            gap_reported = True
        if hit_policy == "unique" and len(matching) > 1:
            pair = (matching[0], matching[1])
            if pair not in seen_overlaps:
                seen_overlaps.add(pair)
                problems.append(
                    f"rows {pair[0] + 1} and {pair[1] + 1} both match when {where} "
                    "(hit policy unique: make them exclusive, or use hit_policy: first)"
                )
    return problems, []
