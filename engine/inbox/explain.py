"""The explanation shown with every item, built once when the item is created from the
decision's trace (so it always tells what was true at the time of the decision): why the
citizen is offered it and what happens next, in each language, in words and figures a
citizen reads (no field names, no formulas in code)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from engine.inbox.names import agency_name, registry_name
from engine.inbox.timeutil import shown
from engine.kernel.dictionary import LOOKUPS
from engine.kernel.evaluate import (
    LawGap,
    first_payment_text,
    law_gap_text,
    modifier_lines_of,
    parameter_text,
)
from engine.kernel.fact_names import fact_name, fact_value
from engine.kernel.formula import computation_steps
from engine.kernel.l10n import day, money
from engine.kernel.life_events import LifeEvent
from engine.kernel.parameters import LegalReference
from engine.kernel.rules import Rule
from engine.kernel.texts import LANGUAGES, Lang

# What happens next, by delivery and by whether money is paid. ``ask`` is shown only while
# the item waits for the citizen's answer: a paid or informed item never asks for consent.
ASK: dict[Lang, str] = {
    "kk": "Келісім беру мерзімі: {deadline}. 1414-тен келген SMS-ке «Иә» деп жауап беріңіз "
    "немесе осы бетте «Келісемін» түймесін басыңыз.",
    "ru": "Дайте согласие до {deadline}: ответьте «Да» на SMS от 1414 или нажмите "
    "«Согласен» на этой странице.",
    "en": "Give your consent by {deadline}: reply “Yes” to the SMS from 1414 or press "
    "“Accept” on this page.",
}
NEXT: dict[tuple[str, bool], dict[Lang, list[str]]] = {
    ("consent", True): {
        "kk": [
            "Келісіміңізден кейін төлемді тағайындайтын орган: {agency}.",
            "Ақша сіздің банк шотыңызға аударылады.",
        ],
        "ru": [
            "После вашего согласия выплату назначает орган: {agency}.",
            "Деньги поступят на ваш банковский счёт.",
        ],
        "en": [
            "Once you agree, the payment is assigned by: {agency}.",
            "The money is transferred to your bank account.",
        ],
    },
    ("consent", False): {
        "kk": ["Келісіміңізден кейін орындайтын орган: {agency}. Бұл төлем емес."],
        "ru": ["После вашего согласия исполняет орган: {agency}. Это не выплата денег."],
        "en": ["Once you agree, it is carried out by: {agency}. No money is paid."],
    },
    ("automatic", True): {
        "kk": [
            "Сізден ештеңе талап етілмейді: төлем өздігінен тағайындалады ({agency}).",
            "Ақша сіздің банк шотыңызға аударылады.",
        ],
        "ru": [
            "От вас ничего не требуется: выплата назначается автоматически ({agency}).",
            "Деньги поступят на ваш банковский счёт.",
        ],
        "en": [
            "Nothing is needed from you: the payment is assigned automatically ({agency}).",
            "The money is transferred to your bank account.",
        ],
    },
    ("automatic", False): {
        "kk": ["Сізден ештеңе талап етілмейді: барлығы өздігінен жасалады ({agency})."],
        "ru": ["От вас ничего не требуется: всё делается автоматически ({agency})."],
        "en": ["Nothing is needed from you: it is done automatically ({agency})."],
    },
    ("inform", True): {
        "kk": ["Бұл хабарлама ғана, ештеңе істеудің қажеті жоқ."],
        "ru": ["Это только уведомление, делать ничего не нужно."],
        "en": ["This is for your information only; there is nothing to do."],
    },
}
NEXT[("inform", False)] = NEXT[("inform", True)]


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
            "next": _next(rule, amount_kzt, lang),
        }
        for lang in LANGUAGES
    }


def legal_basis(reference: LegalReference, lang: Lang) -> dict[str, Any]:
    """One act of the legal basis: cited in the reader's language, with its official link
    (or none where no official text is confirmed); a press source is never shown here."""
    return {"title": reference.cited(lang), "url": reference.url, "law": reference.law}


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
    used = trace.get("parameters", {})
    return {
        "summary": rule.description.in_(lang),
        "conditions": conditions,
        "data": _data_used(trace.get("facts", {}), life_event, lang),
        "amount": None
        if amount_kzt is None
        else {
            "amount_kzt": amount_kzt,
            "shown": money(Decimal(amount_kzt), lang),
            "steps": computation_steps(
                rule, trace.get("values", {}), trace.get("facts", {}), used, lang
            ),
            "parameters": [
                {"id": parameter_id, "text": parameter_text(parameter_id, p, lang)}
                for parameter_id, p in sorted(used.items())
            ],
            "modifiers": modifier_lines_of(trace, lang),
        },
        "legal_basis": [legal_basis(ref, lang) for ref in rule.legal_basis],
        "projected": [
            law_gap_text(LawGap.from_json(gap), lang, projected=True)
            for gap in trace.get("projected", [])
        ],
        "law_date": law_date,
        "law_date_shown": day(date.fromisoformat(law_date), lang) if law_date else None,
        "agency": rule.agency,
        "agency_name": agency_name(rule.agency, lang),
    }


def _data_used(
    facts: dict[str, Any], life_event: LifeEvent | None, lang: Lang
) -> list[dict[str, Any]]:
    used = []
    for path, value in sorted(facts.items()):
        source = path.partition(".")[0]
        registry = None
        purpose = None
        if source == "event" and life_event is not None:
            registry = life_event.trigger.registry
        elif life_event is not None and source in life_event.facts:
            fact = life_event.facts[source]
            registry = LOOKUPS[fact.lookup].registry
            purpose = fact.purpose.in_(lang)
        used.append(
            {
                "field": path,
                "label": fact_name(path, lang),
                "value": fact_value(path, value, lang),
                "registry": registry,
                "registry_name": registry_name(registry, lang) if registry else None,
                "purpose": purpose,
            }
        )
    return used


def _next(rule: Rule, amount_kzt: int | None, lang: Lang) -> dict[str, Any]:
    steps = [
        {
            "order": index,
            "agency": step.agency,
            "agency_name": agency_name(step.agency, lang),
            "action": step.action.in_(lang),
            "working_days": step.sla_working_days,
        }
        for index, step in enumerate(rule.steps, start=1)
    ]
    return {
        "delivery": rule.delivery,
        "ask": ASK[lang] if rule.delivery == "consent" else None,
        "lines": list(NEXT[(rule.delivery, amount_kzt is not None)][lang]),
        "first_payment": first_payment_text(rule, lang),
        "steps": steps,
        "agency": rule.agency,
        "agency_name": agency_name(rule.agency, lang),
    }


def render_next(
    explanation: dict[str, Any], deadline: datetime | None, lang: Lang, status: str
) -> list[str]:
    """The "what happens next" lines with the deadline and agency filled in; the request for
    consent only while the item waits for it."""
    nxt = explanation.get("next", {})
    values = {"deadline": shown(deadline, lang), "agency": nxt.get("agency_name", "")}
    lines = [nxt["ask"]] if nxt.get("ask") and status == "offered" else []
    lines += list(nxt.get("lines", []))
    if nxt.get("first_payment") and status not in ("paid", "declined", "revoked", "superseded"):
        lines.append(nxt["first_payment"])
    return [line.format(**values) for line in lines]
