"""Performing a scenario's steps against a deployment: registry writes as the owning agency,
the clock, the citizen's answers, the agencies' work, the registries' fault switches."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from engine.kernel.l10n import KZ_TIME
from engine.scenarios.cast import birthday_at
from engine.scenarios.dates import resolve_date
from engine.scenarios.deployment import Deployment, DeploymentError
from engine.scenarios.model import Step

MORNING = time(10, 0)  # SMS go out in the day in Kazakhstan
SMS_TEXT = {"accept": "Иә", "decline": "Жоқ", "undo_decline": "Иә"}
_VIN_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


@dataclass
class Written:
    """What a registry write answered: where the life event comes from."""

    registry: str
    event_id: str


@dataclass
class Stage:
    """The run's state: who plays which role, and when the scenario started."""

    roles: dict[str, str]
    started: datetime
    rng: random.Random = field(default_factory=random.Random)

    def iin(self, role: str) -> str:
        return self.roles[role]


def make_vin(rng: random.Random) -> str:
    body = "XW8" + "".join(rng.choice(_VIN_LETTERS) for _ in range(14))
    total = sum(_VIN_VALUES[c] * w for c, w in zip(body, _VIN_WEIGHTS, strict=True))
    check = "X" if total % 11 == 10 else str(total % 11)
    return body[:8] + check + body[9:]


