"""The analysts' page in a real browser (Debian's Chromium through Playwright), on a phone's
width: a rule's conditions, parameters over time and tests in Russian with no English label,
a simulation with the country's cost by region, a what-if, the rule's text checked with its
file and line, and an edited version compared with the rule in force."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine.web.rules_labels import LABELS
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, PHONE, require_chromium

pytestmark = pytest.mark.browser
RULE = "kz.childcare_allowance"


@pytest.fixture
def backend() -> str:
    return "sqlite"


def test_an_analyst_simulates_compares_and_checks_a_rule(server: str, tmp_path: Path) -> None:
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=PHONE)
        page.goto(f"{server}/rules?lang=ru&rule={RULE}")
        expect(page.locator("html")).to_have_attribute("lang", "ru")
        main = page.locator("main#rule")
        expect(main.locator("h2")).to_have_text(
            "Пособие по уходу за ребёнком до достижения им полутора лет"
        )
        expect(main.locator("[data-condition=mother_not_insured]")).to_contain_text(
            "Мать не участвует в обязательном социальном страховании"
        )
        first = main.locator("figure[data-parameter='childcare_allowance.first']")
        expect(first.locator("svg rect").first).to_be_visible()
        expect(first.locator("tbody tr").first).to_contain_text("5,76")
        expect(first.locator("tbody tr").first).to_contain_text("1 июля 2023 г.")
        expect(first.locator("tbody tr .reference").first).to_contain_text("Социальный кодекс")
        expect(main.locator(".basis")).not_to_contain_text("Code")
        expect(main.locator(".tests li.ok").first).to_contain_text("пройден")
        expect(main.locator("#shadow dd").first).to_have_text("0")
        # test names and the YAML are shown as written; every label and reference is Russian
        text = page.evaluate(
            "(() => { const copy = document.body.cloneNode(true);"
            " copy.querySelectorAll('script, textarea, .test-name')"
            ".forEach((e) => e.remove());"
            " return copy.innerText; })()"
        )
        english = [labels["en"] for labels in LABELS.values() if labels["en"] != labels["ru"]]
        assert [label for label in english if label in text] == []

        # A simulation: the sample's figures beside the country's, by region.
        form = main.locator("form#simulate")
        form.get_by_label("Человек в выборке").fill("3000")
        form.get_by_label("События 12 месяцев по дату").fill("2026-03-16")
        form.get_by_role("button", name="Смоделировать").click()
        totals = main.locator("table.totals")
        expect(totals).to_contain_text("Казахстан")
        expect(main.locator("table.regions tr[data-region=turkistan]")).to_contain_text(
            "Туркестанская область"
        )
        expect(main.locator("svg.regions-chart rect")).not_to_have_count(0)
        expect(main.locator(".source")).to_contain_text("Бюро национальной статистики")
        expect(main.locator(".reasons")).to_contain_text("Мать застрахована")

        # A what-if: a higher coefficient for a first child gains the first children.
        form.locator("input[data-parameter='childcare_allowance.first']").fill("7")
        form.get_by_role("button", name="Сравнить с этими значениями").click()
        diff = main.locator("#diff")
        expect(diff).to_contain_text("Выигрывают")
        gainers = diff.locator("dd").first
        expect(gainers).not_to_have_text("0")

        # The rule's text: a code outside the code list is reported at its file and line.
        yaml = main.locator("textarea#yaml")
        original = yaml.input_value()
        broken = original.replace(
            "mother.citizenship in ['citizen', 'kandas', 'permanent_resident']",
            "mother.region == 'astana_city'",
        )
        yaml.fill(broken)
        main.get_by_role("button", name="Проверить").click()
        problems = main.locator("#problems")
        line = 1 + broken.splitlines().index(
            next(row for row in broken.splitlines() if "astana_city" in row)
        )
        expect(problems).to_contain_text(f"rules/childcare_allowance.yaml:{line}")
        expect(problems).to_contain_text("did you mean 'astana'")

        # An edited version compared with the rule in force: insured mothers gain.
        yaml.fill(
            original.replace(
                "expr: not mother_insurance.insured",
                "expr: mother_insurance.insured or not mother_insurance.insured",
            )
        )
        main.get_by_role("button", name="Сравнить с действующим правилом").click()
        expect(problems).to_contain_text("Ошибок нет")
        expect(diff.locator("dd").first).not_to_have_text("0")
        expect(diff).to_contain_text("Изменение годовых расходов, Казахстан, тенге")

        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the page is {width} px wide on a phone"
        page.screenshot(path=str(tmp_path / "rules.png"), full_page=True)
        browser.close()


def test_a_rule_shows_the_rules_that_change_its_amount_in_kazakh_and_russian(
    server: str,
) -> None:
    """The vehicle tax names its exemption (kind, title, legal basis, link); the exemption
    names its base, and a candidate version of it is compared through the tax."""
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    exemption = "kz.vehicle_tax_disability_exemption"
    titles = {
        "kk": ("Босату", "Бірінші немесе екінші топтағы мүгедектігі бар адамды көлік салығынан"),
        "ru": ("Освобождение", "Освобождение от налога на транспорт лица с инвалидностью"),
    }
    codes = {"kk": "Салық кодексі", "ru": "Налоговый кодекс"}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=PHONE)
        for lang, (kind, title) in titles.items():
            page.goto(f"{server}/rules?lang={lang}&rule=kz.vehicle_tax_obligation")
            modifier = page.locator(f"#chain li[data-modifier='{exemption}']")
            expect(modifier.locator(".kind")).to_have_text(kind)
            expect(modifier.locator(f"a[href*='rule={exemption}']")).to_contain_text(title)
            expect(modifier.locator(".basis")).to_contain_text(codes[lang])
            expect(page.locator("#through-modifiers")).to_contain_text(title)
            assert english_labels(page, lang) == []

        page.goto(f"{server}/rules?lang=ru&rule={exemption}")
        base = page.locator("#chain .chain-base")
        expect(base.locator("a[href*='rule=kz.vehicle_tax_obligation']")).to_have_text(
            "Обязательство по налогу на транспортные средства"
        )
        assert english_labels(page, "ru") == []
        main = page.locator("main#rule")
        main.locator("form#simulate").get_by_label("Человек в выборке").fill("2000")
        main.get_by_role("button", name="Сравнить с действующим правилом").click()
        expect(main.locator("#compared-through")).to_contain_text(
            "Сравнено через основное правило: Обязательство по налогу на транспортные средства"
        )
        browser.close()


def english_labels(page: Any, lang: str) -> list[str]:
    """The page's own words in English on a page in another language (legal references and
    the YAML are shown as written)."""
    text = page.evaluate(
        "(() => { const copy = document.body.cloneNode(true);"
        " copy.querySelectorAll('script, textarea, .test-name')"
        ".forEach((e) => e.remove());"
        " return copy.innerText; })()"
    )
    english = [labels["en"] for labels in LABELS.values() if labels["en"] != labels[lang]]
    return [label for label in english if label in text]
