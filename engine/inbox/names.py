"""What citizens call the agencies and registries, in the three languages."""

from __future__ import annotations

from engine.kernel.texts import Lang

AGENCY_NAMES: dict[str, dict[Lang, str]] = {
    "civil": {
        "kk": "АХАЖ органдары (Әділет министрлігі)",
        "ru": "Органы ЗАГС (Министерство юстиции)",
        "en": "Civil registration offices (Ministry of Justice)",
    },
    "mvd": {
        "kk": "Ішкі істер министрлігі",
        "ru": "Министерство внутренних дел",
        "en": "Ministry of Internal Affairs",
    },
    "digital": {
        "kk": "Жасанды интеллект және цифрлық даму министрлігі",
        "ru": "Министерство искусственного интеллекта и цифрового развития",
        "en": "Ministry of Artificial Intelligence and Digital Development",
    },
    "gfc": {
        "kk": "«Азаматтарға арналған үкімет» мемлекеттік корпорациясы",
        "ru": "Госкорпорация «Правительство для граждан»",
        "en": "State Corporation “Government for Citizens”",
    },
    "labour": {
        "kk": "Еңбек және халықты әлеуметтік қорғау министрлігі",
        "ru": "Министерство труда и социальной защиты населения",
        "en": "Ministry of Labour and Social Protection",
    },
    "gfss": {
        "kk": "Мемлекеттік әлеуметтік сақтандыру қоры",
        "ru": "Государственный фонд социального страхования",
        "en": "State Social Insurance Fund",
    },
    "enpf": {
        "kk": "Бірыңғай жинақтаушы зейнетақы қоры",
        "ru": "Единый накопительный пенсионный фонд",
        "en": "Unified Accumulative Pension Fund",
    },
    "kgd": {
        "kk": "Мемлекеттік кірістер комитеті",
        "ru": "Комитет государственных доходов",
        "en": "State Revenue Committee",
    },
    "education": {
        "kk": "Жергілікті атқарушы органдардың білім басқармалары",
        "ru": "Управления образования местных исполнительных органов",
        "en": "Education departments of local executive bodies",
    },
    "health": {
        "kk": "Денсаулық сақтау министрлігі",
        "ru": "Министерство здравоохранения",
        "en": "Ministry of Health",
    },
    "control_room": {
        "kk": "Проактивті қызметтерді үйлестіру орталығы",
        "ru": "Центр координации проактивных услуг",
        "en": "Proactive services coordination centre",
    },
}

REGISTRY_NAMES: dict[str, dict[Lang, str]] = {
    "population": {
        "kk": "Жеке тұлғалар мемлекеттік дерекқоры",
        "ru": "Государственная база данных «Физические лица»",
        "en": "State database of individuals (population register)",
    },
    "civil": {
        "kk": "АХАЖ тізілімі",
        "ru": "Реестр актов гражданского состояния",
        "en": "Civil status register",
    },
    "vehicles": {
        "kk": "Көлік құралдарының тізілімі",
        "ru": "Реестр транспортных средств",
        "en": "Vehicle register",
    },
    "social_insurance": {
        "kk": "Әлеуметтік сақтандыру қорының деректері",
        "ru": "Данные фонда социального страхования",
        "en": "Social insurance records",
    },
    "pension": {
        "kk": "Зейнетақы жинақтары",
        "ru": "Пенсионные накопления",
        "en": "Pension savings records",
    },
    "tax": {"kk": "Салық деректері", "ru": "Налоговые данные", "en": "Tax records"},
    "education": {
        "kk": "Балабақшаға кезек",
        "ru": "Очередь в детский сад",
        "en": "Kindergarten queue",
    },
    "disability": {
        "kk": "Медициналық-әлеуметтік сараптама шешімдері",
        "ru": "Решения медико-социальной экспертизы",
        "en": "Disability assessment decisions",
    },
    "payments": {"kk": "Төлемдер", "ru": "Выплаты", "en": "Payments made"},
}

KNOWN_REGISTRIES: tuple[str, ...] = tuple(REGISTRY_NAMES)


def agency_name(code: str, lang: Lang) -> str:
    return AGENCY_NAMES.get(code, {}).get(lang, code)


def registry_name(code: str, lang: Lang) -> str:
    return REGISTRY_NAMES.get(code, {}).get(lang, code)
