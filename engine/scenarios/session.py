"""Running a set of loaded scenarios against one deployment."""

from __future__ import annotations

from engine.scenarios.deployment import Deployment
from engine.scenarios.load import Loaded
from engine.scenarios.run import ScenarioResult, run_scenario


async def run_all(
    base_url: str, secret: str, loaded: list[Loaded], taken: set[str] | None = None
) -> list[ScenarioResult]:
    deployment = Deployment(base_url, secret)
    taken = set() if taken is None else taken
    try:
        return [await run_scenario(deployment, item.scenario, item.path, taken) for item in loaded]
    finally:
        await deployment.close()
