"""The dashboard: what the engine is doing across agencies, at a glance."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import fastapi
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from engine.auth.deps import services_of
from engine.control_room.case_page import case_page, working_days
from engine.control_room.law_calendar import law_calendar
from engine.control_room.overview import overview
from engine.control_room.phrases import phrase
from engine.control_room.regions import region_name
from engine.control_room.rules_overview import rules_overview
from engine.control_room.service import journey, recent_cases, summary
from engine.dead_letters.service import list_letters
from engine.inbox.names import agency_name, registry_name
from engine.inbox.service import item_view, recent_items
from engine.inbox.timeutil import local
from engine.kernel.catalogue import Catalogue
from engine.kernel.l10n import day, money, number
from engine.kernel.texts import Lang
from engine.rules_api.page import page_context
from engine.services import Services
from engine.web.labels import labels_for

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
_IIN = re.compile(r"\b(\d{6})\d{6}\b")


def mask_iins(text: str) -> str:
    """The dashboard is a shared screen: IINs in texts show only their date part."""
    return _IIN.sub(lambda m: f"{m.group(1)}••••••", text)


TEMPLATES.env.filters["mask_iins"] = mask_iins

router = APIRouter(tags=["pages"])


def _figures(facts: dict[str, Any]) -> dict[str, Any]:
    inbox = facts["inbox_by_status"]
    return {
        "cases": facts["cases"],
        "offers_open": inbox.get("offered", 0),
        "accepted": sum(inbox.get(s, 0) for s in ("accepted", "in_fulfilment", "granted", "paid")),
        "declined": inbox.get("declined", 0) + inbox.get("expired", 0),
        "dead_letters": facts["dead_letters_open"],
        "lag": max((f["lag_seconds"] for f in facts["feeds"]), default=0.0),
    }


def _language(lang: str) -> Lang:
    return "kk" if lang == "kk" else "ru" if lang == "ru" else "en"


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case(
    request: Request,
    case_id: Annotated[str, fastapi.Path(max_length=64)],
    services: Annotated[Services, Depends(services_of)],
    lang: str = "en",
) -> HTMLResponse:
    """One case's journey across agencies (the page; the data is the cases API's)."""
    language = _language(lang)
    found = journey(services.db, case_id)
    if found is None:
        missing = phrase("no_case", language)
        back = f"<a href='/?lang={language}'>{phrase('back', language)}</a>"
        return HTMLResponse(
            f"<!doctype html><meta charset='utf-8'><title>404</title><p>{missing} · {back}</p>",
            status_code=404,
        )
    page = case_page(found, services.catalogue.current, language)
    recipients = sorted({item["citizen_iin"] for item in found["inbox_items"]})
    phone = recipients[0] if recipients and services.settings.demo_features else None
    seconds = page.proactive_seconds
    return TEMPLATES.TemplateResponse(
        request,
        "case.html",
        {
            "lang": language,
            "page": page,
            "p": lambda key: phrase(key, language),
            "seconds": None if seconds is None else number(round(seconds, 1), language),
            "by_application": working_days(page.by_application_days, language)
            if page.by_application_days
            else None,
            "phone_url": f"/citizen/{phone}?lang={language}" if phone else None,
        },
    )


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    services: Annotated[Services, Depends(services_of)],
    lang: str = "en",
) -> HTMLResponse:
    language = _language(lang)
    catalogue = services.catalogue.current
    facts = summary(services.db)
    now = services.clock.now()
    today = local(now).date()
    law = law_calendar(
        services.db, catalogue.parameters, today, projecting=catalogue.projects_missing_law
    )
    for parameter in law["parameters"]:
        parameter["last_day_shown"] = day(date.fromisoformat(parameter["last_day"]), language)
    figures = overview(services.db, now)
    titles = {key: event.title.in_(language) for key, event in catalogue.life_events.items()}
    presenter = getattr(request.app.state, "presenter", None)
    shadow = [
        {**rule, "title": _rule_title(catalogue, rule["rule_id"], language)}
        for rule in facts["shadow"]
    ]
    return TEMPLATES.TemplateResponse(
        request,
        "home.html",
        {
            "now": local(now),
            "law": law,
            "o": figures,
            "days": [_day_bar(entry, language) for entry in figures["per_day"]],
            "cases": recent_cases(services.db, 15),
            "items": [item_view(item, language) for item in recent_items(services.db, 12)],
            "dead_letters": [
                {
                    "id": d.id,
                    "kind": d.kind,
                    "reason": d.reason,
                    "case_id": d.payload.get("case_id"),
                    "rule": _rule_title(catalogue, d.rule_id, language) if d.rule_id else None,
                }
                for d in list_letters(services.db, "open", limit=20)
            ],
            "lang": language,
            "t": labels_for(language),
            "figures": _figures(facts),
            "feeds": facts["feeds"],
            "shadow": shadow,
            "life_event_titles": titles,
            "rules": rules_overview(catalogue, services.clock.today(), language),
            "problems": catalogue.problems,
            "demo": services.settings.demo_features and presenter is not None,
            "paused": bool(presenter and presenter.paused),
            "money": lambda kzt: money(kzt, language),
            "num": lambda value: number(value, language),
            "pct": lambda share: f"{number(round(share * 100), language)}%",
            "day": lambda value: day(value, language),
            "agency": lambda code: agency_name(code, language),
            "region": lambda code: region_name(code, language),
            "registry": lambda code: registry_name(code, language),
        },
    )


def _day_bar(entry: dict[str, Any], lang: Lang) -> dict[str, Any]:
    when = date.fromisoformat(entry["day"])
    return {**entry, "label": day(when, lang), "short": when.strftime("%d.%m")}


def _rule_title(catalogue: Catalogue, rule_id: str, lang: Lang) -> str:
    compiled = catalogue.rules.get(rule_id)
    return compiled.rule.title.in_(lang) if compiled else rule_id


@router.get("/rules", response_class=HTMLResponse)
def rules_page(
    request: Request,
    services: Annotated[Services, Depends(services_of)],
    lang: str = "en",
    rule: str | None = None,
) -> HTMLResponse:
    language = _language(lang)
    return TEMPLATES.TemplateResponse(request, "rules.html", page_context(services, language, rule))
