"""Checking expectations: each is read from the deployment again and again until it holds or
its deadline passes; on failure the last value seen is reported."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from engine.scenarios.deployment import Deployment, DeploymentError
from engine.scenarios.model import Expectation
from engine.scenarios.steps import Stage, tasks_of_item

POLL_SECONDS = 0.2
LIVE = ("superseded", "revoked")
OPEN = ("offered", "accepted", "in_fulfilment")


@dataclass(frozen=True)
class Checked:
    holds: bool
    expected: str
    actual: str


class Checker:
    def __init__(self, deployment: Deployment, stage: Stage) -> None:
        self.deployment = deployment
        self.stage = stage

    async def wait_for(self, expectation: Expectation) -> Checked:
        """Poll until the expectation holds, with its deadline (no fixed sleeps)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + expectation.within
        while True:
            try:
                checked = await self.check(expectation)
            except DeploymentError as error:
                checked = Checked(False, self.describe(expectation), str(error))
            if checked.holds or loop.time() >= deadline:
                return checked
            await asyncio.sleep(POLL_SECONDS)

    def describe(self, expectation: Expectation) -> str:
        kind = expectation.kind()
        value = getattr(expectation, kind)
        if isinstance(value, str):
            return f"{kind} {value}"
        given = value.model_dump(exclude_none=True, exclude_defaults=True)
        return f"{kind} " + ", ".join(f"{k}={v}" for k, v in given.items())

    async def check(self, expectation: Expectation) -> Checked:
        kind = expectation.kind()
        checker = getattr(self, f"_{kind}")
        holds, actual = await checker(getattr(expectation, kind))
        return Checked(holds, self.describe(expectation), actual)

    async def _items(self, role: str) -> list[dict[str, Any]]:
        iin = self.stage.iin(role)
        inbox = await self.deployment.call(
            "GET", f"/api/citizens/{iin}/inbox", headers=self.deployment.citizen(iin)
        )
        items: list[dict[str, Any]] = [{**i, "citizen_iin": iin} for i in inbox["items"]]
        return items

    async def _of_rule(self, role: str, rule: str) -> list[dict[str, Any]]:
        return [
            i for i in await self._items(role) if i["rule_id"] == rule and i["status"] not in LIVE
        ]

    async def _inbox(self, wanted: Any) -> tuple[bool, str]:
        found = await self._of_rule(wanted.citizen, wanted.rule)
        matching = [
            i
            for i in found
            if (wanted.status is None or i["status"] == wanted.status)
            and (wanted.amount_kzt is None or i.get("amount_kzt") == wanted.amount_kzt)
        ]
        holds = len(matching) == wanted.count if wanted.count is not None else bool(matching)
        return holds, _items_shown(found)

    async def _no_inbox(self, wanted: Any) -> tuple[bool, str]:
        found = await self._of_rule(wanted.citizen, wanted.rule)
        return not found, _items_shown(found)

    async def _exactly_one(self, wanted: Any) -> tuple[bool, str]:
        found = await self._of_rule(wanted.citizen, wanted.rule)
        return len(found) == 1, _items_shown(found)

    async def _nothing_for_deceased(self, role: str) -> tuple[bool, str]:
        open_items = [i for i in await self._items(role) if i["status"] in OPEN]
        return not open_items, _items_shown(open_items)

    async def _messages(self, wanted: Any) -> tuple[bool, str]:
        iin = self.stage.iin(wanted.citizen)
        thread = await self.deployment.call(
            "GET",
            f"/api/citizens/{iin}/messages",
            headers=self.deployment.citizen(iin),
        )
        sent = [
            m
            for m in thread["items"]
            if m.get("direction") == "out"
            and (wanted.channel is None or m.get("channel") == wanted.channel)
        ]
        return len(sent) >= wanted.at_least, f"{len(sent)} message(s) sent"

    async def _tasks(self, wanted: Any) -> tuple[bool, str]:
        found = await self._of_rule(wanted.citizen, wanted.rule)
        tasks: list[dict[str, Any]] = []
        for item in found:
            tasks.extend(await tasks_of_item(self.deployment, item))
        shown = [f"{t['agency']}/{t['step_id']}: {t['status']}" for t in tasks]
        matching = [
            t
            for t in tasks
            if t["agency"] == wanted.agency
            and (wanted.step is None or t["step_id"] == wanted.step)
            and (wanted.status is None or t["status"] == wanted.status)
        ]
        holds = len(matching) == wanted.count if wanted.count is not None else bool(matching)
        return holds, "tasks: " + (", ".join(shown) or "none")

    async def _case(self, wanted: Any) -> tuple[bool, str]:
        case = await find_case(self.deployment, self.stage.iin(wanted.subject), wanted.life_event)
        if case is None:
            return False, f"no {wanted.life_event} case"
        journey = await self.deployment.call(
            "GET",
            f"/api/control-room/cases/{case['id']}",
            headers=self.deployment.official("control_room"),
        )
        outcomes = {
            d["rule_id"]: d["outcome"]
            for d in journey["decisions"]
            if d.get("current", True) and not d.get("shadow")
        }
        holds = all(outcomes.get(rule) == outcome for rule, outcome in wanted.decisions.items())
        return holds, f"decisions: {outcomes}"


async def find_case(deployment: Deployment, subject: str, life_event: str) -> dict[str, Any] | None:
    cases = await deployment.call(
        "GET",
        "/api/control-room/cases",
        headers=deployment.official("control_room"),
        params={"subject_iin": subject},
    )
    for case in cases["items"]:
        if case["life_event"] == life_event and case["subject_iin"] == subject:
            found: dict[str, Any] = case
            return found
    return None


def _items_shown(items: list[dict[str, Any]]) -> str:
    if not items:
        return "no such item"
    return "; ".join(
        f"{i['rule_id']}: {i['status']}"
        + (f", {i['amount_kzt']} KZT" if i.get("amount_kzt") is not None else "")
        for i in items
    )