class Performer:
    def __init__(self, deployment: Deployment, stage: Stage) -> None:
        self.deployment = deployment
        self.stage = stage

    async def perform(self, step: Step) -> Written | None:
        if step.at is not None:
            await self._advance_to(step.at)
        action = step.action()
        handler = getattr(self, f"_{action}")
        written: Written | None = await handler(getattr(step, action))
        return written

    async def _today(self) -> date:
        return date.fromisoformat(await self.deployment.today())

    async def _day(self, text: str) -> str:
        return resolve_date(text, await self._today()).isoformat()

    async def _write(self, registry: str, agency: str, path: str, body: dict[str, Any]) -> Written:
        answer = await self.deployment.registry_write(registry, agency, path, body)
        return Written(registry, str(answer["event_id"]))

    async def _birth(self, birth: Any) -> Written:
        roles = self.stage.roles
        body: dict[str, Any] = {
            "mother_iin": roles[birth.mother],
            "child_first_name": birth.first_name,
            "child_sex": birth.sex,
            "birth_date": await self._day(birth.date),
        }
        if birth.father is not None:
            body["father_iin"] = roles[birth.father]
        answer = await self.deployment.registry_write("civil", "civil", "/births", body)
        if birth.child is not None:
            roles[birth.child] = str(answer["child_iin"])
        return Written("civil", str(answer["event_id"]))

    async def _death(self, death: Any) -> Written:
        body = {"iin": self.stage.iin(death.person), "death_date": await self._day(death.date)}
        return await self._write("civil", "civil", "/deaths", body)

    async def _marriage(self, union: Any) -> Written:
        first, second = (self.stage.iin(r) for r in union.spouses)
        body = {"spouse1_iin": first, "spouse2_iin": second, "marriage_date": union.date}
        body["marriage_date"] = await self._day(union.date)
        return await self._write("civil", "civil", "/marriages", body)

    async def _divorce(self, union: Any) -> Written:
        first, second = (self.stage.iin(r) for r in union.spouses)
        body = {"spouse1_iin": first, "spouse2_iin": second}
        body["divorce_date"] = await self._day(union.date)
        return await self._write("civil", "civil", "/divorces", body)

    async def _vehicle(self, vehicle: Any) -> Written:
        body: dict[str, Any] = {
            "owner_iin": self.stage.iin(vehicle.owner),
            "vin": make_vin(self.stage.rng),
            "make": vehicle.make,
            "model": vehicle.model,
            "year": vehicle.year,
            "fuel": vehicle.fuel,
        }
        if vehicle.engine_cc is not None:
            body["engine_cc"] = vehicle.engine_cc
        if vehicle.date is not None:
            body["registration_date"] = await self._day(vehicle.date)
        return await self._write("vehicles", "mvd", "/registrations", body)

    async def _insurance(self, insurance: Any) -> Written:
        body: dict[str, Any] = {
            "iin": self.stage.iin(insurance.person),
            "insured": insurance.insured,
            "since": await self._day(insurance.since),
        }
        if insurance.monthly_income_kzt is not None:
            body["monthly_income_kzt"] = insurance.monthly_income_kzt
        return await self._write("social_insurance", "gfss", "/status-changes", body)

    async def _disability(self, decision: Any) -> Written:
        body = {
            "iin": self.stage.iin(decision.person),
            "group": decision.group,
            "cause": decision.cause,
            "valid_from": await self._day(decision.valid_from),
            "decision_date": await self._day(decision.decision_date),
        }
        return await self._write("disability", "labour", "/decisions", body)

    async def _pension_account(self, account: Any) -> None:
        body = account.model_dump(exclude={"person"})
        iin = self.stage.iin(account.person)
        await self.deployment.registry_write("pension", "enpf", f"/accounts/{iin}", body, "PUT")

    async def _advance_clock(self, clock: Any) -> None:
        if clock.to_birthday is not None:
            person = await self.deployment.registry_read(
                "population", f"/persons/{self.stage.iin(clock.to_birthday.person)}"
            )
            if person is None:
                raise DeploymentError(f"{clock.to_birthday.person} is not in the population")
            born = date.fromisoformat(person["birth_date"])
            target = datetime.combine(birthday_at(born, clock.to_birthday.age), MORNING, KZ_TIME)
            await self._advance(target - await self.deployment.local_now())
            return
        await self._advance(timedelta(days=clock.days or 0, hours=clock.hours or 0))

    async def _advance_to(self, offset: str) -> None:
        from engine.scenarios.dates import resolve_offset

        target = self.stage.started + resolve_offset(offset)
        await self._advance(target - await self.deployment.local_now())

    async def _advance(self, ahead: timedelta) -> None:
        if ahead <= timedelta(0):
            return
        hours = ahead.total_seconds() / 3600
        await self.deployment.call("POST", "/api/clock/advance", body={"hours": hours})

    async def _answer(self, answer: Any) -> None:
        iin = self.stage.iin(answer.citizen)
        if answer.by == "sms":
            text = answer.text or SMS_TEXT[answer.reply]
            body = {"from_iin": iin, "text": text}
            headers = self.deployment.sms_gateway()
            await self.deployment.call("POST", "/api/sms/inbound", headers=headers, body=body)
            return
        item = await self._item(iin, answer.rule)
        path = f"/api/inbox/{item['id']}/{answer.reply.replace('_', '-')}"
        await self.deployment.call("POST", path, headers=self.deployment.citizen(iin))

    async def _item(self, iin: str, rule: str) -> dict[str, Any]:
        inbox = await self.deployment.call(
            "GET", f"/api/citizens/{iin}/inbox", headers=self.deployment.citizen(iin)
        )
        for item in inbox["items"]:
            if item["rule_id"] == rule and item["status"] not in ("superseded", "revoked"):
                found: dict[str, Any] = {**item, "citizen_iin": iin}
                return found
        raise DeploymentError(f"no inbox item of {rule} to answer")

    async def _task(self, action: Any) -> None:
        iin = self.stage.iin(action.citizen)
        item = await self._item(iin, action.rule)
        tasks = await tasks_of_item(self.deployment, item)
        for task in tasks:
            if task["agency"] != action.agency or task["status"] not in ("open", "overdue"):
                continue
            if action.step is not None and task["step_id"] != action.step:
                continue
            body = {"reason": action.reason} if action.action == "reject" else None
            path = f"/api/tasks/{task['id']}/{action.action}"
            await self.deployment.call(
                "POST", path, headers=self.deployment.official(action.agency), body=body
            )
            return
        raise DeploymentError(f"no open task of {action.agency} for {action.rule}")

    async def _fault_on(self, fault: Any) -> None:
        body = fault.model_dump(exclude={"registry"})
        await self.deployment.call("PUT", f"/registries/{fault.registry}/_faults", body=body)

    async def _fault_off(self, fault: Any) -> None:
        await self.deployment.call("DELETE", f"/registries/{fault.registry}/_faults")

    async def _wait(self, _: Any) -> None:
        return None


async def tasks_of_item(deployment: Deployment, item: dict[str, Any]) -> list[dict[str, Any]]:
    """The agency tasks of an inbox item's entitlement, from its case's journey."""
    journey = await deployment.call(
        "GET",
        f"/api/control-room/cases/{item['case_id']}",
        headers=deployment.official("control_room"),
    )
    entitlements = {
        e["id"]
        for e in journey["entitlements"]
        if e["rule_id"] == item["rule_id"] and e["recipient_iin"] == item.get("citizen_iin")
    } or {e["id"] for e in journey["entitlements"] if e["rule_id"] == item["rule_id"]}
    return [t for t in journey["tasks"] if t["entitlement_id"] in entitlements]
