"""What a rule's test cases exercise: each condition seen holding and failing, each row of
each decision table chosen. A gap is a branch of the rule that no test case checks, so a
mistake there would go unnoticed until a citizen meets it.

Rows whose value is ``error(...)`` are guards: they mark inputs that must never occur (often
inputs a condition already excludes, so no case can reach them). They are not branches to
test and are counted apart; a case expecting a guard's message shows that guard works.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.kernel.compiled import CompiledRule
from engine.kernel.testing import TestResult


@dataclass
class Coverage:
    rule_id: str
    branches: int
    covered: int
    gaps: list[str] = field(default_factory=list)
    guards: int = 0
    guards_tested: int = 0

    @property
    def complete(self) -> bool:
        return not self.gaps

    def __str__(self) -> str:
        head = f"{self.rule_id}: {self.covered}/{self.branches} branches tested"
        if self.guards:
            head += f" ({self.guards_tested}/{self.guards} error guards exercised)"
        return head + "".join(f"\n    {gap}" for gap in self.gaps)


def _guard_message(source: str) -> str | None:
    """The message of an ``error('...')`` row value, or None for an ordinary value."""
    text = source.strip()
    if not text.startswith("error("):
        return None
    return text.removeprefix("error(").removesuffix(")").strip("'\" ").lower()


def coverage(compiled: CompiledRule, results: list[TestResult]) -> Coverage:
    """Coverage of one rule version by the results of its own test cases."""
    held: set[str] = set()
    failed: set[str] = set()
    rows_hit: set[tuple[str, int]] = set()
    expected_errors = [
        test.expect.error.lower()
        for result, test in zip(results, compiled.rule.tests, strict=False)
        if result.passed and test.expect.error
    ]
    for result in results:
        evaluation = result.evaluation
        if evaluation is None:
            continue
        for condition in evaluation.conditions:
            if condition.holds is True:
                held.add(condition.id)
            elif condition.holds is False:
                failed.add(condition.id)
        rows_hit |= set(evaluation.rows.items())
    report = Coverage(compiled.rule.id, 0, 0)
    for condition_id, _ in compiled.conditions:
        for seen, how in ((held, "holds"), (failed, "fails")):
            report.branches += 1
            if condition_id in seen:
                report.covered += 1
            else:
                report.gaps.append(f"condition '{condition_id}' never {how} in a test case")
    tables = {c.id: c.table for c in compiled.rule.computations if c.table is not None}
    for computation_id, computation in compiled.computations:
        for index, row in enumerate(computation.rows):
            guard = _guard_message(row.value.source)
            if guard is not None:
                report.guards += 1
                report.guards_tested += any(expected in guard for expected in expected_errors)
                continue
            report.branches += 1
            if (computation_id, index) in rows_hit:
                report.covered += 1
                continue
            table = tables.get(computation_id)
            written = table.rows[index].when if table is not None else row.when.source
            when = ", ".join(written) if isinstance(written, list) else written
            report.gaps.append(
                f"table '{computation_id}': row {index + 1} (when {when}) is chosen by no test case"
            )
    return report
