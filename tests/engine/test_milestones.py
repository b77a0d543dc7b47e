"""A retirement milestone fires on the day the age is reached, found through the population
registry's birth-date index, once, and not before."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from engine.pipeline.milestones import detect_milestones
from engine.pipeline.models import Case
from engine.pipeline.process import process_pending
from engine.registries.models import InboundEvent
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.support.population import add_person

pytestmark = pytest.mark.anyio


def milestones_of(services: Services, iin: str) -> list[InboundEvent]:
    with Session(services.db) as session:
        return list(
            session.exec(
                select(InboundEvent).where(
                    InboundEvent.registry_name == "milestones", InboundEvent.subject_key == iin
                )
            ).all()
        )


async def test_retirement_age_fires_on_the_birthday_and_not_before(
    services: Services, registries: RegistryBundle
) -> None:
    population = registries.contexts["population"]
    # the clock stands at 2026-03-16; a man born 1963-03-20 reaches 63 on 2026-03-20
    man = add_person(population, sex="M", birth_date=date(1963, 3, 20), first_name="Серик").iin
    # a woman born 1965-03-18 reaches 61 on 2026-03-18 (61 until 2027)
    woman = add_person(population, sex="F", birth_date=date(1965, 3, 18)).iin
    younger = add_person(population, sex="M", birth_date=date(1963, 3, 21)).iin

    await detect_milestones(services)
    assert milestones_of(services, man) == []

    services.clock.advance(timedelta(days=2))  # 2026-03-18
    await detect_milestones(services)
    assert milestones_of(services, man) == []
    assert [e.data["milestone_date"] for e in milestones_of(services, woman)] == ["2026-03-18"]

    services.clock.advance(timedelta(days=2))  # 2026-03-20
    await detect_milestones(services)
    [event] = milestones_of(services, man)
    assert event.data == {
        "iin": man,
        "birth_date": "1963-03-20",
        "sex": "M",
        "milestone_date": "2026-03-20",
    }
    assert milestones_of(services, younger) == []

    await detect_milestones(services)  # the same day again: nothing new
    assert len(milestones_of(services, man)) == 1

    await process_pending(services)
    with Session(services.db) as session:
        cases = session.exec(select(Case).where(Case.subject_iin == man)).all()
    assert [c.life_event for c in cases] == ["retirement_age_men"]


async def test_after_downtime_the_job_catches_up(
    services: Services, registries: RegistryBundle
) -> None:
    population = registries.contexts["population"]
    man = add_person(population, sex="M", birth_date=date(1963, 3, 25)).iin
    await detect_milestones(services)  # runs on 2026-03-16
    services.clock.advance(timedelta(days=30))  # the scheduler was down for a month
    await detect_milestones(services)
    assert [e.data["milestone_date"] for e in milestones_of(services, man)] == ["2026-03-25"]
