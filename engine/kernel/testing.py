"""Running the test cases written in a rule file: the same evaluation the engine does, on the
event and facts the test gives, under the law of the test's date (with its what-if values)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from engine.kernel.catalogue import Catalogue
from engine.kernel.chain import evaluate_in_chain
from engine.kernel.compiled import CompiledRule
from engine.kernel.evaluate import Evaluation, RuleError, inbox_texts
from engine.kernel.parameters import ParameterStore
from engine.kernel.rules import RuleTest


@dataclass(frozen=True)
class TestResult:
    rule_id: str
    name: str
    passed: bool
    failures: tuple[str, ...] = ()
    evaluation: Evaluation | None = None

    def __str__(self) -> str:
        mark = "PASS" if self.passed else "FAIL"
        detail = "".join(f"\n    {f}" for f in self.failures)
        return f"{mark} {self.rule_id}: {self.name}{detail}"


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def test_parameters(base: ParameterStore, test: RuleTest) -> ParameterStore:
    if not test.parameters:
        return base
    store = base.copy()
    for parameter_id, override in test.parameters.items():
        if isinstance(override, dict):
            for start, value in sorted(override.items()):
                store.override(parameter_id, _as_date(start), Decimal(str(value)))
        else:
            first = min(v.valid_from for v in store.get(parameter_id).values)
            store.override(parameter_id, first, Decimal(str(override)))
    return store


@lru_cache(maxsize=256)
def _case_lines(path: Path, stamp: int) -> tuple[int, ...]:
    """The line (1-based) of each test case in a rule file (``stamp`` renews it on a change)."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return ()
    if not isinstance(root, yaml.MappingNode):
        return ()
    for key, value in root.value:
        if key.value == "tests" and isinstance(value, yaml.SequenceNode):
            return tuple(int(case.start_mark.line) + 1 for case in value.value)
    return ()


def case_location(catalogue: Catalogue, compiled: CompiledRule, test: RuleTest) -> str | None:
    """``file:line`` of the test case, when the rule was loaded from a file."""
    path = next((p for p, c in catalogue.files.items() if c is compiled), None)
    index = next((i for i, t in enumerate(compiled.rule.tests) if t is test), None)
    if path is None or index is None:
        return None
    try:
        lines = _case_lines(path, path.stat().st_mtime_ns)
    except OSError:
        return None
    try:
        shown = str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        shown = str(path)
    return f"{shown}:{lines[index]}" if index < len(lines) else shown


def _not_given(
    catalogue: Catalogue, compiled: CompiledRule, test: RuleTest, evaluation: Evaluation
) -> str | None:
    """Why an ``unknown`` outcome fails the case: the case did not give facts the rule reads
    and does not say it means to (``outcome: unknown`` naming each under ``missing``)."""
    if evaluation.outcome != "unknown":
        return None
    absent = [p for p in dict.fromkeys(evaluation.missing) if p not in test.expect.missing]
    if not absent:
        return None
    where = case_location(catalogue, compiled, test)
    names = ", ".join(absent)
    listed = f"missing: [{names}]"
    if test.expect.outcome == "unknown":
        advice = f"name what it leaves out under expect ({listed})"
    else:
        advice = f"give it in the case, or expect outcome: unknown with {listed}"
    return (
        f"{where + ': ' if where else ''}the outcome is unknown because the case does not "
        f"give {names}, which the rule reads; {advice}"
    )


