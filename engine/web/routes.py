"""The dashboard: what the engine is doing across agencies, at a glance."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from engine.auth.deps import services_of
from engine.control_room.law_calendar import law_calendar
from engine.control_room.rules_overview import rules_overview
from engine.control_room.service import recent_cases, summary
from engine.inbox.service import item_view, recent_items
from engine.inbox.timeutil import local
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

router = APIRouter(include_in_schema=False)


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


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    services: Annotated[Services, Depends(services_of)],
    lang: str = "en",
) -> HTMLResponse:
    language: Lang = "kk" if lang == "kk" else "ru" if lang == "ru" else "en"
    catalogue = services.catalogue.current
    facts = summary(services.db)
    law = law_calendar(
        services.db,
        catalogue.parameters,
        local(services.clock.now()).date(),
        projecting=catalogue.projects_missing_law,
    )
    titles = {key: event.title.in_(language) for key, event in catalogue.life_events.items()}
    return TEMPLATES.TemplateResponse(
        request,
        "home.html",
        {
            "now": local(services.clock.now()),
            "law": law,
            "cases": recent_cases(services.db, 15),
            "items": [item_view(item, language) for item in recent_items(services.db, 12)],
            "lang": language,
            "t": labels_for(language),
            "figures": _figures(facts),
            "feeds": facts["feeds"],
            "shadow": facts["shadow"],
            "life_event_titles": titles,
            "rules": rules_overview(catalogue, services.clock.today(), language),
            "problems": catalogue.problems,
        },
    )


@router.get("/rules", response_class=HTMLResponse)
def rules_page(
    request: Request,
    services: Annotated[Services, Depends(services_of)],
    lang: str = "en",
    rule: str | None = None,
) -> HTMLResponse:
    language: Lang = "kk" if lang == "kk" else "ru" if lang == "ru" else "en"
    return TEMPLATES.TemplateResponse(request, "rules.html", page_context(services, language, rule))
