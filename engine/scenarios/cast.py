"""Choosing the cast: people picked from the population by criteria (each person serves one
scenario of a run, so scenarios stay independent), spouses, and people created by a birth."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from engine.scenarios.dates import resolve_date
from engine.scenarios.deployment import Deployment
from engine.scenarios.model import Created, Criteria, Member

PAGE = 1000
MAX_PAGES = 20


class CastUnavailable(Exception):
    """Nobody in the population fits (the message says what was looked for)."""


def birthday_at(born: date, age: int) -> date:
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # born on 29 February
        return date(born.year + age, 3, 1)


class Casting:
    def __init__(self, deployment: Deployment, taken: set[str]) -> None:
        self.deployment = deployment
        self.taken = taken  # people already cast in this run

    async def cast(self, members: dict[str, Member]) -> dict[str, str]:
        roles: dict[str, str] = {}
        pending = dict(members)
        while pending:
            progressed = False
            for role, member in list(pending.items()):
                ready = self._ready(member, roles)
                if not ready:
                    continue
                roles[role] = await self._one(role, member, roles)
                self.taken.add(roles[role])
                del pending[role]
                progressed = True
            if not progressed:
                raise CastUnavailable(f"the cast refers to itself in a loop: {', '.join(pending)}")
        return roles

    @staticmethod
    def _ready(member: Member, roles: dict[str, str]) -> bool:
        needed = [member.spouse_of]
        if member.create is not None:
            needed += [member.create.mother, member.create.father]
        return all(r is None or r in roles for r in needed)

    async def _one(self, role: str, member: Member, roles: dict[str, str]) -> str:
        if member.pick is not None:
            return await self.pick(role, member.pick)
        if member.create is not None:
            return await self.create(member.create, roles)
        assert member.spouse_of is not None
        person = await self.deployment.registry_read(
            "population", f"/persons/{roles[member.spouse_of]}"
        )
        spouse = (person or {}).get("spouse_iin")
        if not spouse:
            raise CastUnavailable(f"{role}: {member.spouse_of} has no spouse on record")
        return str(spouse)

    async def create(self, created: Created, roles: dict[str, str]) -> str:
        today = date.fromisoformat(await self.deployment.today())
        body: dict[str, Any] = {
            "mother_iin": roles[created.mother],
            "child_first_name": created.first_name,
            "child_sex": created.sex,
            "birth_date": resolve_date(created.birth_date, today).isoformat(),
        }
        if created.father is not None:
            body["father_iin"] = roles[created.father]
        answer = await self.deployment.registry_write("civil", "civil", "/births", body)
        return str(answer["child_iin"])

    async def pick(self, role: str, criteria: Criteria) -> str:
        today = date.fromisoformat(await self.deployment.today())
        candidates = await self._candidates(criteria)
        if criteria.turns is not None:
            turns = criteria.turns
            dated = [
                (birthday_at(date.fromisoformat(p["birth_date"]), turns), p) for p in candidates
            ]
            candidates = [p for when, p in sorted(dated, key=lambda x: x[0]) if when > today]
        for person in candidates:
            if person["iin"] in self.taken:
                continue
            if await self._fits(person, criteria, today):
                return str(person["iin"])
        raise CastUnavailable(f"{role}: nobody in the population fits {_shown(criteria)}")

    async def _candidates(self, criteria: Criteria) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"alive": "true", "limit": PAGE}
        if criteria.sex:
            params["sex"] = criteria.sex
        if criteria.age:
            params["age_min"], params["age_max"] = criteria.age
        if criteria.turns is not None:
            params["age_min"] = params["age_max"] = criteria.turns - 1
        if criteria.region:
            params["region"] = criteria.region
        if criteria.married is not None:
            params["married"] = str(criteria.married).lower()
        found: list[dict[str, Any]] = []
        for page in range(MAX_PAGES):
            params["offset"] = page * PAGE
            answer = await self.deployment.registry_read("population", "/persons", params)
            items = (answer or {}).get("items", [])
            found.extend(items)
            if len(items) < PAGE:
                break
        return found

    async def _fits(self, person: dict[str, Any], criteria: Criteria, today: date) -> bool:
        read = self.deployment.registry_read
        iin = person["iin"]
        if (
            criteria.citizen is not None
            and (person["citizenship"] == "citizen") != criteria.citizen
        ):
            return False
        if criteria.spouse_alive is not None:
            spouse_iin = person.get("spouse_iin")
            spouse = await read("population", f"/persons/{spouse_iin}") if spouse_iin else None
            if bool(spouse and spouse.get("alive")) != criteria.spouse_alive:
                return False
        wants_children = (
            criteria.children,
            criteria.minor_children,
            criteria.youngest_child_older_than_days,
        )
        if any(wanted is not None for wanted in wants_children):
            answer = await read("population", f"/persons/{iin}/children")
            own = [
                c
                for c in (answer or {}).get("items", [])
                if iin in (c.get("mother_iin"), c.get("father_iin"))
            ]
            if criteria.children is not None and len(own) != criteria.children:
                return False
            minors = [
                c for c in own if birthday_at(date.fromisoformat(c["birth_date"]), 18) > today
            ]
            if criteria.minor_children is not None and len(minors) != criteria.minor_children:
                return False
            days = criteria.youngest_child_older_than_days
            if days is not None and own:
                youngest = max(date.fromisoformat(c["birth_date"]) for c in own)
                if youngest > today - timedelta(days=days):
                    return False
        if criteria.vehicle is not None:
            cars = await read("vehicles", f"/owners/{iin}/vehicles")
            if bool((cars or {}).get("items")) != criteria.vehicle:
                return False
        if criteria.pension_account is not None:
            account = await read("pension", f"/accounts/{iin}")
            if (account is not None) != criteria.pension_account:
                return False
        if criteria.insured is not None:
            status = await read("social_insurance", f"/insured/{iin}")
            if bool(status and status.get("insured")) != criteria.insured:
                return False
        return True


def _shown(criteria: Criteria) -> str:
    given = criteria.model_dump(exclude_none=True)
    return ", ".join(f"{k}={v}" for k, v in given.items()) or "no criteria"
