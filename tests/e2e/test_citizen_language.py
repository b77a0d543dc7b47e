"""An official reading only Kazakh or only Russian meets no English and no code: the citizen
page of each demo story (a fourth child born, a pensioner who died leaving a wife, a vehicle
registered, a retirement age reached) is opened in a real browser in kk and ru, with every
explanation, history and message unfolded, and every Latin-script word on it is checked
against a short allow-list (product names, SMS, IBAN, the English language's own name, vehicle
makes and models, Roman numerals of act numbers)."""

from __future__ import annotations

import asyncio
import re
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session

from engine.pipeline.milestones import detect_milestones
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from mock_registries.pension.models import PensionAccount
from tests.inbox.support import tick
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, PHONE, require_chromium
from tests.support.flows import official_token, run_jobs
from tests.support.population import add_person

pytestmark = pytest.mark.browser

LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
ROMAN = re.compile(r"^[IVXLC]+$")
ALLOWED = {"eGov", "Mobile", "SMS", "IBAN", "KZ", "Eng", "English"}
MAKE, MODEL = "Toyota", "Camry"


@pytest.fixture
def backend() -> str:
    return "sqlite"


def foreign_words(text: str) -> list[str]:
    """Latin-script words outside the allow-list, each with the words around it."""
    found = []
    for match in LATIN_WORD.finditer(text):
        word = match.group(0)
        if word in ALLOWED or word in (MAKE, MODEL) or ROMAN.match(word):
            continue
        found.append(text[max(0, match.start() - 30) : match.end() + 30].replace("\n", " "))
    return found


def _post(
    server: str, services: Services, registry: str, path: str, body: dict[str, object]
) -> None:
    agency = {"vehicles": "mvd"}.get(registry, registry)
    response = httpx.post(
        f"{server}/registries/{registry}/{path}",
        json=body,
        headers=official_token(services, agency),
    )
    assert response.status_code == 201, response.text


def pension_account(registries: RegistryBundle, iin: str, *, receiving_pension: bool) -> None:
    with Session(registries.contexts["pension"].engine) as session:
        session.add(
            PensionAccount(
                iin=iin,
                balance_kzt=1_000_000,
                years_of_participation=25,
                receiving_pension=receiving_pension,
                updated_on=date(2026, 1, 1),
            )
        )
        session.commit()


def stories(server: str, services: Services, registries: RegistryBundle) -> dict[str, str]:
    """The demo's four stories, told through the registries (the clock stands at 16 March)."""
    population = registries.contexts["population"]
    mother = add_person(population, sex="F", birth_date=date(1990, 4, 2), phone="+77015550101")
    for born in ("2019-01-10", "2021-06-01", "2023-09-01", "2026-03-14"):
        body = {"mother_iin": mother.iin, "child_first_name": "Айару", "child_sex": "F"}
        _post(server, services, "civil", "births", {**body, "birth_date": born})

    wife = add_person(population, sex="F", birth_date=date(1956, 5, 1), phone="+77015550102")
    husband = add_person(
        population, sex="M", birth_date=date(1950, 2, 3), first_name="Серик", spouse_iin=wife.iin
    )
    widow, deceased = wife.iin, husband.iin
    with Session(population.engine) as session:
        wife.spouse_iin = deceased
        session.add(wife)
        session.commit()
    pension_account(registries, deceased, receiving_pension=True)
    _post(server, services, "civil", "deaths", {"iin": deceased, "death_date": "2026-03-15"})

    owner = add_person(population, sex="M", birth_date=date(1985, 7, 7), phone="+77015550103")
    vehicle = {"vin": "JTNB11HK803000001", "make": MAKE, "model": MODEL, "year": 2014}
    registered = {**vehicle, "engine_cc": 2494, "registration_date": "2026-03-15"}
    _post(server, services, "vehicles", "registrations", {"owner_iin": owner.iin, **registered})

    retiree = add_person(population, sex="M", birth_date=date(1963, 3, 17), phone="+77015550104")
    pension_account(registries, retiree.iin, receiving_pension=False)
    asyncio.run(run_jobs(services, ("civil", "vehicles")))
    services.clock.advance(timedelta(days=1))
    asyncio.run(detect_milestones(services))
    asyncio.run(run_jobs(services, ()))
    asyncio.run(tick(services))
    return {"birth": mother.iin, "death": widow, "vehicle": owner.iin, "retirement": retiree.iin}


def test_kazakh_and_russian_pages_carry_no_english_and_no_code(
    server: str,
    services: Services,
    registries: RegistryBundle,
    tmp_path: Path,
) -> None:
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    citizens = stories(server, services, registries)
    problems: dict[str, list[str]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=PHONE)
        for story, iin in citizens.items():
            for lang in ("kk", "ru"):
                page.goto(f"{server}/citizen/{iin}?lang={lang}")
                expect(page.locator("[data-item]").first).to_be_visible()
                for summary in page.locator("details summary").all():
                    summary.click()
                texts = [page.locator("body").inner_text()]
                for tab in ("messages", "access", "settings"):
                    page.click(f"button[data-tab={tab}]")
                    expect(page.locator(f"#{tab}")).to_be_visible()
                    page.wait_for_load_state("networkidle")
                    texts.append(page.locator(f"#{tab}").inner_text())
                found = sorted({w for text in texts for w in foreign_words(text)})
                if found:
                    problems[f"{story} ({lang})"] = found
                if story == "birth":
                    body = texts[0]
                    assert (
                        "4 325" if lang == "kk" else "63 × 4 325 ₸ = 272 475 ₸"
                    ) in body.replace("\u00a0", " ")
        browser.close()
    assert not problems, "\n".join(f"{page}: {words}" for page, words in problems.items())
