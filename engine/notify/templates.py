"""Message templates, versioned: every message sent records the template and version it was
written from, so what a citizen was told can always be reproduced. Change a text by adding a
new version (bump ``version``), never by editing a version that has been used."""

from __future__ import annotations

from dataclasses import dataclass

from engine.kernel.texts import Lang

SENDER = "1414"


@dataclass(frozen=True)
class Template:
    id: str
    version: int
    parts: dict[str, dict[Lang, str]]

    def part(self, key: str, lang: Lang, /, **values: object) -> str:
        return self.parts[key][lang].format(**values)


BUNDLE = Template(
    "bundle",
    3,
    {
        "intro": {
            "kk": "1414: {event}{for_whom}. Сізге мемлекет ұсынады (№{ref}):",
            "ru": "1414: {event}{for_whom}. Государство предлагает вам (№{ref}):",
            "en": "1414: {event}{for_whom}. The state offers you (No. {ref}):",
        },
        "for_whom": {"kk": " ({name} үшін)", "ru": " (для {name})", "en": " (for {name})"},
        "item": {
            "kk": "- {title}{amount}{status}",
            "ru": "- {title}{amount}{status}",
            "en": "- {title}{amount}{status}",
        },
        "granted": {"kk": " - тағайындалды", "ru": " - назначено", "en": " - granted"},
        "informed": {"kk": " - ақпарат үшін", "ru": " - для сведения", "en": " - for information"},
        "consent": {
            "kk": "Келісесіз бе? 1 (Иә) немесе 2 (Жоқ) деп жауап беріңіз. Жауап беру мерзімі: "
            "{deadline}.",
            "ru": "Согласны? Ответьте 1 (Да) или 2 (Нет) до {deadline}.",
            "en": "Do you agree? Reply 1 (Yes) or 2 (No) by {deadline}.",
        },
        "bank": {
            "kk": "Банк шотыңыз жоқ: жауапқа IBAN жазыңыз (KZ...).",
            "ru": "У нас нет вашего счёта: пришлите IBAN (KZ...) в ответ.",
            "en": "We have no bank account for you: reply with your IBAN (KZ...).",
        },
        "footer": {
            "kk": "Толығырақ: eGov Mobile. 1414 құпия кодтарды ешқашан сұрамайды.",
            "ru": "Подробнее: eGov Mobile. 1414 никогда не просит коды и пароли.",
            "en": "Details: eGov Mobile. 1414 never asks for codes or passwords.",
        },
    },
)

REMINDER = Template(
    "reminder",
    2,
    {
        "body": {
            "kk": "1414: еске саламыз, №{ref} ұсыныс ({titles}) әлі ашық, жауап беру мерзімі: "
            "{deadline}. 1 - келісемін, 2 - бас тартамын.",
            "ru": "1414: напоминаем, предложение №{ref} ({titles}) действует до {deadline}. "
            "1 - согласен, 2 - отказываюсь.",
            "en": "1414: reminder, offer No. {ref} ({titles}) is open until {deadline}. "
            "1 - accept, 2 - decline.",
        },
    },
)

EXPIRED = Template(
    "expired",
    2,
    {
        "body": {
            "kk": "1414: №{ref} ұсыныстың ({titles}) мерзімі өтті. Әлі де қаласаңыз, 1 деп жауап "
            "беріңіз немесе eGov Mobile-да қайта сұраңыз (мерзімі: {until}).",
            "ru": "1414: срок предложения №{ref} ({titles}) истёк. Если вы ещё хотите его "
            "получить, ответьте 1 до {until} или запросите снова в eGov Mobile.",
            "en": "1414: offer No. {ref} ({titles}) has expired. If you still want it, reply 1 "
            "by {until} or ask again in eGov Mobile.",
        },
    },
)

ANSWER = Template(
    "answer",
    2,
    {
        "accepted": {
            "kk": "1414: рақмет, №{ref} ({titles}) бойынша келісіміңіз қабылданды. "
            "Орындайтын орган: {agency}.",
            "ru": "1414: спасибо, ваше согласие по №{ref} ({titles}) принято. Исполняет: {agency}.",
            "en": "1414: thank you, your consent to No. {ref} ({titles}) is recorded. "
            "{agency} will assign it.",
        },
        "declined": {
            "kk": "1414: №{ref} ({titles}) бойынша бас тарттыңыз. Ойыңыз өзгерсе, 1 деп жауап "
            "беріңіз немесе eGov Mobile-да болдырмаңыз (мерзімі: {until}).",
            "ru": "1414: вы отказались от №{ref} ({titles}). Передумали? Ответьте 1 до {until} "
            "или отмените отказ в eGov Mobile.",
            "en": "1414: you declined No. {ref} ({titles}). Changed your mind? Reply 1 by "
            "{until} or undo it in eGov Mobile.",
        },
        "reopened": {
            "kk": "1414: №{ref} ұсыныс ({titles}) қайта ашық, жауап беру мерзімі: {deadline}. "
            "1 - келісемін, 2 - бас тартамын.",
            "ru": "1414: предложение №{ref} ({titles}) снова открыто до {deadline}. "
            "1 - согласен, 2 - отказываюсь.",
            "en": "1414: offer No. {ref} ({titles}) is open again until {deadline}. "
            "1 - accept, 2 - decline.",
        },
    },
)

STATUS = Template(
    "status",
    1,
    {
        "assigned": {
            "kk": "1414: №{ref} ({titles}) бойынша төлем тағайындалды, күні: {date}.",
            "ru": "1414: выплата по №{ref} ({titles}) назначена {date}.",
            "en": "1414: the payment for No. {ref} ({titles}) was assigned on {date}.",
        },
        "started": {
            "kk": "1414: №{ref} ({titles}) бойынша орындау басталды, күні: {date}.",
            "ru": "1414: по №{ref} ({titles}) начато исполнение {date}.",
            "en": "1414: work on No. {ref} ({titles}) started on {date}.",
        },
        "paid": {
            "kk": "1414: №{ref} ({titles}) бойынша {amount} төленді, күні: {date}.",
            "ru": "1414: по №{ref} ({titles}) выплачено {amount} {date}.",
            "en": "1414: {amount} for No. {ref} ({titles}) was paid on {date}.",
        },
        "granted": {
            "kk": "1414: №{ref} ({titles}) орындалды, күні: {date}.",
            "ru": "1414: по №{ref} ({titles}) всё выполнено {date}.",
            "en": "1414: No. {ref} ({titles}) was carried out on {date}.",
        },
        "rejected": {
            "kk": "1414: №{ref} ({titles}) бойынша бас тартылды. Себебін 1414 нөмірінен біліңіз.",
            "ru": "1414: по №{ref} ({titles}) отказано. Причину можно узнать по номеру 1414.",
            "en": "1414: No. {ref} ({titles}) was refused. Call 1414 to learn why.",
        },
    },
)

SMS_REPLY = Template("sms_reply", 1, {"body": {"kk": "{text}", "ru": "{text}", "en": "{text}"}})

TEMPLATES: dict[str, Template] = {
    t.id: t for t in (BUNDLE, REMINDER, EXPIRED, ANSWER, STATUS, SMS_REPLY)
}
