"""Life events for the demo: births, deaths, marriages, divorces, vehicle registrations,
disability decisions, changes of insurance status and more, at a configurable rate, through
the registries' own HTTP write endpoints with the owning agencies' tokens.

Kinds come in roughly the proportions of Kazakhstan's registers (about three births for each
death, one marriage for every three or four births, a divorce for every three marriages).
Births go to women of 18 to 45, more often in their late twenties and less often the more
children they already have; the registry counts the birth order itself, so it is the
mother's true next one. Deaths mostly take the old.

The generator is driven by ``tick(elapsed_seconds)``: a test calls it with the time it wants
to have passed, the demo calls it from a thread every second. Every random choice comes from
one ``random.Random``.
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import httpx

from engine.iinmask import mask_iins
from mock_registries.common.auth import SIMULATOR_ROLE, official_token
from mock_registries.common.context import Peers
from mock_registries.population.newborn_names import married_surname, newborn_name
from mock_registries.vehicles.catalogue import make_vin, pick_colour, pick_model, pick_year

log = logging.getLogger("mock_registries.scenario")

KIND_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("birth", 26),
    ("death", 9),
    ("marriage", 8),
    ("divorce", 3),
    ("name_change", 2),
    ("vehicle", 20),
    ("disability", 6),
    ("insurance", 18),
    ("pension", 8),
)
# relative chance of a birth by the mother's age band (age-specific fertility)
MOTHER_AGES: tuple[tuple[int, int, float], ...] = (
    (18, 19, 0.4),
    (20, 24, 1.5),
    (25, 29, 1.7),
    (30, 34, 1.4),
    (35, 39, 0.8),
    (40, 45, 0.2),
)
# chance that a woman with this many children has another (more children, fewer births)
NEXT_CHILD = (1.0, 0.9, 0.7, 0.45, 0.3, 0.15)
MIN_BIRTH_SPACING_DAYS = 300
# share of deaths by age band
DEATH_AGES: tuple[tuple[int, int, float], ...] = (
    (0, 17, 2),
    (18, 44, 7),
    (45, 64, 22),
    (65, 79, 38),
    (80, 110, 31),
)
DISABILITY_AGES: tuple[tuple[int, int, float], ...] = (
    (0, 17, 12),
    (18, 39, 18),
    (40, 59, 35),
    (60, 90, 35),
)
MAX_EVENTS_PER_TICK = 20
CANDIDATES = 25
PURPOSE = "demo scenario"


@dataclass(frozen=True)
class Outcome:
    kind: str
    status: int  # HTTP status of the write; 0 when no one suitable was found
    detail: str

    @property
    def written(self) -> bool:
        return self.status in (200, 201)


class Scenario:
    def __init__(
        self,
        peers: Peers,
        secret: str,
        now: Callable[[], datetime],
        *,
        rate_per_minute: float = 12.0,
        seed: int = 2026,
    ) -> None:
        self.peers = peers
        self.now = now
        self.rate_per_minute = rate_per_minute
        self.rng = random.Random(f"{seed}:scenario")
        self._due = 0.0
        self._tokens = {
            agency: {"Authorization": f"Bearer {official_token(secret, agency)}"}
            for agency in ("digital", "civil", "mvd", "labour", "gfss", "enpf")
        }
        # choosing people is the simulation's own doing, not an agency's: not recorded
        simulator = official_token(secret, "digital", role=SIMULATOR_ROLE)
        self._reader = {"Authorization": f"Bearer {simulator}", "X-Purpose": PURPOSE}
        self._kinds: dict[str, Callable[[], Awaitable[Outcome]]] = {
            "birth": self.birth,
            "death": self.death,
            "marriage": self.marriage,
            "divorce": self.divorce,
            "name_change": self.name_change,
            "vehicle": self.vehicle,
            "disability": self.disability,
            "insurance": self.insurance,
            "pension": self.pension,
        }

    # --- driving -----------------------------------------------------------------------------

    async def tick(self, elapsed_seconds: float) -> list[Outcome]:
        """The life events due after ``elapsed_seconds`` more seconds (at most 20 at once:
        after a long pause the demo catches up gently, not in a burst)."""
        self._due += max(0.0, elapsed_seconds) * self.rate_per_minute / 60
        count = min(MAX_EVENTS_PER_TICK, int(self._due))
        self._due -= count
        if self._due > MAX_EVENTS_PER_TICK:
            self._due = 0.0
        return [await self.one() for _ in range(count)]

    async def one(self, kind: str | None = None) -> Outcome:
        chosen = (
            kind
            or self.rng.choices([k for k, _ in KIND_WEIGHTS], weights=[w for _, w in KIND_WEIGHTS])[
                0
            ]
        )
        try:
            outcome = await self._kinds[chosen]()
        except httpx.HTTPError as error:
            outcome = Outcome(chosen, 0, f"a registry did not answer: {error!r}")
        level = logging.INFO if outcome.written else logging.DEBUG
        detail = mask_iins(outcome.detail)
        log.log(level, "scenario.%s status=%s %s", chosen, outcome.status, detail)
        return outcome

    # --- reading -----------------------------------------------------------------------------

    def today(self) -> date:
        return self.now().date()

    async def _get(self, registry: str, path: str, **params: Any) -> httpx.Response:
        async with self.peers.client(registry, self._reader) as client:
            return await client.get(path, params=params)

    async def _post(
        self, registry: str, agency: str, path: str, body: dict[str, Any], method: str = "POST"
    ) -> httpx.Response:
        async with self.peers.client(registry, self._tokens[agency]) as client:
            return await client.request(method, path, json=body)

    async def _people(self, **filters: Any) -> list[dict[str, Any]]:
        """A random page of the people matching the filters."""
        first = await self._get("population", "/persons", limit=1, **filters)
        if first.status_code != 200:
            return []
        total = int(first.json().get("total", 0))
        if total == 0:
            return []
        offset = self.rng.randrange(max(1, total - CANDIDATES + 1))
        page = await self._get("population", "/persons", limit=CANDIDATES, offset=offset, **filters)
        items: list[dict[str, Any]] = page.json()["items"] if page.status_code == 200 else []
        self.rng.shuffle(items)
        return items

    def _band(self, bands: tuple[tuple[int, int, float], ...]) -> tuple[int, int]:
        low, high, _ = self.rng.choices(bands, weights=[w for _, _, w in bands])[0]
        return low, high

    async def _person(self, iin: str) -> dict[str, Any] | None:
        response = await self._get("population", f"/persons/{iin}")
        return response.json() if response.status_code == 200 else None

    @staticmethod
    def _result(kind: str, response: httpx.Response, detail: str) -> Outcome:
        if response.status_code not in (200, 201):
            detail = f"{detail}: refused: {response.text[:200]}"
        return Outcome(kind, response.status_code, detail)

    # --- the kinds of life events ------------------------------------------------------------

    async def birth(self) -> Outcome:
        low, high = self._band(MOTHER_AGES)
        today = self.today()
        for mother in await self._people(sex="F", age_min=low, age_max=high, alive=True):
            children = await self._get("population", f"/persons/{mother['iin']}/children")
            born = [
                c for c in children.json().get("items", []) if c.get("mother_iin") == mother["iin"]
            ]
            if (
                born
                and (today - date.fromisoformat(born[-1]["birth_date"])).days
                < MIN_BIRTH_SPACING_DAYS
            ):
                continue
            if self.rng.random() >= NEXT_CHILD[min(len(born), len(NEXT_CHILD) - 1)]:
                continue
            father = await self._living_husband(mother)
            sex = "M" if self.rng.random() < 0.512 else "F"
            name = newborn_name(
                self.rng,
                sex,
                mother["last_name"],
                father["last_name"] if father else None,
                father["first_name"] if father else None,
            )
            body = {
                "mother_iin": mother["iin"],
                "father_iin": father["iin"] if father else None,
                "child_first_name": name.first_name,
                "child_first_name_kk": name.first_name_kk,
                "child_last_name": name.last_name,
                "child_last_name_kk": name.last_name_kk,
                "child_patronymic": name.patronymic,
                "child_patronymic_kk": name.patronymic_kk,
                "child_sex": sex,
                "birth_date": today.isoformat(),
            }
            body = {key: value for key, value in body.items() if value is not None}
            response = await self._post("civil", "civil", "/births", body)
            detail = f"child number {len(born) + 1} of {mother['iin']}"
            return self._result("birth", response, detail)
        return Outcome("birth", 0, "no mother found in this age band")

    async def _living_husband(self, woman: dict[str, Any]) -> dict[str, Any] | None:
        spouse_iin = woman.get("spouse_iin")
        if not spouse_iin:
            return None
        husband = await self._person(spouse_iin)
        return husband if husband is not None and husband["alive"] else None

    async def death(self) -> Outcome:
        low, high = self._band(DEATH_AGES)
        people = await self._people(age_min=low, age_max=high, alive=True)
        if not people:
            return Outcome("death", 0, f"no one alive aged {low}-{high}")
        person = people[0]
        body = {"iin": person["iin"], "death_date": self.today().isoformat()}
        response = await self._post("civil", "civil", "/deaths", body)
        return self._result("death", response, f"{person['iin']} aged {low}-{high}")

    async def marriage(self) -> Outcome:
        grooms = await self._people(sex="M", age_min=21, age_max=38, alive=True, married=False)
        for groom in grooms[:3]:
            age = _age(groom, self.today())
            brides = await self._people(
                sex="F",
                age_min=max(18, age - 8),
                age_max=age + 1,
                alive=True,
                married=False,
                region=groom["region"],
            )
            for bride in brides:
                if bride.get("mother_iin") and bride.get("mother_iin") == groom.get("mother_iin"):
                    continue
                body = {
                    "spouse1_iin": groom["iin"],
                    "spouse2_iin": bride["iin"],
                    "marriage_date": self.today().isoformat(),
                }
                response = await self._post("civil", "civil", "/marriages", body)
                return self._result("marriage", response, f"{groom['iin']} and {bride['iin']}")
        return Outcome("marriage", 0, "no unmarried couple found")

    async def divorce(self) -> Outcome:
        for wife in await self._people(sex="F", age_min=23, age_max=60, alive=True, married=True):
            husband = await self._living_husband(wife)
            if husband is None or husband.get("spouse_iin") != wife["iin"]:
                continue
            body = {
                "spouse1_iin": husband["iin"],
                "spouse2_iin": wife["iin"],
                "divorce_date": self.today().isoformat(),
            }
            response = await self._post("civil", "civil", "/divorces", body)
            return self._result("divorce", response, f"{husband['iin']} and {wife['iin']}")
        return Outcome("divorce", 0, "no married couple found")

    async def name_change(self) -> Outcome:
        for wife in await self._people(sex="F", age_min=18, age_max=50, alive=True, married=True):
            husband = await self._living_husband(wife)
            forms = married_surname(wife["last_name"], husband["last_name"]) if husband else None
            if forms is None:
                continue
            body = {
                "iin": wife["iin"],
                "last_name": forms[0],
                "last_name_kk": forms[1],
                "change_date": self.today().isoformat(),
            }
            response = await self._post("civil", "civil", "/name-changes", body)
            return self._result("name_change", response, f"{wife['iin']} takes {forms[0]}")
        return Outcome("name_change", 0, "no married woman keeping her own surname found")

    async def vehicle(self) -> Outcome:
        sex = "M" if self.rng.random() < 0.72 else "F"
        owners = await self._people(sex=sex, age_min=18, age_max=75, alive=True)
        if not owners:
            return Outcome("vehicle", 0, "no adult found")
        owner = owners[0]
        model = pick_model(self.rng)
        this_year = self.today().year
        year = this_year - self.rng.randint(0, 1) if self.rng.random() < 0.45 else None
        year = min(year or pick_year(self.rng, model, this_year), model.last_year)
        body: dict[str, Any] = {
            "owner_iin": owner["iin"],
            "vin": make_vin(self.rng, model, year, self.rng.randrange(1_000_000)),
            "make": model.make,
            "model": model.model,
            "year": year,
            "fuel": model.fuel,
            "color": pick_colour(self.rng),
        }
        if model.engines:
            body["engine_cc"] = self.rng.choice(model.engines)
        response = await self._post("vehicles", "mvd", "/registrations", body)
        return self._result(
            "vehicle", response, f"{model.make} {model.model} {year} to {owner['iin']}"
        )

    async def disability(self) -> Outcome:
        low, high = self._band(DISABILITY_AGES)
        people = await self._people(age_min=low, age_max=high, alive=True)
        if not people:
            return Outcome("disability", 0, f"no one alive aged {low}-{high}")
        person = people[0]
        today = self.today()
        child = _age(person, today) < 18
        group = self.rng.choices((1, 2, 3), weights=(12, 40, 48))[0]
        cause = "child" if child else ("childhood" if self.rng.random() < 0.1 else "general")
        years = self.rng.randint(1, 3) if child else (2 if group == 1 else 1)
        body = {
            "iin": person["iin"],
            "group": group,
            "cause": cause,
            "valid_from": today.isoformat(),
            "valid_to": (today + timedelta(days=365 * years)).isoformat(),
            "decision_date": today.isoformat(),
        }
        response = await self._post("disability", "labour", "/decisions", body)
        return self._result("disability", response, f"group {group} ({cause}) for {person['iin']}")

    async def insurance(self) -> Outcome:
        people = await self._people(age_min=18, age_max=62, alive=True)
        if not people:
            return Outcome("insurance", 0, "no one of working age found")
        person = people[0]
        account = await self._get("social_insurance", f"/insured/{person['iin']}")
        insured = account.status_code == 200 and account.json()["insured"]
        body: dict[str, Any] = {"iin": person["iin"], "since": self.today().isoformat()}
        if insured and self.rng.random() < 0.35:
            body["insured"] = False
            detail = f"{person['iin']} stops working"
        else:
            income = max(85_000, int(self.rng.lognormvariate(math.log(300_000), 0.5)))
            body.update(insured=True, monthly_income_kzt=round(income, -3))
            detail = f"{person['iin']} {'changes job' if insured else 'starts working'}"
        response = await self._post("social_insurance", "gfss", "/status-changes", body)
        return self._result("insurance", response, detail)

    async def pension(self) -> Outcome:
        people = await self._people(age_min=20, age_max=62, alive=True)
        for person in people[:5]:
            account = await self._get("pension", f"/accounts/{person['iin']}")
            if account.status_code != 200:
                continue
            current = account.json()
            contribution = int(self.rng.lognormvariate(math.log(30_000), 0.5))
            body = {
                "balance_kzt": current["balance_kzt"] + contribution,
                "years_of_participation": current["years_of_participation"],
                "receiving_pension": current["receiving_pension"],
            }
            response = await self._post(
                "pension", "enpf", f"/accounts/{person['iin']}", body, method="PUT"
            )
            return self._result("pension", response, f"{contribution} KZT to {person['iin']}")
        return Outcome("pension", 0, "no pension account found")


def _age(person: dict[str, Any], today: date) -> int:
    born = date.fromisoformat(person["birth_date"])
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class ScenarioRunner:
    """Runs a scenario in its own thread and event loop, one tick a second, until stopped."""

    def __init__(self, scenario: Scenario, interval_seconds: float = 1.0) -> None:
        self.scenario = scenario
        self.interval = interval_seconds
        self.paused = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="proactive-scenario", daemon=True)

    def start(self) -> None:
        log.info("scenario.started rate_per_minute=%s", self.scenario.rate_per_minute)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        last = time.monotonic()
        try:
            while not self._stop.wait(self.interval):
                now = time.monotonic()
                if self.paused.is_set():
                    last = now  # a pause is not caught up afterwards
                    continue
                try:
                    loop.run_until_complete(self.scenario.tick(now - last))
                except Exception:  # the demo goes on; the next tick tries again
                    log.exception("scenario.tick_failed")
                last = now
        finally:
            loop.close()
