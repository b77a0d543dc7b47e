"""What the citizen calls the parties of a case, the facts a rule reads and their values, in
the three languages: ``mother.citizenship`` is «Мать: гражданство», ``citizen`` «гражданин
РК», ``true`` «да». Used by the explanations and re-exported by engine/inbox/names.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from engine.kernel.l10n import YES_NO, counted, day, money, number
from engine.kernel.texts import Lang

Names = dict[str, dict[Lang, str]]


def named(names: Names, code: str, lang: Lang) -> str:
    """The name of ``code`` in ``lang``, or the code itself when the vocabulary lacks it."""
    return names.get(code, {}).get(lang, code)


PARTY_NAMES: Names = {
    "mother": {"kk": "Ана", "ru": "Мать", "en": "Mother"},
    "father": {"kk": "Әке", "ru": "Отец", "en": "Father"},
    "child": {"kk": "Бала", "ru": "Ребёнок", "en": "Child"},
    "person": {"kk": "Азамат", "ru": "Гражданин", "en": "Citizen"},
    "deceased": {"kk": "Қайтыс болған адам", "ru": "Умерший", "en": "Deceased"},
    "spouse": {"kk": "Жұбайы", "ru": "Супруг(а)", "en": "Spouse"},
    "spouse1": {"kk": "Бірінші жұбай", "ru": "Первый супруг", "en": "First spouse"},
    "spouse2": {"kk": "Екінші жұбай", "ru": "Второй супруг", "en": "Second spouse"},
    "owner": {"kk": "Иесі", "ru": "Владелец", "en": "Owner"},
}

FIELD_NAMES: Names = {
    "alive": {"kk": "тірі", "ru": "жив(а)", "en": "alive"},
    "citizenship": {"kk": "азаматтығы", "ru": "гражданство", "en": "citizenship"},
    "birth_order": {"kk": "нешінші бала", "ru": "очерёдность рождения", "en": "birth order"},
    "birth_date": {"kk": "туған күні", "ru": "дата рождения", "en": "date of birth"},
    "region": {"kk": "өңір", "ru": "регион", "en": "region"},
    "sex": {"kk": "жынысы", "ru": "пол", "en": "sex"},
    "address": {"kk": "мекенжайы", "ru": "адрес", "en": "address"},
    "has_bank_account": {
        "kk": "банк шоты бар",
        "ru": "банковский счёт в базе",
        "en": "bank account on file",
    },
    "minor_children_count": {
        "kk": "кәмелетке толмаған балалар саны",
        "ru": "число несовершеннолетних детей",
        "en": "minor children",
    },
    "children_under_23_count": {
        "kk": "23 жасқа толмаған балалар саны",
        "ru": "число детей до 23 лет",
        "en": "children under 23",
    },
    "balance_kzt": {
        "kk": "зейнетақы жинағы",
        "ru": "пенсионные накопления",
        "en": "pension savings",
    },
    "receiving_pension": {
        "kk": "зейнетақы алады",
        "ru": "получает пенсию",
        "en": "receives a pension",
    },
    "years_of_participation": {
        "kk": "зейнетақы жүйесіне қатысу жылдары",
        "ru": "лет участия в пенсионной системе",
        "en": "years in the pension system",
    },
    "items": {
        "kk": "тіркелген көлік құралдары",
        "ru": "зарегистрированные транспортные средства",
        "en": "registered vehicles",
    },
    "insured": {
        "kk": "әлеуметтік сақтандырылған",
        "ru": "участник соцстрахования",
        "en": "socially insured",
    },
    "average_monthly_income_kzt": {
        "kk": "орташа айлық табысы",
        "ru": "среднемесячный доход",
        "en": "average monthly income",
    },
    "cause": {"kk": "мүгедектік себебі", "ru": "причина инвалидности", "en": "cause of disability"},
    "group": {"kk": "мүгедектік тобы", "ru": "группа инвалидности", "en": "disability group"},
    "decision_date": {"kk": "шешім күні", "ru": "дата решения", "en": "date of the decision"},
    "engine_cc": {
        "kk": "қозғалтқыш көлемі, см³",
        "ru": "объём двигателя, см³",
        "en": "engine capacity, cm³",
    },
    "owner_iin": {"kk": "иесінің ЖСН", "ru": "ИИН владельца", "en": "owner's IIN"},
    "registration_date": {
        "kk": "тіркелген күні",
        "ru": "дата регистрации",
        "en": "registration date",
    },
    "year": {"kk": "шыққан жылы", "ru": "год выпуска", "en": "year of manufacture"},
    "child_queue": {
        "kk": "балабақша кезегіндегі орны",
        "ru": "место в очереди в детский сад",
        "en": "place in the kindergarten queue",
    },
}

VALUE_NAMES: Names = {
    "citizen": {"kk": "ҚР азаматы", "ru": "гражданин РК", "en": "citizen of Kazakhstan"},
    "kandas": {"kk": "қандас", "ru": "кандас", "en": "kandas"},
    "permanent_resident": {
        "kk": "тұрақты тұратын",
        "ru": "постоянно проживающий",
        "en": "permanent resident",
    },
    "foreigner": {"kk": "шетел азаматы", "ru": "иностранец", "en": "foreign national"},
    "M": {"kk": "ер", "ru": "мужской", "en": "male"},
    "F": {"kk": "әйел", "ru": "женский", "en": "female"},
    "general": {"kk": "жалпы ауру", "ru": "общее заболевание", "en": "general illness"},
    "childhood": {"kk": "бала кезінен", "ru": "с детства", "en": "since childhood"},
    "child": {"kk": "мүгедек бала", "ru": "ребёнок с инвалидностью", "en": "disabled child"},
}

UNIT_NAMES: Names = {
    "KZT": {"kk": "₸", "ru": "₸", "en": "₸"},
    "MRP": {"kk": "АЕК", "ru": "МРП", "en": "MCI"},
    "MZP": {"kk": "ЕТЖ", "ru": "МЗП", "en": "minimum wage"},
    "PM": {"kk": "ЕТКД", "ru": "ПМ", "en": "subsistence minimum"},
    "coefficient": {"kk": "коэффициент", "ru": "коэффициент", "en": "coefficient"},
    "share": {"kk": "үлес", "ru": "доля", "en": "share"},
    "share per year": {"kk": "жылына үлес", "ru": "доля за год", "en": "share per year"},
    "years": {"kk": "жыл", "ru": "лет", "en": "years"},
}

ON_RECORD: dict[Lang, str] = {"kk": "бар", "ru": "есть", "en": "on record"}


def fact_name(path: str, lang: Lang) -> str:
    """A fact a rule reads, as the citizen reads it: ``mother.citizenship`` is «Мать:
    гражданство», ``deceased_pension.balance_kzt`` «Умерший: пенсионные накопления»."""
    source, _, field = path.partition(".")
    if source == "event":
        return named(FIELD_NAMES, field, lang).capitalize()
    party_code = source.split("_")[0]
    label = named(FIELD_NAMES, field or source, lang)
    party = PARTY_NAMES.get(party_code) or PARTY_NAMES.get(source)
    if party is None or not field:
        return label[:1].upper() + label[1:]
    return f"{party[lang]}: {label}"


def fact_value(path: str, value: Any, lang: Lang) -> str:
    """A fact's value as the citizen reads it: yes/no, dates and tenge by CLDR, codes named,
    a list by its length."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return YES_NO[value][lang]
    if isinstance(value, list):
        return number(len(value), lang)
    if isinstance(value, dict):
        return ON_RECORD[lang]
    if isinstance(value, date):
        return day(value, lang)
    if isinstance(value, str):
        if value in VALUE_NAMES:
            return VALUE_NAMES[value][lang]
        if value in ("true", "false"):
            return YES_NO[value == "true"][lang]
        try:
            return day(date.fromisoformat(value), lang)
        except ValueError:
            pass
        try:
            value = Decimal(value)
        except InvalidOperation:
            return str(value)
    if path.endswith("_kzt"):
        return money(value, lang)
    if path.endswith(".year") or path.endswith("_iin"):
        return str(value)
    return number(value, lang)


def unit_name(code: str, lang: Lang) -> str:
    """A parameter's unit: ``MRP`` is «МРП» in Russian, «АЕК» in Kazakh, "MCI" in English."""
    return named(UNIT_NAMES, code, lang)


YEARS: dict[Lang, dict[str, str]] = {
    "kk": {"one": "жыл", "other": "жыл"},
    "ru": {"one": "год", "few": "года", "many": "лет", "other": "года"},
    "en": {"one": "year", "other": "years"},
}


def parameter_value(value: Decimal, unit: str, lang: Lang) -> str:
    """A figure of the law with its unit: «4 325 ₸», «63 МРП», «63 года»."""
    if unit == "KZT":
        return money(value, lang)
    if unit == "years" and value == value.to_integral_value():
        return counted(int(value), YEARS[lang], lang)
    if unit in UNIT_NAMES and unit not in ("coefficient", "share", "share per year"):
        return f"{number(value, lang)} {unit_name(unit, lang)}"
    return number(value, lang)
