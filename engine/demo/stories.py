"""The presenter's stories: one click makes a life event happen in the registries, chosen so
that it shows what the engine does (a fourth child, the death of a pensioner with a spouse and
a car, a vehicle registration, a man reaching 63), and answers once the engine has opened the
case. Each story is a shipped scenario file (``tests/scenarios``, the setting
``PROACTIVE_SCENARIOS_DIR``): the story casts its people and runs its steps up to the first
one that expects a case, through the demo's own HTTP API, as an integrator's run would. The
living scenario and the simulated citizens and officials can be paused meanwhile; the
citizens of a story are left for the presenter to answer from the phone."""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass, field
from typing import Literal

import httpx
from fastapi import FastAPI

from engine.scenarios.cast import Casting, CastUnavailable
from engine.scenarios.deployment import Deployment, DeploymentError
from engine.scenarios.expect import find_case
from engine.scenarios.load import SUFFIX, load_scenario
from engine.scenarios.model import CaseState, Scenario
from engine.scenarios.steps import Performer, Stage
from engine.services import Services
from mock_registries.scenario import ScenarioRunner

log = logging.getLogger("engine.demo.stories")

StoryName = Literal["fourth_child", "pensioner_death", "vehicle_registration", "retirement"]
STORY_FILES: dict[str, str] = {
    "fourth_child": "fourth_child",
    "pensioner_death": "pensioner_death",
    "vehicle_registration": "vehicle_registration",
    "retirement": "retirement_men",
}
CASE_TIMEOUT_SECONDS = 20.0


class StoryUnavailable(Exception):
    """Nobody in the population fits the story, or its file is refused (say why)."""


class StoryTimeout(Exception):
    """The registry took the event, but the engine has not opened its case in time."""


@dataclass(frozen=True)
class Told:
    case_id: str
    citizen_iin: str
    life_event: str


@dataclass
class DemoSwitch:
    """Whether the living scenario and the simulated citizens and officials are paused, and
    the citizens the presenter answers for."""

    paused: threading.Event = field(default_factory=threading.Event)
    presenter_citizens: set[str] = field(default_factory=set)


class Presenter:
    def __init__(
        self, services: Services, switch: DemoSwitch, runner: ScenarioRunner | None
    ) -> None:
        self.services = services
        self.switch = switch
        self.runner = runner
        self.cast: set[str] = set()  # people of earlier stories, not picked again

    def pause(self, paused: bool) -> bool:
        for flag in (self.switch.paused, *([self.runner.paused] if self.runner else [])):
            if paused:
                flag.set()
            else:
                flag.clear()
        log.info("engine.demo.scenario_%s", "paused" if paused else "resumed")
        return paused

    @property
    def paused(self) -> bool:
        return self.switch.paused.is_set()

    def scenario_of(self, story: StoryName) -> Scenario:
        path = self.services.settings.scenarios_dir / f"{STORY_FILES[story]}{SUFFIX}"
        loaded, problems = load_scenario(path)
        if loaded is None:
            raise StoryUnavailable("; ".join(str(p) for p in problems))
        return loaded.scenario

    async def tell(self, story: StoryName, app: FastAPI) -> Told:
        """Cast the story's scenario and run its steps up to the first that expects a case,
        through the demo's own API; answer once that case is open."""
        scenario = self.scenario_of(story)
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 0))
        deployment = Deployment("http://demo", self.services.settings.secret, transport)
        try:
            started = await deployment.local_now()
            roles = await Casting(deployment, self.cast).cast(scenario.cast)
            citizen = roles[scenario.story or next(iter(scenario.cast))]
            self.switch.presenter_citizens.add(citizen)
            performer = Performer(deployment, Stage(roles=roles, started=started))
            for step in scenario.steps:
                await performer.perform(step)
                awaited = next((e.case for e in step.expect if e.case is not None), None)
                if awaited is not None:
                    return await self._case(deployment, awaited, roles, citizen)
        except (CastUnavailable, DeploymentError) as error:
            raise StoryUnavailable(str(error)) from error
        finally:
            await deployment.close()
        raise StoryUnavailable(f"the scenario of {story} expects no case in any step")

    async def _case(
        self, deployment: Deployment, awaited: CaseState, roles: dict[str, str], citizen: str
    ) -> Told:
        """Wait (on the engine's own progress, with a deadline) for the case to exist."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + CASE_TIMEOUT_SECONDS
        while loop.time() < deadline:
            case = await find_case(deployment, roles[awaited.subject], awaited.life_event)
            if case is not None:
                log.info(
                    "engine.demo.story_told life_event=%s case=%s", awaited.life_event, case["id"]
                )
                return Told(str(case["id"]), citizen, awaited.life_event)
            await asyncio.sleep(0.1)
        raise StoryTimeout(
            f"the registry recorded the event, but no case was opened within "
            f"{CASE_TIMEOUT_SECONDS:.0f} s: look at the dead letters and the feeds"
        )
