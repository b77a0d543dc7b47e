"""The control room in a real browser (Debian's Chromium through Playwright), as a presenter
uses it: a click on "birth of a fourth child" shows the life event live, opens its case page
with 272 475 tenge and the agencies' tasks, the language switches, everything fits a phone,
and the API documentation loads with the network blocked. The screenshots it takes are the
ones in docs/demo.md (with PROACTIVE_SCREENSHOTS=docs/img)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from engine.config import Settings
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, PHONE, require_chromium

DESKTOP = {"width": 1400, "height": 1000}
# The pictures of docs/demo.md: `PROACTIVE_SCREENSHOTS=docs/img make test` renews them; an
# ordinary run keeps its screenshots in the test's own folder.
SHOTS_DIR = os.environ.get("PROACTIVE_SCREENSHOTS")

pytestmark = pytest.mark.browser


def test_a_presenter_tells_the_fourth_child_from_the_browser(
    shared_demo: tuple[str, Settings], tmp_path: Path
) -> None:
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    base, _ = shared_demo
    shots = Path(SHOTS_DIR) if SHOTS_DIR else tmp_path
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=DESKTOP)
        page.goto(f"{base}/?lang=ru")
        expect(page.locator("#live")).to_be_visible(timeout=10_000)  # the stream is open
        before = int(page.locator("#kpi-today").inner_text())
        with page.expect_popup() as opened:
            page.get_by_role("button", name="Рождение четвёртого ребёнка").click()
        case_page = opened.value
        case_page.wait_for_load_state()
        expect(case_page.locator("#case-title")).to_have_text("Рождение ребёнка")
        expect(case_page.locator("#timeline")).to_contain_text("272\u00a0475\u00a0₸")
        expect(case_page.locator("#timeline")).to_contain_text("Задача поступила в очередь органа")
        expect(case_page.locator("#lanes")).to_contain_text("Госкорпорация")
        expect(case_page.locator("#speed")).to_contain_text("Без заявления")
        expect(case_page.locator("#speed")).to_contain_text("до 7 рабочих дней")
        expect(case_page.locator("#open-phone")).to_be_visible()
        case_page.set_viewport_size(DESKTOP)
        case_page.screenshot(path=str(shots / "case-page.png"), full_page=True)

        # the control room shows the new life event without a reload of the page
        expect(page.locator("#kpi-today")).not_to_have_text(str(before), timeout=10_000)
        expect(page.locator("#told-case")).to_be_visible()
        page.screenshot(path=str(shots / "control-room.png"))

        # the language switches; no English is left on the Kazakh case page
        case_page.get_by_role("link", name="Қазақша").click()
        expect(case_page.locator("#speed")).to_contain_text("Өтінішсіз")
        visible = case_page.locator("main").inner_text()
        assert set(re.findall(r"[A-Za-z]{2,}", visible)) <= {"eGov", "Mobile"}

        # the control room in Kazakh and Russian: no English and no code (car makes aside)
        for code, name in (("kk", "Қазақша"), ("ru", "Русский")):
            page.get_by_role("link", name=name).click()
            page.wait_for_load_state()
            words = set(re.findall(r"[A-Za-z]{2,}", page.locator("main").inner_text()))
            assert words <= allowed_latin(), (code, words - allowed_latin())

        # a phone: nothing wider than the screen
        for target in (page, case_page):
            target.set_viewport_size(PHONE)
            width = target.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], target.url
        case_page.screenshot(path=str(shots / "case-page-phone.png"))
        browser.close()


def allowed_latin() -> set[str]:
    """Words that stay in Latin script on a Kazakh or Russian page: the names of systems and
    of the cars people own."""
    from mock_registries.vehicles.catalogue import MODELS

    names = {"eGov", "Mobile", "English", "SMS", "IBAN", "KZ"}
    for model in MODELS:
        names.update(re.findall(r"[A-Za-z]{2,}", f"{model.make} {model.model}"))
    return names


def test_the_api_documentation_loads_with_the_network_blocked(
    shared_demo: tuple[str, Settings],
) -> None:
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    base, _ = shared_demo
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        outside: list[str] = []

        def only_the_app(route: object) -> None:
            request = route.request  # type: ignore[attr-defined]
            if request.url.startswith(base):
                route.continue_()  # type: ignore[attr-defined]
            else:
                outside.append(request.url)
                route.abort()  # type: ignore[attr-defined]

        page.route("**/*", only_the_app)
        for docs in ("/docs", "/registries/civil/docs"):
            page.goto(f"{base}{docs}")
            expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=15_000)
        assert outside == []
        browser.close()
