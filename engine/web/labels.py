"""The dashboard's own words in the three languages."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "title": {"kk": "Басқару орталығы", "ru": "Центр управления", "en": "Control room"},
    "subtitle": {
        "kk": "Проактивті мемлекеттік қызметтер",
        "ru": "Проактивные государственные услуги",
        "en": "Proactive public services",
    },
    "cases": {"kk": "Өмірлік оқиғалар", "ru": "Жизненные события", "en": "Life events"},
    "offers_open": {"kk": "Жауап күтуде", "ru": "Ждут ответа", "en": "Awaiting an answer"},
    "accepted": {"kk": "Қабылданды", "ru": "Приняты", "en": "Accepted"},
    "declined": {
        "kk": "Бас тартылды / мерзімі өтті",
        "ru": "Отказы / истекли",
        "en": "Declined / expired",
    },
    "dead_letters": {"kk": "Өңделмеген", "ru": "Не обработано", "en": "Dead letters"},
    "lag": {"kk": "Ең үлкен кешігу", "ru": "Макс. задержка ленты", "en": "Worst feed lag"},
    "recent_cases": {
        "kk": "Соңғы өмірлік оқиғалар",
        "ru": "Последние жизненные события",
        "en": "Recent life events",
    },
    "inbox": {"kk": "Азаматтардың кіріс жәшігі", "ru": "Входящие граждан", "en": "Citizen inbox"},
    "feeds": {"kk": "Тізілім арналары", "ru": "Ленты реестров", "en": "Registry feeds"},
    "shadow": {
        "kk": "Көлеңкелі режимдегі ережелер",
        "ru": "Правила в теневом режиме",
        "en": "Rules in shadow mode",
    },
    "problems": {"kk": "Ереже қателері", "ru": "Ошибки правил", "en": "Rule problems"},
    "rules": {"kk": "Қызметтер ережелері", "ru": "Правила услуг", "en": "Service rules"},
    "rule": {"kk": "Ереже", "ru": "Правило", "en": "Rule"},
    "agency": {"kk": "Орган", "ru": "Орган", "en": "Agency"},
    "status": {"kk": "Күйі", "ru": "Статус", "en": "Status"},
    "in_force_from": {"kk": "Күшіне енді", "ru": "Действует с", "en": "In force from"},
    "next_version": {"kk": "жаңа нұсқа", "ru": "новая версия с", "en": "next version from"},
    "status_active": {"kk": "күшінде", "ru": "действует", "en": "active"},
    "status_shadow": {"kk": "көлеңкелі", "ru": "теневой режим", "en": "shadow"},
    "status_draft": {"kk": "жоба", "ru": "черновик", "en": "draft"},
    "status_retired": {"kk": "күшін жойған", "ru": "отменено", "en": "retired"},
    "empty_cases": {
        "kk": "Әзірге өмірлік оқиғалар жоқ.",
        "ru": "Пока нет жизненных событий.",
        "en": "No life events yet.",
    },
    "empty_inbox": {
        "kk": "Кіріс жәшігі бос.",
        "ru": "Входящие пусты.",
        "en": "The inbox is empty.",
    },
    "event": {"kk": "Оқиға", "ru": "Событие", "en": "Event"},
    "subject": {"kk": "Кім туралы", "ru": "О ком", "en": "Subject"},
    "date": {"kk": "Күні", "ru": "Дата", "en": "Date"},
    "registry": {"kk": "Тізілім", "ru": "Реестр", "en": "Registry"},
    "events": {"kk": "Оқиғалар", "ru": "События", "en": "Events"},
    "state": {"kk": "Күйі", "ru": "Состояние", "en": "State"},
    "would_offer": {"kk": "ұсынар еді", "ru": "предложило бы", "en": "would offer"},
    "law_ran_out": {
        "kk": "{title}: жарияланған мәні {date} аяқталды",
        "ru": "{title}: опубликованное значение действовало по {date}",
        "en": "{title}: the published value ended on {date}",
    },
    "law_runs_out": {
        "kk": "{title}: жарияланған мәні {date} аяқталады (қалған күн: {days})",
        "ru": "{title}: опубликованное значение действует по {date} (осталось дней: {days})",
        "en": "{title}: the published value ends on {date} (days left: {days})",
    },
    "law_held": {"kk": "күтудегі істер", "ru": "дел ожидают", "en": "cases held"},
    "law_projected": {"kk": "болжаммен", "ru": "по прогнозу", "en": "projected"},
    "law_title": {"kk": "Заң күнтізбесі", "ru": "Календарь закона", "en": "The law's calendar"},
    "almaty_time": {"kk": "Алматы уақыты", "ru": "время Алматы", "en": "Almaty time"},
    "citizen_demo": {"kk": "Азамат кабинеті", "ru": "Кабинет гражданина", "en": "Citizen inbox"},
}


def labels_for(lang: str) -> dict[str, str]:
    return {key: texts[lang] for key, texts in LABELS.items()}
