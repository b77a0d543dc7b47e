"""What the rules API shows: rules with their parameters and tests, validation of posted
YAML, and simulations (which never write anything)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from engine.kernel.catalogue import Catalogue, Problem, validate_rule_text
from engine.kernel.chain_vector import chain_versions
from engine.kernel.compiled import CompiledRule
from engine.kernel.coverage import coverage
from engine.kernel.expressions import suggest
from engine.kernel.parameters import ParameterStore
from engine.kernel.simulate import (
    Diff,
    SimulationResult,
    SimulationUnavailable,
    compare,
    merged,
    merged_diffs,
    simulate,
)
from engine.kernel.testing import run_test
from engine.rules_api.national import national
from engine.rules_api.population import SHARD, populations


def problem_json(problem: Problem) -> dict[str, Any]:
    return {"file": problem.file, "line": problem.line, "message": problem.message}


def rule_summary(catalogue: Catalogue, compiled: CompiledRule) -> dict[str, Any]:
    rule = compiled.rule
    return {
        "id": rule.id,
        "version": compiled.version,
        "status": rule.status,
        "title": rule.title.model_dump(),
        "agency": rule.agency,
        "life_events": rule.life_events,
        "delivery": rule.delivery,
        "valid_from": rule.valid_from.isoformat(),
        "valid_to": rule.valid_to.isoformat() if rule.valid_to else None,
        "source": catalogue.source_of(compiled).name,
        "kept_after_refused_edit": catalogue.kept.get(rule.id) == compiled.version,
        "unconfirmed": catalogue.unconfirmed(compiled),
        "versions": [version_summary(catalogue, v) for v in catalogue.versions.get(rule.id, [])],
        "modifies": rule.modifies.model_dump() if rule.modifies else None,
        "modified_by": sorted(
            other_id
            for other_id, other in catalogue.rules.items()
            if other.rule.modifies is not None and other.rule.modifies.rule == rule.id
        ),
        "reads": sorted({path.split(".")[1] for path in compiled.rule_reads}),
    }


def version_summary(catalogue: Catalogue, compiled: CompiledRule) -> dict[str, Any]:
    """One version of a rule: its dates as written, and until when it decides (the day
    before the next active version starts)."""
    rule = compiled.rule
    return {
        "version": compiled.version,
        "status": rule.status,
        "valid_from": rule.valid_from.isoformat(),
        "valid_to": rule.valid_to.isoformat() if rule.valid_to else None,
        "superseded_from": (
            compiled.superseded_from.isoformat() if compiled.superseded_from else None
        ),
        "source": catalogue.source_of(compiled).name,
    }


def catalogue_json(catalogue: Catalogue) -> dict[str, Any]:
    return {
        "items": [
            rule_summary(catalogue, compiled) for _, compiled in sorted(catalogue.rules.items())
        ],
        "problems": [problem_json(p) for p in catalogue.problems],
        "warnings": [problem_json(p) for p in catalogue.warnings],
    }


def rule_detail(catalogue: Catalogue, compiled: CompiledRule) -> dict[str, Any]:
    parameters: dict[str, Any] = {}
    for parameter_id in sorted(compiled.parameter_ids):
        parameter = catalogue.parameters.get(parameter_id)
        parameters[parameter_id] = parameter.model_dump(mode="json", by_alias=True)
    tests = []
    results = [run_test(catalogue, compiled, test) for test in compiled.rule.tests]
    for test, result in zip(compiled.rule.tests, results, strict=True):
        tests.append(
            {
                "name": test.name,
                "case": test.model_dump(mode="json", exclude_defaults=True),
                "passed": result.passed,
                "failures": list(result.failures),
            }
        )
    source = catalogue.source_of(compiled)
    return {
        **rule_summary(catalogue, compiled),
        "rule": compiled.rule.model_dump(mode="json", exclude={"tests"}),
        "parameters": parameters,
        "tests": tests,
        "coverage": asdict(coverage(compiled, results)),
        "problems": [problem_json(p) for p in catalogue.problems if p.file.endswith(source.name)],
    }


def validate_text(catalogue: Catalogue, text: str) -> dict[str, Any]:
    checked = validate_rule_text(text, catalogue)
    tests: list[dict[str, Any]] = []
    if checked.compiled is not None:
        for test in checked.compiled.rule.tests:
            result = run_test(catalogue, checked.compiled, test)
            tests.append(
                {"name": test.name, "passed": result.passed, "failures": list(result.failures)}
            )
    return {
        "valid": not checked.problems,
        "problems": [{"line": p.line, "message": p.message} for p in checked.problems],
        "warnings": [{"line": p.line, "message": p.message} for p in checked.warnings],
        "tests": tests,
    }


class SimulationRefused(ValueError):
    pass


def what_if(parameters: ParameterStore, values: dict[str, Decimal]) -> ParameterStore:
    """The parameters with each named one set to a value from its first date on."""
    store: ParameterStore = parameters.copy()
    for name, value in values.items():
        if name not in store:
            raise SimulationRefused(f"unknown parameter '{name}'{suggest(name, store.parameters)}")
        first = min(v.valid_from for v in store.get(name).values)
        store.override(name, first, value)
    return store


def candidate_of(catalogue: Catalogue, text: str) -> CompiledRule:
    checked = validate_rule_text(text, catalogue)
    if checked.compiled is None:
        lines = "; ".join(f"line {p.line}: {p.message}" for p in checked.problems)
        raise SimulationRefused(f"the candidate rule is not valid: {lines}")
    return checked.compiled


def simulation(
    catalogue: Catalogue,
    compiled: CompiledRule,
    *,
    seed: int,
    size: int,
    as_of: date,
    parameters: dict[str, Decimal] | None = None,
    candidate: CompiledRule | None = None,
    progress: Callable[[int], None] | None = None,
    kept_in: Path | None = None,
    part: int = SHARD,
) -> tuple[SimulationResult, Diff | None]:
    """The rule over the population of (seed, size, date), part after part, each event with
    the rules it builds on and its modifiers in force on its date; with what-if values or a
    candidate version, also its comparison with the law as it is. A modifier is compared
    through its base: what the citizens are told with and without the change."""
    store = what_if(catalogue.parameters, parameters or {})
    compared = bool(parameters) or candidate is not None
    deciding = catalogue.deciding_versions(compiled)
    version = candidate or compiled
    versions = [version, *deciding] if version is not compiled else deciding
    chain = chain_versions(catalogue, compiled)
    target, target_versions, changed_chain = compiled, deciding, chain
    target_candidate, candidate_versions = version, versions
    modifies = compiled.rule.modifies
    if compared and modifies is not None and modifies.rule in catalogue.rules:
        target = catalogue.rules[modifies.rule]
        target_versions = catalogue.deciding_versions(target)
        chain = chain_versions(catalogue, target)
        changed_chain = {**chain, compiled.rule.id: versions}
        target_candidate, candidate_versions = target, target_versions
    results: list[SimulationResult] = []
    diffs: list[Diff] = []
    try:
        for population in populations(
            seed, size, as_of, catalogue.parameters, progress, kept_in, part
        ):
            baseline = simulate(
                target,
                catalogue.life_events,
                population,
                catalogue.parameters,
                versions=target_versions,
                chain=chain,
            )
            results.append(baseline[0])
            if compared:
                other = simulate(
                    target_candidate,
                    catalogue.life_events,
                    population,
                    store,
                    versions=candidate_versions,
                    chain=changed_chain,
                )
                diffs.append(compare(baseline, other, population))
    except SimulationUnavailable as error:
        raise SimulationRefused(str(error)) from error
    return merged(results), merged_diffs(diffs) if compared else None


def simulation_json(result: SimulationResult, diff: Diff | None) -> dict[str, Any]:
    """A simulation's figures with the country's beside the sample's."""
    if diff is None:
        return {**result.to_json(), "national": national(result)}
    body = diff.to_json()
    body["baseline"]["national"] = national(diff.baseline)
    body["candidate"]["national"] = national(diff.candidate)
    body["national_annual_cost_change_kzt"] = (
        body["candidate"]["national"]["annual_cost_kzt"]
        - body["baseline"]["national"]["annual_cost_kzt"]
    )
    return body
