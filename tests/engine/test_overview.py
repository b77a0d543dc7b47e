"""Every figure of the control room's overview, counted from what happened: two births, one
answered yes, one left waiting until its tasks run late."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlmodel import Session, col, select

from engine.clock import SimulatedClock
from engine.inbox.models import InboxItem
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.engine.conftest import BirthPoster
from tests.support.flows import official_token, run_jobs
from tests.support.population import add_person

pytestmark = pytest.mark.anyio
MONDAY = datetime(2026, 12, 7, 5, 0, tzinfo=UTC)  # 10:00 in Almaty


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(MONDAY, frozen=True)


async def figures(http: httpx.AsyncClient, services: Services) -> dict[str, Any]:
    response = await http.get(
        "/api/control-room/overview", headers=official_token(services, "control_room")
    )
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


async def test_the_overview_counts_what_happened(
    http: httpx.AsyncClient,
    services: Services,
    registries: RegistryBundle,
    post_birth: BirthPoster,
) -> None:
    population = registries.contexts["population"]
    first = add_person(population, sex="F", birth_date=date(1992, 1, 1), region="almaty_city").iin
    second = add_person(population, sex="F", birth_date=date(1993, 2, 2), region="astana").iin
    assert (await post_birth(first, "2026-12-06")).status_code == 201
    assert (await post_birth(second, "2026-12-07")).status_code == 201
    await run_jobs(services)
    services.clock.advance(timedelta(minutes=5))
    yes = await http.post("/api/sms/inbound", json={"from_iin": first, "text": "Да"})
    assert yes.status_code == 200, yes.text

    with Session(services.db) as session:
        items = session.exec(
            select(InboxItem).where(col(InboxItem.status).not_in(("superseded", "revoked")))
        ).all()
    offers = [i for i in items if i.delivery != "inform"]
    taken = [i for i in items if i.status in ("accepted", "in_fulfilment", "granted", "paid")]
    seen = await figures(http, services)
    assert seen["life_events"]["today"] == seen["life_events"]["total"]
    assert seen["life_events"]["this_week"] == seen["life_events"]["total"] >= 2
    assert seen["offers"]["taken_up"] == len(taken) >= 1
    assert seen["offers"]["open"] == sum(1 for i in items if i.status == "offered") >= 1
    assert seen["offers"]["take_up_rate"] == 1.0  # every answer so far was yes
    assert seen["applications_avoided"] == len(offers)
    assert seen["money"]["offered_kzt"] == sum(i.amount_kzt or 0 for i in offers)
    assert seen["money"]["paid_kzt"] == 0
    regions = {r["region"]: r for r in seen["regions"]}
    assert set(regions) >= {"almaty_city", "astana"}
    assert regions["almaty_city"]["offers"] == sum(1 for i in items if i.citizen_iin == first)
    gfc = next(a for a in seen["agencies"] if a["agency"] == "gfc")
    assert gfc["open"] >= 1 and gfc["overdue"] == 0

    services.clock.advance(timedelta(days=20))  # past every deadline of the open tasks
    late = next(a for a in (await figures(http, services))["agencies"] if a["agency"] == "gfc")
    assert late["overdue"] == late["open"] >= 1
    assert late["predicted_breaches"] == 0  # already late, no longer "at risk"
