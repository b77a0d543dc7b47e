"""The presenter's stories: one click makes a life event happen in the registries, chosen so
that it shows what the engine does (a fourth child, the death of a pensioner with a spouse and
a car, a vehicle registration, a man reaching 63), and answers once the engine has opened the
case. The living scenario and the simulated citizens and officials can be paused meanwhile;
the citizens of a story are left for the presenter to answer from the phone."""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from engine.clock.store import save_offset
from engine.inbox.timeutil import local
from engine.kernel.l10n import KZ_TIME
from engine.kernel.life_events import milestone_date
from engine.pipeline.milestones import detect_milestones
from engine.pipeline.models import Case
from engine.registries.models import InboundEvent
from engine.services import Services
from mock_registries.scenario import Scenario, ScenarioRunner
from mock_registries.vehicles.catalogue import make_vin, pick_colour, pick_model

log = logging.getLogger("engine.demo.stories")

StoryName = Literal["fourth_child", "pensioner_death", "vehicle_registration", "retirement"]
CASE_TIMEOUT_SECONDS = 20.0
PAGES_TO_SEARCH = 12
MIN_BIRTH_SPACING_DAYS = 300
MORNING = time(10, 0)  # a story's day starts at 10:00 in Almaty, when SMS go out


class StoryUnavailable(Exception):
    """Nobody in the population fits the story (say what was looked for)."""


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


class StoryRegistries(Scenario):
    """The registries as the stories reach them: the scenario's readers (their choices are
    not recorded in anybody's access log) and the owning agencies' writers."""

    async def people(self, **filters: Any) -> list[dict[str, Any]]:
        return await self._people(**filters)

    async def read(self, registry: str, path: str) -> dict[str, Any] | None:
        response = await self._get(registry, path)
        if response.status_code != 200:
            return None
        found: dict[str, Any] = response.json()
        return found

    async def write(self, registry: str, agency: str, path: str, body: dict[str, Any]) -> str:
        response = await self._post(registry, agency, path, body)
        if response.status_code not in (200, 201):
            raise StoryUnavailable(f"the {registry} registry refused: {response.text[:300]}")
        event_id: str = response.json()["event_id"]
        return event_id


