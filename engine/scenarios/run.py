"""Running scenarios: cast, then each step and the expectations after it; a step that fails
ends its scenario (what follows would only fail for the same reason)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from engine.scenarios.cast import Casting, CastUnavailable
from engine.scenarios.deployment import Deployment, DeploymentError
from engine.scenarios.expect import Checker
from engine.scenarios.model import Scenario
from engine.scenarios.steps import Performer, Stage


@dataclass(frozen=True)
class Outcome:
    """One line of the report: a step that could not be done, or one expectation."""

    step: int  # 1-based; 0 for the cast
    what: str
    passed: bool
    actual: str = ""
    seconds: float = 0.0


@dataclass
class ScenarioResult:
    path: Path
    name: str
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    roles: dict[str, str] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return all(o.passed for o in self.outcomes)


async def start(deployment: Deployment, scenario: Scenario, taken: set[str]) -> Stage:
    """Cast the scenario: its people, picked or created, and the clock at the start."""
    started = await deployment.local_now()
    roles = await Casting(deployment, taken).cast(scenario.cast)
    return Stage(roles=roles, started=started)


async def run_scenario(
    deployment: Deployment, scenario: Scenario, path: Path, taken: set[str]
) -> ScenarioResult:
    result = ScenarioResult(path, scenario.name)
    began = time.monotonic()
    try:
        stage = await start(deployment, scenario, taken)
    except (CastUnavailable, DeploymentError) as error:
        result.outcomes.append(Outcome(0, "cast", False, str(error)))
        result.seconds = time.monotonic() - began
        return result
    result.roles = stage.roles
    performer, checker = Performer(deployment, stage), Checker(deployment, stage)
    for number, step in enumerate(scenario.steps, start=1):
        action = step.action()
        try:
            await performer.perform(step)
        except DeploymentError as error:
            result.outcomes.append(Outcome(number, action, False, str(error)))
            break
        for expectation in step.expect:
            at = time.monotonic()
            checked = await checker.wait_for(expectation)
            result.outcomes.append(
                Outcome(
                    number,
                    f"{action} → {checked.expected}",
                    checked.holds,
                    checked.actual,
                    time.monotonic() - at,
                )
            )
    result.seconds = time.monotonic() - began
    return result
