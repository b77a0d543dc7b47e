"""The same expression gives the same answer for one citizen and over a population."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.kernel.expressions import EvaluationError, MissingFact, compile_expression
from engine.kernel.vector import Categorical, Column, VectorEnv, VectorInterpreter, broadcast

EXPRESSIONS = [
    "a + b * 2 > c",
    "a / b if b != 0 else 0",
    "a / b",
    "round_half_up(a * 8.9, 0)",
    "round_down(a / 3, 2)",
    "round_up(a * 1.18, 0)",
    "min(a, b, c) + max(a, c)",
    "x in ['citizen', 'kandas'] and a >= 3",
    "not (x == 'citizen') or b < 2",
    "age_on(d, date('2026-03-16')) >= 18",
    "months_between(d, date('2026-03-16'))",
    "add_months(d, 18) <= date('2026-03-16')",
    "has(c) and c > 1",
    "(a > 2 and c > 1) or x == 'foreigner'",
    "error('too many') if a > 8 else a",
    "year(d) + month(d)",
]

persons = st.lists(
    st.tuples(
        st.integers(0, 10),
        st.integers(0, 5),
        st.one_of(st.none(), st.integers(0, 6)),
        st.sampled_from(["citizen", "kandas", "foreigner"]),
        st.dates(date(1950, 1, 1), date(2026, 3, 16)),
    ),
    min_size=1,
    max_size=40,
)


def scalar(source: str, person: tuple[Any, ...]) -> tuple[str, Any]:
    a, b, c, x, d = person
    env = {"a": a, "b": b, "c": c, "x": x, "d": d}
    try:
        return "ok", compile_expression(source).evaluate(env)
    except MissingFact as gap:
        return "missing", gap.path
    except EvaluationError:
        return "error", None


def vector(source: str, people: list[tuple[Any, ...]]) -> list[tuple[str, Any]]:
    n = len(people)
    labels = np.array(["citizen", "foreigner", "kandas"], dtype=object)
    columns = {
        "a": Column(np.array([p[0] for p in people], dtype=np.int64)),
        "b": Column(np.array([p[1] for p in people], dtype=np.int64)),
        "c": Column(
            np.array([p[2] or 0 for p in people], dtype=np.int64),
            np.array([p[2] is not None for p in people]),
        ),
        "x": Column(Categorical(np.array([list(labels).index(p[3]) for p in people]), labels)),
        "d": Column(np.array([p[4] for p in people], dtype="datetime64[D]")),
    }
    env = VectorEnv(n, columns)
    value = broadcast(VectorInterpreter(env).run(compile_expression(source)), n)
    results = []
    for i in range(n):
        code = 0 if value.status is None else int(value.status[i])
        if code > 0:
            results.append(("missing", env.describe(code)))
        elif code < 0:
            results.append(("error", None))
        else:
            results.append(("ok", value.data[i]))
    return results


def same(left: Any, right: Any) -> bool:
    if isinstance(left, bool):
        return bool(right) == left
    if isinstance(left, date):
        return str(np.datetime64(right, "D")) == left.isoformat()
    if isinstance(left, int | Decimal):
        return abs(float(left) - float(right)) < 1e-6
    return bool(left == right)


@pytest.mark.parametrize("source", EXPRESSIONS)
@settings(max_examples=40, deadline=None)
@given(people=persons)
def test_vector_and_scalar_agree(source: str, people: list[tuple[Any, ...]]) -> None:
    expected = [scalar(source, p) for p in people]
    got = vector(source, people)
    for person, (kind, value), (vkind, vvalue) in zip(people, expected, got, strict=True):
        assert kind == vkind, (source, person, value, vvalue)
        if kind == "ok":
            assert same(value, vvalue), (source, person, value, vvalue)
        if kind == "missing":
            assert value == vvalue


def test_leap_day_birthdays_round_down_the_same_way() -> None:
    births = [date(2008, 2, 29), date(2024, 8, 31)]
    for birth in births:
        for offset in range(0, 800, 7):
            day = birth + timedelta(days=offset)
            one = scalar(f"age_on(d, date('{day.isoformat()}'))", (0, 0, 0, "citizen", birth))
            many = vector(f"age_on(d, date('{day.isoformat()}'))", [(0, 0, 0, "citizen", birth)])
            assert one[1] == many[0][1]
