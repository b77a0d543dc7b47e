"""What the rules API answers, as OpenAPI schemas."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from engine.api.answers import Answer, Number


class RuleProblem(Answer):
    file: str | None = None
    line: int | None = None
    message: str


class RuleVersion(Answer):
    version: int | str
    status: str
    valid_from: str = Field(examples=["2026-01-01"])
    valid_to: str | None = None
    superseded_from: str | None = None
    source: str


class RuleSummary(Answer):
    id: str = Field(examples=["birth_allowance"])
    version: int | str
    status: str
    title: dict[str, str] = Field(description="kk, ru and en")
    agency: str = Field(examples=["gfc"])
    life_events: list[str]
    delivery: str
    valid_from: str
    valid_to: str | None = None
    source: str
    kept_after_refused_edit: bool
    unconfirmed: Any = None
    versions: list[RuleVersion]
    modifies: dict[str, str] | None = Field(
        default=None, description="for a relief, exemption or top-up: its base rule and kind"
    )
    modified_by: list[str] = Field(default_factory=list, description="the rule's modifiers")
    reads: list[str] = Field(
        default_factory=list, description="the rules whose results it reads (rules.NAME.X)"
    )


class Rules(Answer):
    items: list[RuleSummary]
    problems: list[RuleProblem]
    warnings: list[RuleProblem]


class RuleTest(Answer):
    name: str
    passed: bool
    failures: list[Any]


class RuleDetail(RuleSummary):
    rule: dict[str, Any]
    parameters: dict[str, Any]
    tests: list[RuleTest]
    coverage: dict[str, Any]
    problems: list[RuleProblem]


class Validation(Answer):
    valid: bool
    problems: list[RuleProblem]
    warnings: list[RuleProblem]
    tests: list[RuleTest]


class Simulation(Answer):
    """The figures of one run, or with ``parameters`` or ``candidate_yaml`` a comparison:
    ``baseline``, ``candidate``, who gains and who loses."""

    rule_id: str | None = None
    rule_version: int | str | None = None
    as_of: str | None = None
    population: int | None = None
    events: int | None = None
    eligible: int | None = None
    counts: dict[str, int] | None = None
    annual_cost_kzt: Number | None = None
    national: dict[str, Any] | None = None
    baseline: dict[str, Any] | None = None
    candidate: dict[str, Any] | None = None
    national_annual_cost_change_kzt: Number | None = None
