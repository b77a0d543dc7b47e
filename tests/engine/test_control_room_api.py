"""The control room's view of cases, its key figures, and the agencies' work queues."""

from __future__ import annotations

import httpx
import pytest

from engine.locks import singleton
from engine.services import Services
from tests.engine.conftest import BirthPoster
from tests.support.flows import citizen_token, official_token, run_jobs

pytestmark = pytest.mark.anyio


async def test_a_birth_case_shows_its_whole_journey(
    http: httpx.AsyncClient, services: Services, post_birth: BirthPoster, mother: str
) -> None:
    child = (await post_birth(mother, "2026-03-09")).json()["child_iin"]
    await run_jobs(services)
    control = official_token(services, "control_room")

    listed = await http.get(f"/api/control-room/cases?subject_iin={child}", headers=control)
    assert listed.status_code == 200
    [case] = listed.json()["items"]
    assert case["life_event"] == "child_birth" and case["parties"]["mother"] == mother
    by_mother = (
        await http.get(f"/api/control-room/cases?subject_iin={mother}", headers=control)
    ).json()
    assert [c["id"] for c in by_mother["items"]] == [case["id"]]

    journey = (await http.get(f"/api/control-room/cases/{case['id']}", headers=control)).json()
    allowance = [e for e in journey["entitlements"] if e["rule_id"] == "kz.childbirth_allowance"]
    assert allowance[0]["recipient_iin"] == mother and allowance[0]["amount_kzt"] == 164_350
    assert {t["agency"] for t in journey["tasks"]} >= {"gfc"}
    times = [entry["at"] for entry in journey["timeline"]]
    assert times == sorted(times)
    decision = next(d for d in journey["decisions"] if d["rule_id"] == "kz.childbirth_allowance")
    assert decision["receipt"]["parameters"]["mrp"]["value"] == "4325"
    assert decision["receipt"]["rule_version"] == decision["rule_version"]

    assert (
        await http.get(
            f"/api/control-room/cases/{case['id']}", headers=citizen_token(services, mother)
        )
    ).status_code == 403
    assert (await http.get("/api/control-room/cases/nope", headers=control)).status_code == 404
    bad = await http.get("/api/control-room/cases?subject_iin=123", headers=control)
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "subject_iin"]

    summary = (await http.get("/api/control-room/summary", headers=control)).json()
    assert summary["cases"] == 1
    assert summary["cases_by_life_event"] == {"child_birth": 1}
    assert summary["inbox_by_status"].get("offered", 0) >= 1


async def test_an_agency_works_its_queue_step_by_step(
    http: httpx.AsyncClient, services: Services, post_birth: BirthPoster, mother: str
) -> None:
    await post_birth(mother, "2026-03-09")
    await run_jobs(services)
    gfc = official_token(services, "gfc")
    assert (await http.get("/api/agencies/gfc/tasks?status=open", headers=gfc)).json()[
        "items"
    ] == []
    inbox = await http.get(f"/api/citizens/{mother}/inbox", headers=citizen_token(services, mother))
    offer = next(i for i in inbox.json()["items"] if i["rule_id"] == "kz.childbirth_allowance")
    accepted = await http.post(
        f"/api/inbox/{offer['id']}/accept", headers=citizen_token(services, mother)
    )
    assert accepted.status_code == 200, accepted.text
    queue = (await http.get("/api/agencies/gfc/tasks?status=open", headers=gfc)).json()["items"]
    assign = next(t for t in queue if t["step_id"] == "assign")
    assert assign["due_at"] is not None and not assign["overdue"]

    assert (
        await http.get("/api/agencies/gfc/tasks", headers=official_token(services, "mvd"))
    ).status_code == 403
    foreign = await http.post(
        f"/api/tasks/{assign['id']}/complete", headers=official_token(services, "kgd")
    )
    assert foreign.status_code == 403

    done = await http.post(f"/api/tasks/{assign['id']}/complete", headers=gfc)
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert (await http.post(f"/api/tasks/{assign['id']}/complete", headers=gfc)).status_code == 409

    opened = (await http.get("/api/agencies/gfc/tasks?status=open", headers=gfc)).json()["items"]
    pay = next(
        t
        for t in opened
        if t["step_id"] == "pay" and t["entitlement_id"] == assign["entitlement_id"]
    )
    no_reason = await http.post(f"/api/tasks/{pay['id']}/reject", json={}, headers=gfc)
    assert no_reason.status_code == 422
    rejected = await http.post(
        f"/api/tasks/{pay['id']}/reject", json={"reason": "the account is closed"}, headers=gfc
    )
    assert (
        rejected.json()["status"] == "rejected"
        and rejected.json()["reason"] == "the account is closed"
    )


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_only_one_scheduler_holds_a_job_at_a_time(services: Services) -> None:
    with singleton(services.db, "milestones") as first:
        with singleton(services.db, "milestones") as second:
            assert (first, second) == (True, False)
        with singleton(services.db, "other-job") as other:
            assert other
    with singleton(services.db, "milestones") as again:
        assert again
