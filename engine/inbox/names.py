"""The shared vocabulary of every page, message and report, in the three languages: what
citizens call the agencies and registries, an item's statuses and history, the channels, the
people who act, the facts a rule reads and the purposes of a data access. Codes never reach a
reader: each ``*_name`` function gives the reader's word, or the code itself for one this
vocabulary does not know yet (a test checks that every code the engine writes is known)."""

from __future__ import annotations

from engine.kernel.fact_names import (
    FIELD_NAMES,
    PARTY_NAMES,
    UNIT_NAMES,
    VALUE_NAMES,
    Names,
    fact_name,
    fact_value,
    named,
    unit_name,
)
from engine.kernel.texts import Lang

__all__ = [
    "FIELD_NAMES",
    "PARTY_NAMES",
    "UNIT_NAMES",
    "VALUE_NAMES",
    "fact_name",
    "fact_value",
    "unit_name",
]

AGENCY_NAMES: Names = {
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

REGISTRY_NAMES: Names = {
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


STATUS_NAMES: Names = {
    "offered": {"kk": "жауап күтуде", "ru": "ждёт ответа", "en": "awaiting your answer"},
    "accepted": {"kk": "келісім берілді", "ru": "согласие дано", "en": "accepted"},
    "declined": {"kk": "бас тартылды", "ru": "отказ", "en": "declined"},
    "expired": {"kk": "мерзімі өтті", "ru": "срок истёк", "en": "expired"},
    "in_fulfilment": {"kk": "орындалуда", "ru": "исполняется", "en": "in progress"},
    "granted": {"kk": "тағайындалды", "ru": "назначено", "en": "granted"},
    "paid": {"kk": "төленді", "ru": "выплачено", "en": "paid"},
    "rejected": {"kk": "қабылданбады", "ru": "отклонено", "en": "rejected"},
    "informed": {"kk": "ақпарат үшін", "ru": "для сведения", "en": "for information"},
    "superseded": {"kk": "ауыстырылды", "ru": "заменено", "en": "replaced"},
    "revoked": {"kk": "кері қайтарылды", "ru": "отозвано", "en": "withdrawn"},
}

ACTION_NAMES: Names = {
    "offered": {"kk": "Ұсынылды", "ru": "Предложено", "en": "Offered"},
    "created": {"kk": "Ұсыныс жасалды", "ru": "Создано", "en": "Created"},
    "accepted": {"kk": "Келісім берілді", "ru": "Дано согласие", "en": "Accepted"},
    "declined": {"kk": "Бас тартылды", "ru": "Отказ", "en": "Declined"},
    "decline_undone": {
        "kk": "Бас тарту болдырылмады",
        "ru": "Отказ отменён",
        "en": "Refusal undone",
    },
    "asked_again": {"kk": "Қайта сұралды", "ru": "Запрошено снова", "en": "Asked for again"},
    "expired": {
        "kk": "Жауап беру мерзімі өтті",
        "ru": "Срок ответа истёк",
        "en": "The time to answer ran out",
    },
    "in_fulfilment": {
        "kk": "Орындау басталды",
        "ru": "Начато исполнение",
        "en": "Work started",
    },
    "granted": {"kk": "Тағайындалды", "ru": "Назначено", "en": "Granted"},
    "paid": {"kk": "Төленді", "ru": "Выплачено", "en": "Paid"},
    "rejected": {"kk": "Қабылданбады", "ru": "Отклонено", "en": "Rejected"},
    "informed": {"kk": "Хабарланды", "ru": "Сообщено", "en": "Informed"},
    "revoked": {"kk": "Кері қайтарылды", "ru": "Отозвано", "en": "Withdrawn"},
    "superseded": {
        "kk": "Жаңасымен ауыстырылды",
        "ru": "Заменено новым",
        "en": "Replaced by a new one",
    },
    "revised": {"kk": "Қайта қаралды", "ru": "Пересмотрено", "en": "Revised"},
    "bank_account_given": {
        "kk": "Банк шоты көрсетілді",
        "ru": "Указан банковский счёт",
        "en": "Bank account given",
    },
    "data_requested": {
        "kk": "Деректер сұралды",
        "ru": "Запрошены сведения",
        "en": "Data requested",
    },
    "reminder_due": {
        "kk": "Еске салу уақыты келді",
        "ru": "Пора напомнить",
        "en": "Reminder due",
    },
    "bundle_sent": {
        "kk": "Ұсыныс жіберілді",
        "ru": "Отправлено предложение",
        "en": "Offer sent",
    },
    "reminder_sent": {
        "kk": "Еске салу жіберілді",
        "ru": "Отправлено напоминание",
        "en": "Reminder sent",
    },
    "expired_sent": {
        "kk": "Мерзімі өткені туралы хабарланды",
        "ru": "Сообщено об истечении срока",
        "en": "Expiry notice sent",
    },
    "answer_accepted_sent": {
        "kk": "Келісім расталды",
        "ru": "Отправлено подтверждение согласия",
        "en": "Consent confirmed",
    },
    "answer_declined_sent": {
        "kk": "Бас тарту расталды",
        "ru": "Отправлено подтверждение отказа",
        "en": "Refusal confirmed",
    },
    "answer_reopened_sent": {
        "kk": "Қайта ашылғаны хабарланды",
        "ru": "Сообщено о повторном открытии",
        "en": "Reopening notice sent",
    },
    "status_sent": {
        "kk": "Барысы туралы хабарланды",
        "ru": "Сообщено о ходе исполнения",
        "en": "Progress notice sent",
    },
    "not_sent": {
        "kk": "Хабарлама жіберілмеді",
        "ru": "Сообщение не отправлено",
        "en": "Message not sent",
    },
}

CHANNEL_NAMES: Names = {
    "web": {"kk": "eGov сайты", "ru": "сайт eGov", "en": "eGov website"},
    "api": {"kk": "ведомство жүйесі", "ru": "система ведомства", "en": "agency system"},
    "sms": {"kk": "SMS", "ru": "SMS", "en": "SMS"},
    "push": {"kk": "eGov Mobile", "ru": "eGov Mobile", "en": "eGov Mobile"},
    "email": {"kk": "электрондық пошта", "ru": "электронная почта", "en": "e-mail"},
    "system": {"kk": "жүйе", "ru": "система", "en": "system"},
}

ACTOR_NAMES: Names = {
    "citizen": {"kk": "азамат", "ru": "гражданин", "en": "citizen"},
    "representative": {"kk": "өкіл", "ru": "представитель", "en": "representative"},
    "parent": {"kk": "ата-ана", "ru": "родитель", "en": "parent"},
    "system": {"kk": "жүйе", "ru": "система", "en": "system"},
    "engine": {"kk": "жүйе", "ru": "система", "en": "system"},
}

MESSAGE_STATUS_NAMES: Names = {
    "pending": {"kk": "жіберілуде", "ru": "отправляется", "en": "being sent"},
    "sent": {"kk": "жіберілді", "ru": "отправлено", "en": "sent"},
    "delivered": {"kk": "жеткізілді", "ru": "доставлено", "en": "delivered"},
    "failed": {"kk": "жеткізілмеді", "ru": "не доставлено", "en": "not delivered"},
    "skipped": {"kk": "жіберілмеді", "ru": "не отправлялось", "en": "not sent"},
    "cancelled": {"kk": "тоқтатылды", "ru": "отменено", "en": "cancelled"},
    "accepted": {"kk": "операторға берілді", "ru": "передано оператору", "en": "handed over"},
    "received": {"kk": "алынды", "ru": "получено", "en": "received"},
}

TASK_STATUS_NAMES: Names = {
    "waiting": {
        "kk": "алдыңғы қадамды күтуде",
        "ru": "ждёт предыдущего шага",
        "en": "waiting for an earlier step",
    },
    "open": {"kk": "орындауға ашық", "ru": "к исполнению", "en": "open"},
    "awaiting_consent": {
        "kk": "азаматтың келісімін күтуде",
        "ru": "ждёт согласия гражданина",
        "en": "awaiting the citizen's consent",
    },
    "on_hold": {"kk": "тоқтатылған", "ru": "приостановлено", "en": "on hold"},
    "overdue": {"kk": "мерзімі өтіп кетті", "ru": "просрочено", "en": "overdue"},
    "done": {"kk": "орындалды", "ru": "выполнено", "en": "done"},
    "rejected": {"kk": "бас тартылды", "ru": "отказано", "en": "refused"},
    "cancelled": {"kk": "тоқтатылды", "ru": "отменено", "en": "cancelled"},
}

DELIVERY_NAMES: Names = {
    "automatic": {"kk": "автоматты түрде", "ru": "автоматически", "en": "automatically"},
    "consent": {"kk": "келісіммен", "ru": "с согласия", "en": "with consent"},
    "inform": {"kk": "хабарлама ғана", "ru": "только уведомление", "en": "information only"},
}

# The engine states each purpose of a data access in English; the registries keep it so.
PURPOSE_NAMES: Names = {
    "not stated": {"kk": "көрсетілмеген", "ru": "не указана", "en": "not stated"},
    "time milestones": {
        "kk": "Жас мерзімдерін тексеру (зейнет жасы және т.б.)",
        "ru": "Проверка наступления возрастных сроков (пенсионный возраст и др.)",
        "en": "Checking age milestones (retirement age and others)",
    },
    "change feed": {
        "kk": "Тізілімдегі өзгерістерді қадағалау",
        "ru": "Отслеживание изменений в реестре",
        "en": "Following the registry's changes",
    },
    "civil status registration": {
        "kk": "Азаматтық хал актісін тіркеу",
        "ru": "Регистрация акта гражданского состояния",
        "en": "Civil status registration",
    },
    "vehicle registration": {
        "kk": "Көлік құралын тіркеу",
        "ru": "Регистрация транспортного средства",
        "en": "Vehicle registration",
    },
    "social insurance status": {
        "kk": "Әлеуметтік сақтандыру мәртебесін тексеру",
        "ru": "Проверка статуса в системе соцстрахования",
        "en": "Checking the social insurance status",
    },
    "kindergarten queue": {
        "kk": "Балабақшаға кезек",
        "ru": "Очередь в детский сад",
        "en": "Kindergarten queue",
    },
    "tax assessment": {"kk": "Салық есептеу", "ru": "Начисление налога", "en": "Tax assessment"},
    "pension savings account": {
        "kk": "Зейнетақы жинағы шоты",
        "ru": "Счёт пенсионных накоплений",
        "en": "Pension savings account",
    },
    "demo scenario": {
        "kk": "Демонстрациялық сценарий",
        "ru": "Демонстрационный сценарий",
        "en": "Demo scenario",
    },
    "disability expertise": {
        "kk": "Медициналық-әлеуметтік сараптама",
        "ru": "Медико-социальная экспертиза",
        "en": "Disability assessment",
    },
    "payment": {"kk": "Төлем", "ru": "Выплата", "en": "Payment"},
    "Showing the citizen where their messages are sent": {
        "kk": "Азаматқа хабарламалары қайда жіберілетінін көрсету",
        "ru": "Показ гражданину, куда отправляются его сообщения",
        "en": "Showing the citizen where their messages are sent",
    },
    "Sending the citizen a notice about their entitlements": {
        "kk": "Азаматқа оның құқықтары туралы хабарлама жіберу",
        "ru": "Отправка гражданину уведомления о положенных ему мерах",
        "en": "Sending the citizen a notice about their entitlements",
    },
    "Answering the citizen's SMS to 1414": {
        "kk": "Азаматтың 1414-ке жіберген SMS-іне жауап беру",
        "ru": "Ответ на SMS гражданина на номер 1414",
        "en": "Answering the citizen's SMS to 1414",
    },
    "Checking that a parent may act for their minor child": {
        "kk": "Ата-ананың кәмелетке толмаған бала атынан әрекет ете алатынын тексеру",
        "ru": "Проверка права родителя действовать за несовершеннолетнего ребёнка",
        "en": "Checking that a parent may act for their minor child",
    },
    "Listing the minor children a parent may act for": {
        "kk": "Ата-ана атынан әрекет ете алатын кәмелетке толмаған балаларды анықтау",
        "ru": "Определение несовершеннолетних детей, за которых может действовать родитель",
        "en": "Listing the minor children a parent may act for",
    },
    "Showing the citizen's inbox in their language": {
        "kk": "Азаматтың хабарламаларын оның тілінде көрсету",
        "ru": "Показ уведомлений гражданина на его языке",
        "en": "Showing the citizen's inbox in their language",
    },
}


def status_name(code: str, lang: Lang) -> str:
    """An inbox item's status: ``offered`` is «ждёт ответа»."""
    return named(STATUS_NAMES, code, lang)


def action_name(code: str, lang: Lang) -> str:
    """An entry of an item's history: ``bundle_sent`` is «Отправлено предложение»."""
    return named(ACTION_NAMES, code, lang)


def channel_name(code: str, lang: Lang) -> str:
    return named(CHANNEL_NAMES, code, lang)


def actor_name(code: str, lang: Lang) -> str:
    """Who acted: a person's role, the system, or an agency by its name."""
    return ACTOR_NAMES[code][lang] if code in ACTOR_NAMES else agency_name(code, lang)


def message_status_name(code: str, lang: Lang) -> str:
    return named(MESSAGE_STATUS_NAMES, code, lang)


def task_status_name(code: str, lang: Lang) -> str:
    return named(TASK_STATUS_NAMES, code, lang)


def delivery_name(code: str, lang: Lang) -> str:
    return named(DELIVERY_NAMES, code, lang)


def purpose_name(purpose: str, lang: Lang) -> str:
    """A purpose the engine or a registry stated for a data access, in the reader's language;
    a purpose this vocabulary does not know is shown as stated."""
    return named(PURPOSE_NAMES, purpose, lang)