def run_test(catalogue: Catalogue, compiled: CompiledRule, test: RuleTest) -> TestResult:
    rule = compiled.rule
    life_event = catalogue.life_events[test.life_event or rule.life_events[0]]
    event = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in test.event.items()}
    failures: list[str] = []
    try:
        on = test.as_of or _as_date(event[life_event.date_field])
    except KeyError:
        return TestResult(
            rule.id, test.name, False, (f"the event needs '{life_event.date_field}'",)
        )
    if not rule.in_force_on(on):
        until = f" to {rule.valid_to}" if rule.valid_to else ""
        return TestResult(
            rule.id,
            test.name,
            False,
            (f"the case is dated {on}, outside the rule's dates ({rule.valid_from}{until})",),
        )
    facts = {name: test.facts.get(name) for name in life_event.facts}
    try:
        parameters = test_parameters(catalogue.parameters, test)
        evaluation, told = evaluate_in_chain(catalogue, compiled, event, facts, on, parameters)
    except RuleError as error:
        expected = test.expect.error
        if expected is None:
            return TestResult(rule.id, test.name, False, (f"rule error: {error}",))
        if expected.lower() not in str(error).lower():
            return TestResult(
                rule.id, test.name, False, (f"error was '{error}', expected '{expected}'",)
            )
        return TestResult(rule.id, test.name, True)
    expect = test.expect
    if expect.error is not None:
        failures.append(f"expected an error '{expect.error}', got outcome {evaluation.outcome}")
    not_given = _not_given(catalogue, compiled, test, evaluation)
    if not_given is not None:
        failures.append(not_given)
    elif expect.outcome is not None and evaluation.outcome != expect.outcome:
        failures.append(f"outcome is {evaluation.outcome}, expected {expect.outcome}")
    if expect.amount_kzt is not None:
        got = evaluation.amount_kzt
        if got is None or Decimal(str(expect.amount_kzt)) != got:
            failures.append(f"amount_kzt is {got}, expected {expect.amount_kzt}")
    final = told[1].amount_kzt if told is not None else None
    wanted = expect.final_amount_kzt
    if wanted is not None and (final is None or Decimal(str(wanted)) != final):
        failures.append(f"final amount is {final}, expected {wanted}")
    by_id = {c.id: c for c in evaluation.conditions}
    for name in expect.holds:
        if by_id.get(name) is None or by_id[name].holds is not True:
            failures.append(f"condition '{name}' does not hold")
    for name in expect.fails:
        if by_id.get(name) is None or by_id[name].holds is not False:
            failures.append(f"condition '{name}' does not fail")
    awaited = [gap.parameter for gap in evaluation.awaiting]
    for parameter_id in expect.awaiting:
        if parameter_id not in awaited:
            failures.append(f"'{parameter_id}' is not awaited (awaiting: {awaited})")
    for path in expect.missing:
        if path not in evaluation.missing:
            failures.append(f"'{path}' is not reported missing (missing: {evaluation.missing})")
    for name, value in expect.values.items():
        got_value = evaluation.values.get(name)
        if not _same(got_value, value):
            failures.append(f"value of '{name}' is {got_value}, expected {value}")
    if expect.text:
        if evaluation.outcome == "eligible":
            late = test.decided_on is not None and test.decided_on > _as_date(
                event[life_event.date_field]
            )
            shown, shown_evaluation = told or (compiled, evaluation)
            texts = inbox_texts(shown, shown_evaluation, event, facts, late=late)
            for lang, phrase in expect.text.items():
                body = texts["body"].get(lang, "").replace("\u00a0", " ")
                if phrase.replace("\u00a0", " ") not in body:
                    failures.append(f"the {lang} text does not contain '{phrase}': {body}")
        else:
            failures.append("texts are only rendered for an eligible outcome")
    return TestResult(rule.id, test.name, not failures, tuple(failures), evaluation)


def _same(got: Any, expected: Any) -> bool:
    if isinstance(got, Decimal | int | float) and isinstance(expected, int | float | str):
        try:
            return Decimal(str(got)) == Decimal(str(expected))
        except ArithmeticError:
            return False
    if isinstance(got, date):
        return got.isoformat() == str(expected)
    return bool(got == expected)


def run_rule_tests(catalogue: Catalogue, rule_id: str) -> list[TestResult]:
    """The test cases of every version of the rule, each against its own version."""
    return [
        run_test(catalogue, compiled, test)
        for compiled in catalogue.versions.get(rule_id, [])
        for test in compiled.rule.tests
    ]


def run_all(catalogue: Catalogue, rule_ids: list[str] | None = None) -> list[TestResult]:
    results: list[TestResult] = []
    for rule_id in sorted(rule_ids if rule_ids is not None else catalogue.rules):
        results.extend(run_rule_tests(catalogue, rule_id))
    return results
