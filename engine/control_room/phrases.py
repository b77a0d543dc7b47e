"""The words of the case page in the three languages."""

from __future__ import annotations

PHRASES: dict[str, dict[str, str]] = {
    "the_engine": {
        "kk": "Проактивті қызметтер жүйесі",
        "ru": "Система проактивных услуг",
        "en": "Proactive services engine",
    },
    "the_citizen": {"kk": "Азамат", "ru": "Гражданин", "en": "Citizen"},
    "an_official": {"kk": "қызметкер", "ru": "сотрудник", "en": "an official"},
    "simulated_official": {
        "kk": "демо-қызметкер",
        "ru": "демо-сотрудник",
        "en": "simulated official",
    },
    "channel_sms": {"kk": "СМС 1414", "ru": "СМС 1414", "en": "SMS 1414"},
    "channel_web": {"kk": "eGov порталы", "ru": "портал eGov", "en": "eGov portal"},
    "channel_api": {"kk": "eGov Mobile", "ru": "eGov Mobile", "en": "eGov Mobile"},
    "channel_push": {
        "kk": "eGov Mobile хабарламасы",
        "ru": "уведомление eGov Mobile",
        "en": "eGov Mobile notification",
    },
    "channel_email": {"kk": "электрондық пошта", "ru": "электронная почта", "en": "e-mail"},
    "channel_system": {"kk": "жүйе", "ru": "система", "en": "system"},
    "eligible": {"kk": "құқығы бар", "ru": "право есть", "en": "eligible"},
    "not_eligible": {"kk": "құқығы жоқ", "ru": "права нет", "en": "not eligible"},
    "unknown": {"kk": "деректер жеткіліксіз", "ru": "недостаточно данных", "en": "data missing"},
    "awaiting_law": {
        "kk": "заң мәні жарияланғанша күтуде",
        "ru": "ждёт опубликования значения закона",
        "en": "waiting for the law's value to be published",
    },
    "step_life_event": {
        "kk": "Тізілім өмірлік оқиғаны тіркеді",
        "ru": "Реестр зарегистрировал жизненное событие",
        "en": "The registry recorded the life event",
    },
    "step_facts_read": {
        "kk": "Деректер оқылды: {registry}, {agency} атынан",
        "ru": "Сведения прочитаны: {registry}, от имени: {agency}",
        "en": "Record read: {registry}, on behalf of {agency}",
    },
    "step_event_received": {
        "kk": "Жүйе оқиғаны алды",
        "ru": "Система получила событие",
        "en": "The engine received the event",
    },
    "inbox_created": {
        "kk": "Азаматқа ұсыныс жіберілді",
        "ru": "Гражданину направлено предложение",
        "en": "Offer sent to the citizen",
    },
    "inbox_accepted": {
        "kk": "Азамат келісті",
        "ru": "Гражданин согласился",
        "en": "The citizen accepted",
    },
    "inbox_declined": {
        "kk": "Азамат бас тартты",
        "ru": "Гражданин отказался",
        "en": "The citizen declined",
    },
    "inbox_expired": {
        "kk": "Жауап мерзімі өтті",
        "ru": "Срок ответа истёк",
        "en": "The offer expired",
    },
    "inbox_in_fulfilment": {"kk": "Орындалуда", "ru": "Исполняется", "en": "Being carried out"},
    "inbox_paid": {"kk": "Төленді", "ru": "Выплачено", "en": "Paid"},
    "inbox_granted": {"kk": "Берілді", "ru": "Предоставлено", "en": "Granted"},
    "inbox_rejected": {"kk": "Орган бас тартты", "ru": "Орган отказал", "en": "The agency refused"},
    "inbox_superseded": {
        "kk": "Жаңа шешіммен ауыстырылды",
        "ru": "Заменено новым решением",
        "en": "Replaced by a new decision",
    },
    "inbox_revoked": {"kk": "Кері қайтарылды", "ru": "Отозвано", "en": "Withdrawn"},
    "inbox_revised": {"kk": "Мәтін жаңартылды", "ru": "Текст обновлён", "en": "Text updated"},
    "inbox_reminded": {
        "kk": "Еске салу жіберілді",
        "ru": "Отправлено напоминание",
        "en": "Reminder sent",
    },
    "inbox_changed": {"kk": "Күйі өзгерді", "ru": "Статус изменён", "en": "Status changed"},
    "step_message_sent": {
        "kk": "Хабарлама жіберілді",
        "ru": "Сообщение отправлено",
        "en": "Message sent",
    },
    "step_message_delivered": {
        "kk": "Хабарлама жеткізілді",
        "ru": "Сообщение доставлено",
        "en": "Message delivered",
    },
    "step_task_created": {"kk": "Тапсырма құрылды", "ru": "Создана задача", "en": "Task created"},
    "step_task_opened": {
        "kk": "Тапсырма органның кезегіне түсті",
        "ru": "Задача поступила в очередь органа",
        "en": "Task entered the agency's queue",
    },
    "step_task_claimed": {
        "kk": "Тапсырманы қызметкер алды",
        "ru": "Задачу взял сотрудник",
        "en": "An official took the task",
    },
    "task_done": {"kk": "Тапсырма орындалды", "ru": "Задача выполнена", "en": "Task done"},
    "task_rejected": {
        "kk": "Тапсырма қабылданбады",
        "ru": "Задача отклонена",
        "en": "Task refused",
    },
    "task_cancelled": {
        "kk": "Тапсырма тоқтатылды",
        "ru": "Задача отменена",
        "en": "Task cancelled",
    },
    "case": {"kk": "Іс", "ru": "Дело", "en": "Case"},
    "case_of": {"kk": "Кім туралы", "ru": "О ком", "en": "Concerning"},
    "event_date": {"kk": "Оқиға күні", "ru": "Дата события", "en": "Date of the event"},
    "journey": {"kk": "Істің жолы", "ru": "Путь дела", "en": "The journey"},
    "lanes": {"kk": "Органдар бойынша", "ru": "По органам", "en": "By agency"},
    "when": {"kk": "Уақыты", "ru": "Время", "en": "Time"},
    "who": {"kk": "Кім", "ru": "Кто", "en": "Who"},
    "what": {"kk": "Не болды", "ru": "Что произошло", "en": "What happened"},
    "zone_note": {
        "kk": "Уақыт — Алматы уақыты",
        "ru": "Время — время Алматы",
        "en": "Times are Almaty time",
    },
    "without_application": {"kk": "Өтінішсіз", "ru": "Без заявления", "en": "Without application"},
    "by_application": {"kk": "Өтініш бойынша", "ru": "По заявлению", "en": "By application"},
    "seconds": {"kk": "с", "ru": "с", "en": "s"},
    "working_days_one": {
        "kk": "{n} жұмыс күніне дейін",
        "ru": "до {n} рабочего дня",
        "en": "up to {n} working day",
    },
    "working_days_other": {
        "kk": "{n} жұмыс күніне дейін",
        "ru": "до {n} рабочих дней",
        "en": "up to {n} working days",
    },
    "notified": {
        "kk": "Хабардар етілген органдар",
        "ru": "Уведомлённые органы",
        "en": "Agencies notified",
    },
    "confirmed": {"kk": "растады", "ru": "подтвердил", "en": "confirmed"},
    "pending": {"kk": "күтілуде", "ru": "ожидается", "en": "pending"},
    "back": {
        "kk": "Басқару орталығына",
        "ru": "В центр управления",
        "en": "Back to the control room",
    },
    "open_phone": {
        "kk": "Азаматтың телефонын ашу",
        "ru": "Открыть телефон гражданина",
        "en": "Open this citizen's phone",
    },
    "no_case": {"kk": "Мұндай іс жоқ", "ru": "Такого дела нет", "en": "No such case"},
    "due": {"kk": "мерзімі", "ru": "срок", "en": "due"},
    "on_time": {"kk": "мерзімінде", "ru": "в срок", "en": "on time"},
    "late": {"kk": "мерзімі өтіп", "ru": "с опозданием", "en": "late"},
}


def phrase(key: str, lang: str) -> str:
    texts = PHRASES.get(key)
    if texts is None:
        return key
    return texts.get(lang) or texts["en"]
