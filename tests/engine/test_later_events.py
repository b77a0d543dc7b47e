"""A rule whose later events update its one item: the large-family allowance is one per
family, paid to the mother, and a later birth raises it. The fifth child's birth supersedes
the open offer made for the fourth with the five-children amount, noting the later birth;
once the mother has accepted, it brings arrears for the difference; a birth that changes
nothing changes nothing, and re-evaluating the earlier birth does not undo the later one."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest
from sqlmodel import Session, col, select

from engine.clock.simulated import SimulatedClock
from engine.inbox.models import InboxItem, InboxTimeline
from engine.pipeline.decide import assess
from engine.pipeline.models import Case, Entitlement
from engine.pipeline.reassess import apply_reassessment, original_data, reassess_case
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.support.flows import citizen_token, official_token, run_jobs
from tests.support.population import add_person

pytestmark = pytest.mark.anyio

RULE = "kz.large_family_allowance"
FOUR_CHILDREN_2026 = 69_330  # 16.03 MCI x 4 325
FIVE_CHILDREN_2026 = 86_673  # 20.04 MCI x 4 325
SIX_CHILDREN_2026 = 104_016  # 24.05 MCI x 4 325


def mother_of_three(registries: RegistryBundle) -> str:
    population = registries.contexts["population"]
    mother = add_person(population, sex="F", birth_date=date(1988, 4, 4)).iin
    for born in (date(2015, 2, 1), date(2018, 6, 1), date(2022, 9, 1)):
        add_person(population, sex="M", birth_date=born, mother_iin=mother)
    return mother


async def birth(
    http: httpx.AsyncClient, services: Services, mother: str, name: str, on: date
) -> None:
    response = await http.post(
        "/registries/civil/births",
        json={
            "mother_iin": mother,
            "child_first_name": name,
            "child_sex": "F",
            "birth_date": str(on),
        },
        headers=official_token(services, "civil"),
    )
    assert response.status_code == 201, response.text
    await run_jobs(services)


def allowance_items(services: Services, mother: str) -> list[tuple[str, int | None]]:
    with Session(services.db) as session:
        items = session.exec(
            select(InboxItem)
            .where(InboxItem.citizen_iin == mother, InboxItem.rule_id == RULE)
            .order_by(col(InboxItem.id))
        ).all()
    return [(item.status, item.amount_kzt) for item in items]


def entitlements(services: Services, mother: str) -> list[Entitlement]:
    with Session(services.db) as session:
        return list(
            session.exec(
                select(Entitlement)
                .where(Entitlement.recipient_iin == mother, Entitlement.rule_id == RULE)
                .order_by(col(Entitlement.id))
            ).all()
        )


async def test_a_fifth_child_raises_the_open_offer_of_the_one_allowance(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    mother = mother_of_three(registries)
    await birth(http, services, mother, "Айару", date(2026, 3, 5))
    assert allowance_items(services, mother) == [("offered", FOUR_CHILDREN_2026)]

    await birth(http, services, mother, "Аружан", date(2026, 3, 5))  # her twin sister
    assert allowance_items(services, mother) == [
        ("superseded", FOUR_CHILDREN_2026),
        ("offered", FIVE_CHILDREN_2026),
    ]
    first, second = entitlements(services, mother)
    assert second.supersedes_id == first.id and second.case_id != first.case_id
    with Session(services.db) as session:
        item = session.exec(select(InboxItem).where(InboxItem.entitlement_id == first.id)).one()
        notes = session.exec(
            select(InboxTimeline.note).where(
                InboxTimeline.item_id == item.id, InboxTimeline.action == "superseded"
            )
        ).all()
        later = session.get(Case, second.case_id)
    assert later is not None
    assert notes == [f"a later child_birth event of 2026-03-05 (case {later.id})"]


async def test_deciding_the_earlier_birth_again_does_not_undo_the_later_one(
    http: httpx.AsyncClient,
    services: Services,
    registries: RegistryBundle,
    clock: SimulatedClock,
) -> None:
    mother = mother_of_three(registries)
    await birth(http, services, mother, "Айару", date(2026, 3, 5))
    clock.set_offset(timedelta(days=200))
    await birth(http, services, mother, "Нұрай", date(2026, 9, 25))
    assert allowance_items(services, mother) == [
        ("superseded", FOUR_CHILDREN_2026),
        ("offered", FIVE_CHILDREN_2026),
    ]
    first = entitlements(services, mother)[0]
    with Session(services.db) as session:
        earlier = session.get(Case, first.case_id)
    assert earlier is not None
    catalogue = services.catalogue.current
    data = original_data(services.db, earlier)
    assessment = await reassess_case(catalogue, services.registries, earlier, data, {RULE})
    assert assessment is not None
    household = assessment.facts["mother_household"] or {}
    # as a correction of the earlier birth would see it: four minor children on its date
    facts = {**assessment.facts, "mother_household": {**household, "minor_children_count": 4}}
    assessment = assess(catalogue, assessment.life_event, data, assessment.parties, facts)
    assessment.outcomes = [o for o in assessment.outcomes if o.compiled.rule.id == RULE]
    assert [o.evaluation.amount_tiyn for o in assessment.outcomes if o.evaluation] == [
        FOUR_CHILDREN_2026 * 100
    ]
    with Session(services.db) as session:
        apply_reassessment(session, earlier, assessment, services.clock.now(), "corrected")
        session.commit()
    assert allowance_items(services, mother) == [
        ("superseded", FOUR_CHILDREN_2026),
        ("offered", FIVE_CHILDREN_2026),
    ]


async def test_a_later_birth_that_leaves_the_amount_as_it_is_changes_nothing(
    http: httpx.AsyncClient,
    services: Services,
    registries: RegistryBundle,
    clock: SimulatedClock,
) -> None:
    population = registries.contexts["population"]
    mother = add_person(population, sex="F", birth_date=date(1985, 4, 4)).iin
    for born in (date(2008, 7, 1), date(2018, 6, 1), date(2022, 9, 1)):
        add_person(population, sex="M", birth_date=born, mother_iin=mother)
    await birth(http, services, mother, "Айару", date(2026, 3, 5))
    assert allowance_items(services, mother) == [("offered", FOUR_CHILDREN_2026)]

    clock.set_offset(timedelta(days=200))  # the eldest has come of age: still four minors
    await birth(http, services, mother, "Нұрай", date(2026, 9, 25))
    assert allowance_items(services, mother) == [("offered", FOUR_CHILDREN_2026)]
    [only] = entitlements(services, mother)
    with Session(services.db) as session:
        actions = session.exec(
            select(InboxTimeline.action)
            .join(InboxItem, col(InboxItem.id) == col(InboxTimeline.item_id))
            .where(InboxItem.entitlement_id == only.id)
        ).all()
    assert "superseded" not in actions and "revised" not in actions


async def test_after_acceptance_a_later_birth_brings_arrears_for_the_difference(
    http: httpx.AsyncClient,
    services: Services,
    registries: RegistryBundle,
    clock: SimulatedClock,
) -> None:
    mother = mother_of_three(registries)
    await birth(http, services, mother, "Айару", date(2026, 3, 5))
    [offer] = entitlements(services, mother)
    with Session(services.db) as session:
        item = session.exec(select(InboxItem).where(InboxItem.entitlement_id == offer.id)).one()
    accepted = await http.post(
        f"/api/inbox/{item.id}/accept", headers=citizen_token(services, mother)
    )
    assert accepted.status_code == 200, accepted.text

    clock.set_offset(timedelta(days=200))
    await birth(http, services, mother, "Нұрай", date(2026, 9, 25))
    allowance, arrears = entitlements(services, mother)
    assert (allowance.id, allowance.status, allowance.amount_tiyn) == (
        offer.id,
        "accepted",
        FOUR_CHILDREN_2026 * 100,
    )
    assert (arrears.kind, arrears.amount_tiyn) == (
        "arrears",
        (FIVE_CHILDREN_2026 - FOUR_CHILDREN_2026) * 100,
    )
    assert "a later child_birth event of 2026-09-25" in (arrears.reason or "")

    # her twin: only the step from five children to six, the arrears for the fifth counted
    await birth(http, services, mother, "Ару", date(2026, 9, 25))
    arrears_paid = [e.amount_tiyn for e in entitlements(services, mother) if e.kind == "arrears"]
    assert sum(a or 0 for a in arrears_paid) == (SIX_CHILDREN_2026 - FOUR_CHILDREN_2026) * 100
    assert len(arrears_paid) == 2

    # deciding the latest birth again (a correction elsewhere in her record) adds nothing
    latest = entitlements(services, mother)[-1]
    with Session(services.db) as session:
        case = session.get(Case, latest.case_id)
    assert case is not None
    catalogue = services.catalogue.current
    data = original_data(services.db, case)
    again = await reassess_case(catalogue, services.registries, case, data, {RULE})
    assert again is not None
    with Session(services.db) as session:
        apply_reassessment(session, case, again, services.clock.now(), "corrected")
        session.commit()
    assert len(entitlements(services, mother)) == 3


async def test_a_declined_allowance_is_offered_again_at_the_higher_amount(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    mother = mother_of_three(registries)
    await birth(http, services, mother, "Айару", date(2026, 3, 5))
    [offer] = entitlements(services, mother)
    with Session(services.db) as session:
        item = session.exec(select(InboxItem).where(InboxItem.entitlement_id == offer.id)).one()
    declined = await http.post(
        f"/api/inbox/{item.id}/decline", headers=citizen_token(services, mother)
    )
    assert declined.status_code == 200, declined.text

    await birth(http, services, mother, "Аружан", date(2026, 3, 5))
    assert allowance_items(services, mother) == [
        ("superseded", FOUR_CHILDREN_2026),
        ("offered", FIVE_CHILDREN_2026),
    ]
