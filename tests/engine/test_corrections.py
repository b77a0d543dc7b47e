"""Corrections: a death after an offer closes it and moves what is due to the family; a
corrected birth record re-evaluates the offer with an explanation, never a silent delete."""

from __future__ import annotations

from datetime import date

import httpx
import pytest
from sqlmodel import Session, select

from engine.inbox.models import InboxItem
from engine.pipeline.models import Entitlement
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.engine.conftest import BirthPoster
from tests.support.flows import official_token, run_jobs
from tests.support.population import add_person

pytestmark = pytest.mark.anyio

ALLOWANCE = "kz.childbirth_allowance"


def allowance_items(services: Services) -> list[InboxItem]:
    with Session(services.db) as session:
        return list(
            session.exec(
                select(InboxItem).where(InboxItem.rule_id == ALLOWANCE).order_by(InboxItem.id)
            ).all()  # type: ignore[arg-type]
        )


async def test_a_death_after_the_offer_moves_it_to_the_father(
    http: httpx.AsyncClient,
    services: Services,
    registries: RegistryBundle,
    post_birth: BirthPoster,
    mother: str,
) -> None:
    father = add_person(
        registries.contexts["population"],
        sex="M",
        birth_date=date(1990, 7, 7),
        first_name="Бауыржан",
    ).iin
    assert (await post_birth(mother, "2026-03-10", father_iin=father)).status_code == 201
    await run_jobs(services, ("civil",))
    [offer] = allowance_items(services)
    assert (offer.citizen_iin, offer.status, offer.amount_kzt) == (mother, "offered", 164_350)

    death = await http.post(
        "/registries/civil/deaths",
        json={"iin": mother, "death_date": "2026-03-15"},
        headers=official_token(services, "civil"),
    )
    assert death.status_code == 201, death.text
    await run_jobs(services, ("civil",))

    closed, moved = allowance_items(services)
    assert (closed.citizen_iin, closed.status) == (mother, "revoked")
    assert (moved.citizen_iin, moved.status, moved.amount_kzt) == (father, "offered", 164_350)
    with Session(services.db) as session:
        entitlements = session.exec(
            select(Entitlement).where(Entitlement.rule_id == ALLOWANCE)
        ).all()
    by_recipient = {e.recipient_iin: e for e in entitlements}
    assert by_recipient[mother].status == "revoked"
    assert "died" in (by_recipient[mother].reason or "")
    assert by_recipient[father].supersedes_id == by_recipient[mother].id
    # nothing new is ever offered to the deceased
    assert all(i.citizen_iin != mother or i.status == "revoked" for i in allowance_items(services))


async def test_a_corrected_birth_date_supersedes_the_offer_with_the_law_of_that_date(
    http: httpx.AsyncClient, services: Services, post_birth: BirthPoster, mother: str
) -> None:
    response = await post_birth(mother, "2026-01-05")
    assert response.status_code == 201
    child = response.json()["child_iin"]
    await run_jobs(services, ("civil",))
    [first] = allowance_items(services)
    assert first.amount_kzt == 164_350  # 38 x 4 325 (2026)

    corrected = await http.post(
        "/registries/civil/births/corrections",
        json={"child_iin": child, "birth_date": "2025-12-28"},
        headers=official_token(services, "civil"),
    )
    assert corrected.status_code == 201, corrected.text
    await run_jobs(services, ("civil",))

    old, new = allowance_items(services)
    assert old.status == "superseded"
    assert (new.status, new.amount_kzt) == ("offered", 149_416)  # 38 x 3 932 (2025)
    with Session(services.db) as session:
        replaced = session.get(Entitlement, old.entitlement_id)
        replacement = session.get(Entitlement, new.entitlement_id)
    assert replaced is not None and replacement is not None
    assert replacement.supersedes_id == replaced.id
    assert "corrected" in (replaced.reason or "")
