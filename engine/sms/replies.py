"""What 1414 answers to a citizen's SMS, in their language."""

from __future__ import annotations

from engine.kernel.texts import Lang

REPLIES: dict[str, dict[Lang, str]] = {
    "accepted": {
        "kk": "1414: рақмет! №{ref} бойынша келісіміңіз қабылданды: {titles}.",
        "ru": "1414: спасибо! Ваше согласие по №{ref} принято: {titles}.",
        "en": "1414: thank you! Your consent to No. {ref} is recorded: {titles}.",
    },
    "declined": {
        "kk": "1414: №{ref} бойынша бас тарттыңыз: {titles}. Ойыңыз өзгерсе, 1 деп жауап "
        "беріңіз (мерзімі: {until}).",
        "ru": "1414: вы отказались от №{ref}: {titles}. Передумали? Ответьте 1 до {until}.",
        "en": "1414: you declined No. {ref}: {titles}. Changed your mind? Reply 1 by {until}.",
    },
    "undone": {
        "kk": "1414: бас тартуыңыз болдырылмады, №{ref} бойынша келісіміңіз қабылданды: {titles}.",
        "ru": "1414: ваш отказ отменён, согласие по №{ref} принято: {titles}.",
        "en": "1414: your refusal is undone and your consent to No. {ref} recorded: {titles}.",
    },
    "reasked": {
        "kk": "1414: №{ref} ұсынысы қайта ашылды, келісіміңіз қабылданды: {titles}.",
        "ru": "1414: предложение №{ref} открыто снова, ваше согласие принято: {titles}.",
        "en": "1414: offer No. {ref} is open again and your consent is recorded: {titles}.",
    },
    "which": {
        "kk": "1414: сізде бірнеше ұсыныс бар: {offers}. Нөмірін қоса жауап беріңіз, мысалы "
        "«1 {example}» (келісемін) немесе «2 {example}» (бас тартамын).",
        "ru": "1414: у вас несколько предложений: {offers}. Ответьте с номером, например "
        "«1 {example}» (согласен) или «2 {example}» (отказываюсь).",
        "en": "1414: you have several offers: {offers}. Reply with the number, for example "
        "“1 {example}” (accept) or “2 {example}” (decline).",
    },
    "unknown_reference": {
        "kk": "1414: №{ref} ашық ұсыныс табылмады. Ашық ұсыныстар: {offers}.",
        "ru": "1414: открытое предложение №{ref} не найдено. Открытые предложения: {offers}.",
        "en": "1414: there is no open offer No. {ref}. Your open offers: {offers}.",
    },
    "nothing_open": {
        "kk": "1414: сізде жауап күтетін ұсыныс жоқ. Толығырақ: eGov Mobile немесе 1414 (тегін).",
        "ru": "1414: у вас нет предложений, ожидающих ответа. Подробнее: eGov Mobile или "
        "1414 (бесплатно).",
        "en": "1414: you have no offer waiting for an answer. Details: eGov Mobile or 1414 (free).",
    },
    "ambiguous": {
        "kk": "1414: жауабыңыз екіұшты, сондықтан ештеңе өзгертілмеді. Келісу үшін 1 (Иә), "
        "бас тарту үшін 2 (Жоқ) деп жауап беріңіз.",
        "ru": "1414: ответ неоднозначный, поэтому ничего не изменено. Чтобы согласиться, "
        "ответьте 1 (Да), чтобы отказаться - 2 (Нет).",
        "en": "1414: your reply could mean yes or no, so nothing was changed. Reply 1 (Yes) "
        "to accept or 2 (No) to decline.",
    },
    "unclear": {
        "kk": "1414: жауабыңызды түсінбедік. Келісу үшін 1 (Иә), бас тарту үшін 2 (Жоқ) деп "
        "жауап беріңіз. Сұрақтар: 1414 (тегін).",
        "ru": "1414: мы не поняли ответ. Чтобы согласиться, ответьте 1 (Да), чтобы "
        "отказаться - 2 (Нет). Вопросы: 1414 (бесплатно).",
        "en": "1414: we did not understand your reply. Reply 1 (Yes) to accept or 2 (No) to "
        "decline. Questions: call 1414 (free).",
    },
    "help": {
        "kk": "1414: ашық ұсыныстар: {offers}. 1 - келісемін, 2 - бас тартамын. Тіл: KK, RU "
        "немесе EN деп жазыңыз. Сұрақтар: 1414 (тегін).",
        "ru": "1414: открытые предложения: {offers}. 1 - согласен, 2 - отказываюсь. Язык: "
        "напишите KK, RU или EN. Вопросы: 1414 (бесплатно).",
        "en": "1414: open offers: {offers}. 1 - accept, 2 - decline. Language: send KK, RU or "
        "EN. Questions: call 1414 (free).",
    },
    "none": {"kk": "жоқ", "ru": "нет", "en": "none"},
    "iban_saved": {
        "kk": "1414: банк шотыңыз (…{last4}) қабылданды.",
        "ru": "1414: ваш банковский счёт (…{last4}) принят.",
        "en": "1414: your bank account (…{last4}) is recorded.",
    },
    "iban_invalid": {
        "kk": "1414: IBAN дұрыс емес ({problem}). Тексеріп, қайта жіберіңіз.",
        "ru": "1414: IBAN неверный ({problem}). Проверьте и пришлите снова.",
        "en": "1414: the IBAN is not valid ({problem}). Please check it and send it again.",
    },
    "language_set": {
        "kk": "1414: енді хабарламаларды қазақ тілінде аласыз.",
        "ru": "1414: теперь сообщения будут приходить на русском языке.",
        "en": "1414: you will now receive messages in English.",
    },
    "stopped": {
        "kk": "1414: SMS хабарламалар тоқтатылды, хабарламалар eGov Mobile-ға келеді.",
        "ru": "1414: SMS отключены, уведомления будут приходить в eGov Mobile.",
        "en": "1414: SMS messages are switched off; notices will reach you in eGov Mobile.",
    },
}


def reply(key: str, lang: Lang, **values: object) -> str:
    return REPLIES[key][lang].format(**values)
