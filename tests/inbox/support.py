"""Producing offers through a real registry write, and reading them back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
from sqlmodel import Session, select

from engine.inbox.jobs import expire_offers, follow_fulfilment, send_reminders
from engine.notify.deliver import process_outbox
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from mock_registries.population.models import Person
from tests.support.flows import citizen_token, official_token, run_jobs
from tests.support.population import add_person


@dataclass
class Family:
    mother: str
    child: str


def update_person(registries: RegistryBundle, iin: str, **fields: Any) -> None:
    """Arrange a person's record in the population register's own database."""
    with Session(registries.contexts["population"].engine) as session:
        person = session.exec(select(Person).where(Person.iin == iin)).one()
        for name, value in fields.items():
            setattr(person, name, value)
        session.add(person)
        session.commit()


def new_mother(registries: RegistryBundle, **fields: Any) -> str:
    mother = add_person(
        registries.contexts["population"],
        sex="F",
        birth_date=date(1993, 5, 20),
        language=fields.pop("language", "kk"),
    )
    if fields:
        update_person(registries, mother.iin, **fields)
    return mother.iin


async def register_birth(
    http: httpx.AsyncClient,
    services: Services,
    mother: str,
    born: str = "2026-03-14",
    first_name: str = "Айару",
) -> str:
    response = await http.post(
        "/registries/civil/births",
        json={
            "mother_iin": mother,
            "child_first_name": first_name,
            "child_sex": "F",
            "birth_date": born,
        },
        headers=official_token(services, "civil"),
    )
    assert response.status_code == 201, response.text
    child: str = response.json()["child_iin"]
    return child


async def birth(
    http: httpx.AsyncClient,
    services: Services,
    registries: RegistryBundle,
    born: str = "2026-03-14",
    **mother_fields: Any,
) -> Family:
    """A mother, a child born to her in the civil registry, and the engine's jobs run."""
    mother = new_mother(registries, **mother_fields)
    child = await register_birth(http, services, mother, born)
    await run_jobs(services)
    return Family(mother, child)


async def inbox(
    http: httpx.AsyncClient, services: Services, iin: str, lang: str | None = "en"
) -> dict[str, Any]:
    query = f"?lang={lang}" if lang else ""
    response = await http.get(
        f"/api/citizens/{iin}/inbox{query}", headers=citizen_token(services, iin)
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def by_rule(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["rule_id"]: item for item in body["items"]}


async def tick(services: Services) -> None:
    """One pass of the inbox's jobs, as the scheduler would run them."""
    send_reminders(services)
    expire_offers(services)
    follow_fulfilment(services)
    await process_outbox(services)
