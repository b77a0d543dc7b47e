"""Events and evaluations that cannot be processed go to the dead-letter table with their
reason; they never block the feed, and an operator can retry or discard them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import yaml
from sqlmodel import Session, select

from engine.pipeline.models import DeadLetter, Decision
from engine.pipeline.process import process_pending
from engine.registries.models import InboundEvent
from engine.services import Services
from tests.engine.conftest import BirthPoster
from tests.support.flows import official_token, run_jobs

pytestmark = pytest.mark.anyio


def add_broken_rule(services: Services) -> None:
    """A copy of the childbirth allowance that divides by zero."""
    source = Path(services.settings.rules_dir) / "childbirth_allowance.yaml"
    rule = yaml.safe_load(source.read_text(encoding="utf-8"))
    rule["id"] = "kz.broken_allowance"
    for computation in rule["computations"]:
        if computation["id"] == rule["amount"]["computation"]:
            computation.pop("table", None)
            computation["expr"] = "params.mrp / (child.birth_order - child.birth_order)"
    (Path(services.settings.rules_dir) / "broken_allowance.yaml").write_text(
        yaml.safe_dump(rule, allow_unicode=True), encoding="utf-8"
    )
    services.catalogue.reload()
    assert "kz.broken_allowance" in services.catalogue.current.rules, (
        services.catalogue.current.problems
    )


async def test_a_rule_error_dead_letters_that_evaluation_only(
    http: httpx.AsyncClient, services: Services, post_birth: BirthPoster, mother: str
) -> None:
    add_broken_rule(services)
    assert (await post_birth(mother, "2026-03-02")).status_code == 201
    await run_jobs(services)

    with Session(services.db) as session:
        letters = session.exec(select(DeadLetter)).all()
        decisions = session.exec(select(Decision)).all()
        event = session.exec(select(InboundEvent)).one()
    assert event.status == "processed"
    assert [(letter.kind, letter.rule_id) for letter in letters] == [
        ("evaluation", "kz.broken_allowance")
    ]
    assert "division by zero" in letters[0].reason
    assert "kz.childbirth_allowance" in {d.rule_id for d in decisions}

    control = official_token(services, "control_room")
    listed = (await http.get("/api/dead-letters", headers=control)).json()["items"]
    assert [item["rule_id"] for item in listed] == ["kz.broken_allowance"]
    assert (
        await http.get("/api/dead-letters", headers=official_token(services, "gfc"))
    ).status_code == 403

    discarded = await http.post(f"/api/dead-letters/{listed[0]['id']}/discard", headers=control)
    assert discarded.json()["status"] == "discarded"
    again = await http.post(f"/api/dead-letters/{listed[0]['id']}/discard", headers=control)
    assert again.status_code == 409
    assert (await http.post("/api/dead-letters/999/retry", headers=control)).status_code == 404


async def test_an_event_without_its_date_is_dead_lettered_and_the_feed_goes_on(
    http: httpx.AsyncClient, services: Services, post_birth: BirthPoster, mother: str
) -> None:
    now = services.clock.now()
    with Session(services.db) as session:
        session.add(
            InboundEvent(
                registry_name="civil",
                event_id="broken-1",
                type="birth.registered",
                occurred_at=now,
                received_at=now,
                data={"child_iin": "260301500017", "mother_iin": mother},
                subject_key="broken",
                available_at=now,
            )
        )
        session.commit()
    assert (await post_birth(mother, "2026-03-03")).status_code == 201
    await run_jobs(services)

    with Session(services.db) as session:
        broken = session.exec(select(InboundEvent).where(InboundEvent.event_id == "broken-1")).one()
        letter = session.exec(select(DeadLetter)).one()
        others = session.exec(select(InboundEvent).where(InboundEvent.event_id != "broken-1")).all()
    assert broken.status == "failed"
    assert letter.kind == "event" and "birth_date" in letter.reason
    assert letter.payload["data"]["mother_iin"] == mother
    assert [e.status for e in others] == ["processed"]

    # fixed upstream and retried: it goes through the pipeline again
    with Session(services.db) as session:
        stored = session.get(InboundEvent, broken.id)
        assert stored is not None
        stored.data = {**stored.data, "birth_date": "2026-03-01"}
        session.add(stored)
        session.commit()
    control = official_token(services, "control_room")
    retried = await http.post(f"/api/dead-letters/{letter.id}/retry", headers=control)
    assert retried.status_code == 200 and retried.json()["status"] == "retried"
    services.clock.advance(timedelta(seconds=1))
    await process_pending(services)
    with Session(services.db) as session:
        repaired = session.get(InboundEvent, broken.id)
        assert repaired is not None and repaired.status == "processed"
