"""The run's report: one line per expectation (the actual value on failure), and JUnit XML
for CI systems."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

from engine.iinmask import mask_iins
from engine.kernel.catalogue import Problem
from engine.scenarios.run import Outcome, ScenarioResult


def lines(result: ScenarioResult) -> list[str]:
    shown = [f"{'PASS' if result.passed else 'FAIL'} {result.name} ({result.seconds:.1f} s)"]
    for outcome in result.outcomes:
        mark = "ok  " if outcome.passed else "FAIL"
        where = f"step {outcome.step}" if outcome.step else "cast"
        line = f"  {mark} {where}: {outcome.what}"
        if not outcome.passed:
            line += f"\n         actual: {outcome.actual}"
        shown.append(mask_iins(line))
    return shown


def summary(results: list[ScenarioResult]) -> str:
    passed = sum(r.passed for r in results)
    return f"{passed} passed, {len(results) - passed} failed"


def failure_text(outcome: Outcome) -> str:
    return mask_iins(f"expected {outcome.what}; actual: {outcome.actual}")


def write_junit(path: Path, results: list[ScenarioResult], problems: list[Problem]) -> None:
    suite = ET.Element(
        "testsuite",
        name="proactive scenarios",
        tests=str(len(results) + len(problems)),
        failures=str(sum(not r.passed for r in results)),
        errors=str(len(problems)),
        time=f"{sum(r.seconds for r in results):.3f}",
    )
    for problem in problems:
        case = ET.SubElement(suite, "testcase", classname=problem.file, name="schema")
        ET.SubElement(case, "error", message=str(problem)).text = str(problem)
    for result in results:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=str(result.path),
            name=result.name,
            time=f"{result.seconds:.3f}",
        )
        failed = [o for o in result.outcomes if not o.passed]
        if failed:
            text = "\n".join(failure_text(o) for o in failed)
            ET.SubElement(case, "failure", message=failure_text(failed[0])).text = text
        ET.SubElement(case, "system-out").text = "\n".join(lines(result))
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)