class Presenter:
    def __init__(
        self,
        services: Services,
        registries: StoryRegistries,
        switch: DemoSwitch,
        runner: ScenarioRunner | None,
    ) -> None:
        self.services = services
        self.registries = registries
        self.switch = switch
        self.runner = runner

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

    async def tell(self, story: StoryName) -> Told:
        if story == "fourth_child":
            mother, event_id = await self._fourth_child()
            return await self._told("civil", event_id, "child_birth", mother)
        if story == "pensioner_death":
            spouse, event_id = await self._pensioner_death()
            return await self._told("civil", event_id, "death", spouse)
        if story == "vehicle_registration":
            owner, event_id = await self._vehicle_registration()
            return await self._told("vehicles", event_id, "vehicle_registration", owner)
        return await self._retirement()

    # --- choosing the people -----------------------------------------------------------------

    def _today(self) -> date:
        return local(self.services.clock.now()).date()

    async def _candidates(self, **filters: Any) -> list[dict[str, Any]]:
        seen: dict[str, dict[str, Any]] = {}
        for _ in range(PAGES_TO_SEARCH):
            for person in await self.registries.people(**filters):
                seen.setdefault(person["iin"], person)
        return list(seen.values())

    async def _fourth_child(self) -> tuple[str, str]:
        today = self._today()
        for mother in await self._candidates(sex="F", age_min=22, age_max=44, alive=True):
            if mother.get("citizenship") != "citizen":
                continue
            children = await self.registries.read(
                "population", f"/persons/{mother['iin']}/children"
            )
            born = [
                c for c in (children or {}).get("items", []) if c.get("mother_iin") == mother["iin"]
            ]
            if len(born) != 3:
                continue
            last = date.fromisoformat(born[-1]["birth_date"])
            if (today - last).days < MIN_BIRTH_SPACING_DAYS:
                continue
            spouse = mother.get("spouse_iin")
            father = (
                await self.registries.read("population", f"/persons/{spouse}") if spouse else None
            )
            body = {
                "mother_iin": mother["iin"],
                "father_iin": father["iin"] if father and father.get("alive") else None,
                "child_first_name": "Айару",
                "child_sex": "F",
                "birth_date": today.isoformat(),
            }
            body = {k: v for k, v in body.items() if v is not None}
            return mother["iin"], await self.registries.write("civil", "civil", "/births", body)
        raise StoryUnavailable("no mother of three children among the women of 22 to 44")

    async def _pensioner_death(self) -> tuple[str, str]:
        for person in await self._candidates(age_min=65, age_max=85, alive=True, married=True):
            spouse = await self.registries.read("population", f"/persons/{person['spouse_iin']}")
            if spouse is None or not spouse.get("alive"):
                continue
            cars = await self.registries.read("vehicles", f"/owners/{person['iin']}/vehicles")
            if not (cars or {}).get("items"):
                await self._register_car(person["iin"])
            body = {"iin": person["iin"], "death_date": self._today().isoformat()}
            return spouse["iin"], await self.registries.write("civil", "civil", "/deaths", body)
        raise StoryUnavailable("no living pensioner of 65 to 85 with a living spouse")

    async def _register_car(self, owner_iin: str) -> str:
        rng = self.registries.rng
        model = pick_model(rng)
        year = min(self._today().year - rng.randint(0, 8), model.last_year)
        body: dict[str, Any] = {
            "owner_iin": owner_iin,
            "vin": make_vin(rng, model, year, rng.randrange(1_000_000)),
            "make": model.make,
            "model": model.model,
            "year": year,
            "fuel": model.fuel,
            "color": pick_colour(rng),
        }
        if model.engines:
            body["engine_cc"] = rng.choice(model.engines)
        return await self.registries.write("vehicles", "mvd", "/registrations", body)

    async def _vehicle_registration(self) -> tuple[str, str]:
        for owner in await self._candidates(age_min=25, age_max=60, alive=True):
            if owner.get("citizenship") == "citizen":
                return owner["iin"], await self._register_car(owner["iin"])
        raise StoryUnavailable("no adult citizen of 25 to 60 to own the car")

    async def _retirement(self) -> Told:
        """The man of 62 who turns 63 soonest (with a pension account), and the clock moved
        to 10:00 on his birthday."""
        catalogue = self.services.catalogue.current
        life_event = catalogue.life_events["retirement_age_men"]
        milestone = life_event.trigger.milestone
        assert milestone is not None
        today = self._today()
        soonest: list[tuple[date, str]] = []
        for man in await self._candidates(sex="M", age_min=62, age_max=62, alive=True):
            born = date.fromisoformat(man["birth_date"])
            when = milestone_date(milestone, born, catalogue.parameters)
            if when > today and man.get("citizenship") == "citizen":
                soonest.append((when, man["iin"]))
        for when, iin in sorted(soonest):
            if await self.registries.read("pension", f"/accounts/{iin}") is None:
                continue
            self._move_clock_to(when)
            await detect_milestones(self.services)
            query = select(Case).where(Case.subject_iin == iin, Case.life_event == life_event.id)
            return await self._case_of(query, iin)
        raise StoryUnavailable("no man of 62 with a pension account turns 63 in the coming year")

    def _move_clock_to(self, day: date) -> None:
        target = datetime.combine(day, MORNING, tzinfo=KZ_TIME)
        ahead = target - self.services.clock.now()
        if ahead > timedelta(0):
            self.services.clock.advance(ahead)
            save_offset(self.services.db, self.services.clock)

    # --- waiting for the engine ----------------------------------------------------------------

    async def _told(self, registry: str, event_id: str, life_event: str, citizen: str) -> Told:
        query = (
            select(Case)
            .join(InboundEvent, col(InboundEvent.id) == col(Case.inbound_event_id))
            .where(
                InboundEvent.registry_name == registry,
                InboundEvent.event_id == event_id,
                Case.life_event == life_event,
            )
        )
        return await self._case_of(query, citizen)

    async def _case_of(self, query: SelectOfScalar[Case], citizen: str) -> Told:
        """Wait (on the engine's own progress, with a deadline) for the case to exist."""
        self.switch.presenter_citizens.add(citizen)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + CASE_TIMEOUT_SECONDS
        while loop.time() < deadline:
            with Session(self.services.db) as session:
                case = session.exec(query).first()
            if case is not None:
                log.info("engine.demo.story_told life_event=%s case=%s", case.life_event, case.id)
                return Told(case.id, citizen, case.life_event)
            await asyncio.sleep(0.1)
        raise StoryTimeout(
            f"the registry recorded the event, but no case was opened within "
            f"{CASE_TIMEOUT_SECONDS:.0f} s: look at the dead letters and the feeds"
        )
