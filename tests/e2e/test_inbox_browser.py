"""The citizen's inbox page in a real browser (Debian's Chromium through Playwright): a
mother opens the page on a phone-sized screen, switches language, reads why she is offered the
allowance, accepts it with a click, declines another offer and undoes the refusal; and she
chooses the language and the channel of her messages in the page's settings."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from engine.config import Settings
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.inbox.conftest import with_inbox_catalogue
from tests.inbox.support import new_mother
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, PHONE, require_chromium
from tests.support.flows import citizen_token, official_token, run_jobs

pytestmark = pytest.mark.browser


@pytest.fixture
def backend() -> str:
    return "sqlite"


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    return with_inbox_catalogue(settings, tmp_path)


def test_accept_switch_language_and_read_the_explanation(
    server: str, services: Services, registries: RegistryBundle, tmp_path: Path
) -> None:
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    mother = new_mother(registries, phone="+77015550101")
    born = httpx.post(
        f"{server}/registries/civil/births",
        json={
            "mother_iin": mother,
            "child_first_name": "Айару",
            "child_sex": "F",
            "birth_date": "2026-03-14",
        },
        headers=official_token(services, "civil"),
    )
    assert born.status_code == 201, born.text
    asyncio.run(run_jobs(services))

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=PHONE)
        page.goto(f"{server}/citizen/{mother}?lang=kk")
        offer = page.locator("[data-offer]")
        expect(offer.locator("h2")).to_have_text("Баланың тууы")
        expect(page.locator("html")).to_have_attribute("lang", "kk")

        page.click("button[data-lang=en]")
        expect(offer.locator("h2")).to_have_text("Birth of a child")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        found = page.locator("[data-item]", has_text="One-time childbirth allowance")
        allowance = page.locator(f"[data-item='{found.get_attribute('data-item')}']")
        expect(allowance.locator(".amount")).to_contain_text("164")

        why = allowance.locator("details.why")
        expect(why.get_by_text("The mother is a citizen")).to_be_hidden()
        why.locator("summary").click()
        expect(
            why.get_by_text("The mother is a citizen, a kandas or a permanent resident")
        ).to_be_visible()
        expect(why.get_by_text("population register").first).to_be_visible()
        expect(why.locator("a", has_text="Social Code")).to_have_attribute(
            "href", "https://adilet.zan.kz/rus/docs/K2300000224"
        )
        allowance.locator("details.next summary").click()
        expect(allowance.locator("details.next")).to_contain_text("Pay the allowance")

        allowance.locator("button[data-action=accept]").click()
        expect(allowance.locator(".badge")).to_have_text("accepted")

        queue = page.locator("[data-item]", has_text="Kindergarten queue")
        queue.locator("button[data-action=decline]").click()
        expect(queue.locator(".badge")).to_have_text("declined")
        queue.locator("button[data-action=undo]").click()
        expect(queue.locator(".badge")).to_have_text("awaiting your answer")

        page.click("button[data-lang=ru]")
        expect(allowance.locator(".badge")).to_have_text("согласие дано")
        page.screenshot(path=str(tmp_path / "inbox.png"), full_page=True)
        page.click("#tab-access")
        expect(page.locator("#access li").first).to_contain_text("Государственная база данных")
        browser.close()

    inbox = httpx.get(
        f"{server}/api/citizens/{mother}/inbox?lang=en", headers=citizen_token(services, mother)
    ).json()
    statuses = {i["rule_id"]: i["status"] for i in inbox["items"]}
    assert statuses["kz.childbirth_allowance"] == "accepted"
    assert statuses["test.kindergarten_queue"] == "offered"
    channels = {
        e["channel"] for i in inbox["items"] for e in i["timeline"] if e["action"] == "accepted"
    }
    assert channels == {"web"}


def test_choose_the_language_and_channel_of_messages(
    server: str, services: Services, registries: RegistryBundle, tmp_path: Path
) -> None:
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    mother = new_mother(registries, phone="+77015550102")
    preferences = f"{server}/api/citizens/{mother}/preferences"
    token = citizen_token(services, mother)
    before = httpx.put(preferences, json={"language": "ru", "channel": "sms"}, headers=token)
    assert before.status_code == 200, before.text

    def stored() -> tuple[str | None, str | None, str | None]:
        body = httpx.get(preferences, headers=token).json()
        return body["language"], body["channel"], body["email"]

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=PHONE)
        page.goto(f"{server}/citizen/{mother}?lang=en")
        page.get_by_role("tab", name="Settings").click()
        expect(page.get_by_role("tab", name="Settings")).to_have_attribute("aria-selected", "true")
        settings = page.locator("#settings-form")
        language = settings.get_by_role("group", name="Language of messages")
        channel = settings.get_by_role("group", name="Where to send messages")
        email = settings.get_by_label("E-mail address", exact=True)
        save = settings.get_by_role("button", name="Save")
        saved = settings.get_by_role("status")
        refused = settings.get_by_role("alert")

        # What is on file shows on load.
        expect(language.get_by_label("Русский")).to_be_checked()
        expect(channel.get_by_label("SMS from 1414")).to_be_checked()
        expect(settings.get_by_text("You have not chosen yet")).to_be_hidden()

        language.get_by_label("English").check()
        channel.get_by_label("Notification in eGov Mobile").check()
        save.click()
        expect(saved).to_have_text(
            "Saved. Language of messages: English. "
            "Where to send messages: Notification in eGov Mobile."
        )
        assert stored() == ("en", "push", None)

        # E-mail without an address is refused: the field is named, the choices stay.
        channel.get_by_label("E-mail").check()
        save.click()
        expect(refused).to_have_text(
            "Not saved. E-mail address: give an e-mail address to receive messages by e-mail"
        )
        expect(saved).to_have_text("")
        expect(email).to_have_attribute("aria-invalid", "true")
        expect(email).to_be_focused()
        expect(channel.get_by_label("E-mail")).to_be_checked()
        expect(language.get_by_label("English")).to_be_checked()
        assert stored() == ("en", "push", None)

        # The choice survives a change of the page's language, and the address fixes it.
        page.click("button[data-lang=kk]")
        kk_channel = settings.get_by_role("group", name="Хабарламаларды қайда жіберу")
        expect(kk_channel.get_by_label("Электрондық пошта")).to_be_checked()
        expect(
            settings.get_by_role("group", name="Хабарламалар тілі").get_by_label("English")
        ).to_be_checked()
        settings.get_by_label("Электрондық пошта мекенжайы").fill("aigerim@example.kz")
        settings.get_by_role("button", name="Сақтау").click()
        expect(saved).to_contain_text("Сақталды.")
        expect(saved).to_contain_text("Электрондық пошта")
        expect(refused).to_have_text("")
        expect(settings.locator("[aria-invalid]")).to_have_count(0)
        page.screenshot(path=str(tmp_path / "settings.png"), full_page=True)
        browser.close()

    assert stored() == ("en", "email", "aigerim@example.kz")


def test_sms_without_a_phone_on_file_is_explained(
    server: str, services: Services, registries: RegistryBundle
) -> None:
    """SMS chosen but no phone in the population register: the page says the messages go to
    eGov Mobile, and why; choosing eGov Mobile removes the note."""
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    mother = new_mother(registries)
    preferences = f"{server}/api/citizens/{mother}/preferences"
    token = citizen_token(services, mother)
    chosen = httpx.put(preferences, json={"channel": "sms"}, headers=token).json()
    assert chosen["sends_to"]["channel"] == "push" and chosen["phone_on_file"] is False

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=PHONE)
        page.goto(f"{server}/citizen/{mother}?lang=en")
        page.get_by_role("tab", name="Settings").click()
        settings = page.locator("#settings-form")
        note = settings.get_by_role("note")
        expect(note).to_have_text(
            "The population register has no phone number for you, so messages go to eGov "
            "Mobile. A Public Service Centre can add your number."
        )
        settings.get_by_role("group", name="Where to send messages").get_by_label(
            "Notification in eGov Mobile"
        ).check()
        settings.get_by_role("button", name="Save").click()
        expect(settings.get_by_role("status")).to_contain_text("Saved.")
        expect(note).to_be_hidden()
        browser.close()
