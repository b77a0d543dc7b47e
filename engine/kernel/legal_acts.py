"""The legal acts rules and parameters cite, each once: its title in the three languages, its
number and date, and the address of its official text where one is confirmed. A reference
names an act by its id (``law: social_code``) with the article; the act's details come from
here, so a title is written and checked in one place."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, Field

from engine.kernel.texts import Lang, Text

# Official publishers of legal texts: the Ministry of Justice's legal database and the
# government's own sites. A press article is never the legal basis; it is kept as a `source`.
OFFICIAL_HOSTS: tuple[str, ...] = ("adilet.zan.kz", "gov.kz", "egov.kz")


def is_official(url: str) -> bool:
    """``url`` points at an official text: https on one of OFFICIAL_HOSTS or a subdomain."""
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower()
    return parsed.scheme == "https" and any(
        host == official or host.endswith("." + official) for official in OFFICIAL_HOSTS
    )


class LegalAct(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Text
    number: str | None = Field(default=None, description="the act's number, e.g. 224-VII")
    adopted: date | None = Field(default=None, description="the date the act was adopted")
    url: str | None = Field(default=None, description="its official text; None if unconfirmed")

    def citation(self) -> str:
        """The act as cited in English: title, date and number, as far as they are known."""
        parts = [self.title.en]
        if self.adopted is not None:
            parts.append(f"of {self.adopted.day} {self.adopted:%B %Y}")
        if self.number is not None:
            parts.append(f"No. {self.number}")
        return " ".join(parts)


ACTS: dict[str, LegalAct] = {
    "social_code": LegalAct(
        title=Text(
            kk="Қазақстан Республикасының Әлеуметтік кодексі",
            ru="Социальный кодекс Республики Казахстан",
            en="Social Code of the Republic of Kazakhstan",
        ),
        number="224-VII",
        adopted=date(2023, 4, 20),
        url="https://adilet.zan.kz/rus/docs/K2300000224",
    ),
    "benefits_order_169": LegalAct(
        title=Text(
            kk="Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрінің "
            "бұйрығы (балалы отбасыларға мемлекеттік жәрдемақыларды тағайындау қағидалары)",
            ru="Приказ Министра труда и социальной защиты населения Республики Казахстан "
            "(правила назначения государственных пособий семьям с детьми)",
            en="Order of the Minister of Labour and Social Protection of the Population "
            "(rules for assigning state benefits to families with children)",
        ),
        number="169",
        adopted=date(2023, 5, 24),
    ),
    "burial_order_256": LegalAct(
        title=Text(
            kk="Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрінің "
            "бұйрығы (жерлеуге біржолғы төлем қағидалары)",
            ru="Приказ Министра труда и социальной защиты населения Республики Казахстан "
            "(правила единовременной выплаты на погребение)",
            en="Order of the Minister of Labour and Social Protection of the Population "
            "(rules of the one-time burial payment)",
        ),
        number="256",
        adopted=date(2023, 6, 27),
        url="https://adilet.zan.kz/rus/docs/V2300032925",
    ),
    "survivor_order_257": LegalAct(
        title=Text(
            kk="Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрінің "
            "бұйрығы (асыраушысынан айырылу жағдайы бойынша жәрдемақы қағидалары)",
            ru="Приказ Министра труда и социальной защиты населения Республики Казахстан "
            "(правила назначения пособия по случаю потери кормильца)",
            en="Order of the Minister of Labour and Social Protection of the Population "
            "(rules of the survivor benefit)",
        ),
        number="257",
        adopted=date(2023, 6, 27),
    ),
    "tax_code_2017": LegalAct(
        title=Text(
            kk="Қазақстан Республикасының Салық кодексі (2025 салық жылын қоса алғанда)",
            ru="Налоговый кодекс Республики Казахстан (по 2025 налоговый год включительно)",
            en="Tax Code of the Republic of Kazakhstan (up to and including tax year 2025)",
        ),
        number="120-VI",
        adopted=date(2017, 12, 25),
    ),
    "tax_code_2026": LegalAct(
        title=Text(
            kk="Қазақстан Республикасының Салық кодексі (2026 жылғы 1 қаңтардан бастап)",
            ru="Налоговый кодекс Республики Казахстан (действует с 1 января 2026 года)",
            en="Tax Code of the Republic of Kazakhstan (in force from 1 January 2026)",
        ),
    ),
    "budget_2024_2026": LegalAct(
        title=Text(
            kk="«2024 – 2026 жылдарға арналған республикалық бюджет туралы» Қазақстан "
            "Республикасының Заңы",
            ru="Закон Республики Казахстан «О республиканском бюджете на 2024–2026 годы»",
            en="Law of the Republic of Kazakhstan on the republican budget for 2024–2026",
        ),
        url="https://adilet.zan.kz/rus/docs/Z2300000043",
    ),
    "budget_2025_2027": LegalAct(
        title=Text(
            kk="«2025 – 2027 жылдарға арналған республикалық бюджет туралы» Қазақстан "
            "Республикасының Заңы",
            ru="Закон Республики Казахстан «О республиканском бюджете на 2025–2027 годы»",
            en="Law of the Republic of Kazakhstan on the republican budget for 2025–2027",
        ),
        number="141-VIII",
        adopted=date(2024, 12, 4),
    ),
    "budget_2026_2028": LegalAct(
        title=Text(
            kk="«2026 – 2028 жылдарға арналған республикалық бюджет туралы» Қазақстан "
            "Республикасының Заңы",
            ru="Закон Республики Казахстан «О республиканском бюджете на 2026–2028 годы»",
            en="Law of the Republic of Kazakhstan on the republican budget for 2026–2028",
        ),
        adopted=date(2025, 12, 8),
    ),
    "marriage_family_code": LegalAct(
        title=Text(
            kk="«Неке (ерлі-зайыптылық) және отбасы туралы» Қазақстан Республикасының Кодексі",
            ru="Кодекс Республики Казахстан «О браке (супружестве) и семье»",
            en="Code of the Republic of Kazakhstan on marriage (matrimony) and family",
        ),
        number="518-IV",
        adopted=date(2011, 12, 26),
        url="https://adilet.zan.kz/rus/docs/K1100000518",
    ),
    "iin_law": LegalAct(
        title=Text(
            kk="«Сәйкестендіру нөмірлерінің ұлттық тізілімдері туралы» Қазақстан "
            "Республикасының Заңы",
            ru="Закон Республики Казахстан «О национальных реестрах идентификационных номеров»",
            en="Law of the Republic of Kazakhstan on national registers of identification numbers",
        ),
        number="223",
        adopted=date(2007, 1, 12),
        url="https://adilet.zan.kz/rus/docs/Z070000223_",
    ),
    "residence_pilot_order": LegalAct(
        title=Text(
            kk="Жасанды интеллект және цифрлық даму министрі мен Ішкі істер министрінің "
            "бірлескен бұйрығы (тұрғылықты жерге онлайн тіркеу пилоты), № 500/НҚ және № 801",
            ru="Совместный приказ Министра искусственного интеллекта и цифрового развития и "
            "Министра внутренних дел (пилот онлайн-регистрации по месту жительства), "
            "№ 500/НҚ и № 801",
            en="Joint order of the Minister of Artificial Intelligence and Digital Development "
            "and the Minister of Internal Affairs (online residence registration pilot), "
            "No. 500/НҚ and No. 801",
        ),
        adopted=date(2025, 10, 7),
    ),
    "vehicle_registration_order_862": LegalAct(
        title=Text(
            kk="Қазақстан Республикасы Ішкі істер министрінің бұйрығы (көлік құралдарын "
            "мемлекеттік тіркеу қағидалары)",
            ru="Приказ Министра внутренних дел Республики Казахстан (правила государственной "
            "регистрации транспортных средств)",
            en="Order of the Minister of Internal Affairs (rules of state registration of "
            "vehicles)",
        ),
        number="862",
        adopted=date(2014, 12, 2),
    ),
    "motor_insurance_law": LegalAct(
        title=Text(
            kk="«Көлік құралдары иелерінің азаматтық-құқықтық жауапкершілігін міндетті "
            "сақтандыру туралы» Қазақстан Республикасының Заңы",
            ru="Закон Республики Казахстан «Об обязательном страховании гражданско-правовой "
            "ответственности владельцев транспортных средств»",
            en="Law of the Republic of Kazakhstan on compulsory insurance of civil liability "
            "of vehicle owners",
        ),
        adopted=date(2003, 7, 1),
    ),
    "road_traffic_law": LegalAct(
        title=Text(
            kk="«Жол жүрісі туралы» Қазақстан Республикасының Заңы",
            ru="Закон Республики Казахстан «О дорожном движении»",
            en="Law of the Republic of Kazakhstan on road traffic",
        ),
    ),
    "kindergarten_order_254": LegalAct(
        title=Text(
            kk="Қазақстан Республикасы Білім және ғылым министрінің бұйрығы (мектепке дейінгі "
            "ұйымдарға жолдама беру үшін кезекке қою қағидалары)",
            ru="Приказ Министра образования и науки Республики Казахстан (правила постановки "
            "на очередь для направления в дошкольные организации)",
            en="Order of the Minister of Education and Science (rules of the queue for "
            "pre-school organisations)",
        ),
        number="254",
        adopted=date(2020, 6, 19),
        url="https://adilet.zan.kz/rus/docs/V2000020883",
    ),
}

_ARTICLES = re.compile(r"^(\d+(?:–\d+)?)(?:\((\d+)\))?((?:, \d+(?:–\d+)?)*)$")


def article_text(article: str, lang: Lang) -> str:
    """An article as each language cites it: ``242(5)`` is «п. 5 ст. 242», «242-баптың
    5-тармағы», "Article 242(5)"; ``205, 207`` is «ст. 205, 207», «205, 207-баптар»; a range
    is written with an en dash: ``490–496``."""
    match = _ARTICLES.match(article)
    if match is None:
        return article
    first, paragraph, more = match.groups()
    if paragraph is not None:
        return {
            "kk": f"{first}-баптың {paragraph}-тармағы",
            "ru": f"п. {paragraph} ст. {first}",
            "en": f"Article {first}({paragraph})",
        }[lang]
    numbers = first + more
    several = bool(more) or "–" in first
    return {
        "kk": f"{numbers}-{'баптар' if several else 'бап'}",
        "ru": f"ст. {numbers}",
        "en": f"{'Articles' if several else 'Article'} {numbers}",
    }[lang]
