"""The explanation shown with every item, built once when the item is created from the
decision's trace (so it always tells what was true at the time of the decision): why the
citizen is offered it and what happens next, in each language."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from engine.inbox.names import agency_name, registry_name
from engine.inbox.timeutil import shown
from engine.kernel.dictionary import LOOKUPS
from engine.kernel.evaluate import LawGap, law_gap_text
from engine.kernel.life_events import LifeEvent
from engine.kernel.rules import Rule
from engine.kernel.texts import LANGUAGES, Lang, format_value

FIELD_LABELS: dict[str, dict[Lang, str]] = {
    "citizenship": {"kk": "Азаматтығы", "ru": "Гражданство", "en": "Citizenship"},
    "birth_order": {
        "kk": "Туу реттік нөмірі",
        "ru": "Очерёдность рождения",
        "en": "Birth order",
    },
    "birth_date": {"kk": "Туған күні", "ru": "Дата рождения", "en": "Date of birth"},
    "region": {"kk": "Өңір", "ru": "Регион", "en": "Region"},
    "sex": {"kk": "Жынысы", "ru": "Пол", "en": "Sex"},
    "alive": {"kk": "Тірі", "ru": "Жив(а)", "en": "Alive"},
    "has_bank_account": {
        "kk": "Банк шоты бар",
        "ru": "Банковский счёт в базе",
        "en": "Bank account on file",
    },
}

VALUE_LABELS: dict[str, dict[Lang, str]] = {
    "citizen": {"kk": "ҚР азаматы", "ru": "гражданин РК", "en": "citizen of Kazakhstan"},
    "kandas": {"kk": "қандас", "ru": "кандас", "en": "kandas"},
    "permanent_resident": {
        "kk": "тұрақты тұратын",
        "ru": "постоянно проживающий",
        "en": "permanent resident",
    },
    "foreigner": {"kk": "шетел азаматы", "ru": "иностранец", "en": "foreign national"},
}

PARTY_LABELS: dict[str, dict[Lang, str]] = {
    "mother": {"kk": "Ана", "ru": "Мать", "en": "Mother"},
    "father": {"kk": "Әке", "ru": "Отец", "en": "Father"},
    "child": {"kk": "Бала", "ru": "Ребёнок", "en": "Child"},
    "person": {"kk": "Азамат", "ru": "Гражданин", "en": "Citizen"},
    "deceased": {"kk": "Қайтыс болған", "ru": "Умерший", "en": "Deceased"},
    "spouse": {"kk": "Жұбайы", "ru": "Супруг(а)", "en": "Spouse"},
    "owner": {"kk": "Иесі", "ru": "Владелец", "en": "Owner"},
}

NEXT: dict[str, dict[Lang, list[str]]] = {
    "consent": {
        "kk": [
            "{deadline} дейін келісіміңізді беріңіз (1414-ке «Иә» деп жауап беріңіз немесе "
            "осы бетте «Келісемін» түймесін басыңыз).",
            "{agency} сіздің келісіміңізден кейін тағайындайды.",
            "Ақша сіздің банк шотыңызға аударылады.",
        ],
        "ru": [
            "Дайте согласие до {deadline} (ответьте «Да» на SMS от 1414 или нажмите "
            "«Согласен» на этой странице).",
            "{agency} назначит выплату после вашего согласия.",
            "Деньги поступят на ваш банковский счёт.",
        ],
        "en": [
            "Give your consent by {deadline} (reply “Yes” to the SMS from 1414 or press "
            "“Accept” on this page).",
            "{agency} assigns the payment once you have agreed.",
            "The money is transferred to your bank account.",
        ],
    },
    "automatic": {
        "kk": [
            "Сізден ештеңе талап етілмейді: {agency} өзі тағайындады.",
            "Ақша сіздің банк шотыңызға аударылады.",
        ],
        "ru": [
            "От вас ничего не требуется: {agency} назначает выплату сама.",
            "Деньги поступят на ваш банковский счёт.",
        ],
        "en": [
            "Nothing is needed from you: {agency} assigns it on its own.",
            "The money is transferred to your bank account.",
        ],
    },
    "inform": {
        "kk": ["Бұл хабарлама ғана, ештеңе істеудің қажеті жоқ."],
        "ru": ["Это только уведомление, делать ничего не нужно."],
        "en": ["This is for your information only; there is nothing to do."],
    },
}


def build_explanation(
    rule: Rule,
    trace: dict[str, Any],
    life_event: LifeEvent | None,
    law_date: str | None,
    amount_kzt: int | None,
) -> dict[str, Any]:
    return {
        lang: {
            "why": _why(rule, trace, life_event, law_date, amount_kzt, lang),
            "next": _next(rule, lang),
        }
        for lang in LANGUAGES
    }


def _why(
    rule: Rule,
    trace: dict[str, Any],
    life_event: LifeEvent | None,
    law_date: str | None,
    amount_kzt: int | None,
    lang: Lang,
) -> dict[str, Any]:
    texts = {c.id: c for c in rule.conditions}
    conditions = []
    for result in trace.get("conditions", []):
        condition = texts.get(result.get("id"))
        if condition is None:
            continue
        holds = result.get("holds")
        text = condition.holds.in_(lang) if holds else condition.fails.in_(lang)
        conditions.append({"id": condition.id, "holds": holds, "text": text})
    computations = []
    values = trace.get("values", {})
    for computation in rule.computations:
        if computation.id not in values:
            continue
        described = computation.description.in_(lang) if computation.description else None
        computations.append(
            {
                "id": computation.id,
                "description": described,
                "formula": computation.expr,
                "value": _shown(values[computation.id]),
            }
        )
    parameters = [
        {
            "id": parameter_id,
            "value": _shown(used.get("value")),
            "valid_from": used.get("from"),
            "reference": used.get("reference", {}),
        }
        for parameter_id, used in sorted(trace.get("parameters", {}).items())
    ]
    return {
        "summary": rule.description.in_(lang),
        "conditions": conditions,
        "data": _data_used(trace.get("facts", {}), life_event, lang),
        "amount": None
        if amount_kzt is None
        else {"amount_kzt": amount_kzt, "steps": computations, "parameters": parameters},
        "legal_basis": [ref.model_dump(exclude_none=True) for ref in rule.legal_basis],
        "projected": [
            law_gap_text(LawGap.from_json(gap), lang, projected=True)
            for gap in trace.get("projected", [])
        ],
        "law_date": law_date,
        "agency": rule.agency,
        "agency_name": agency_name(rule.agency, lang),
    }


def _data_used(
    facts: dict[str, Any], life_event: LifeEvent | None, lang: Lang
) -> list[dict[str, Any]]:
    used = []
    for path, value in sorted(facts.items()):
        source, _, field = path.partition(".")
        registry = None
        purpose = None
        if source == "event" and life_event is not None:
            registry = life_event.trigger.registry
        elif life_event is not None and source in life_event.facts:
            fact = life_event.facts[source]
            registry = LOOKUPS[fact.lookup].registry
            purpose = fact.purpose.in_(lang)
        party = PARTY_LABELS.get(source, {}).get(lang, source)
        label = FIELD_LABELS.get(field, {}).get(lang, field.replace("_", " "))
        used.append(
            {
                "field": path,
                "label": f"{party}: {label}" if source != "event" else label,
                "value": _shown(value, lang),
                "registry": registry,
                "registry_name": registry_name(registry, lang) if registry else None,
                "purpose": purpose,
            }
        )
    return used


def _shown(value: Any, lang: Lang = "en") -> str:
    if isinstance(value, str) and value in VALUE_LABELS:
        return VALUE_LABELS[value][lang]
    if value is None:
        return "—"
    if isinstance(value, str):
        try:
            from decimal import Decimal

            return format_value(Decimal(value))
        except ArithmeticError:
            return value
    return format_value(value)


def _next(rule: Rule, lang: Lang) -> dict[str, Any]:
    declared: Any = getattr(rule, "steps", None)
    steps: list[dict[str, Any]] = []
    if declared:
        for index, step in enumerate(declared, start=1):
            agency = str(getattr(step, "agency", rule.agency))
            action: Any = getattr(step, "action", None) or getattr(step, "title", None)
            text = action.in_(lang) if hasattr(action, "in_") else str(action or "")
            sla = getattr(step, "sla_working_days", None)
            steps.append(
                {
                    "order": index,
                    "agency": agency,
                    "agency_name": agency_name(agency, lang),
                    "action": text,
                    "working_days": sla if isinstance(sla, int) else None,
                }
            )
    return {
        "delivery": rule.delivery,
        "lines": list(NEXT[rule.delivery][lang]),
        "steps": steps,
        "agency": rule.agency,
        "agency_name": agency_name(rule.agency, lang),
    }


def render_next(explanation: dict[str, Any], deadline: datetime | None, lang: Lang) -> list[str]:
    """The "what happens next" lines with the deadline and agency filled in."""
    nxt = explanation.get("next", {})
    when = shown(deadline, lang)
    agency = nxt.get("agency_name", "")
    return [line.format(deadline=when, agency=agency) for line in nxt.get("lines", [])]
