"""The first page: recent life events and inbox items."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from engine.auth.deps import services_of
from engine.control_room.service import recent_cases
from engine.inbox.service import item_view, recent_items
from engine.services import Services

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    services: Annotated[Services, Depends(services_of)],
    lang: str = "en",
) -> HTMLResponse:
    language = lang if lang in ("kk", "ru", "en") else "en"
    return TEMPLATES.TemplateResponse(
        request,
        "home.html",
        {
            "now": services.clock.now(),
            "cases": recent_cases(services.db, 20),
            "items": [item_view(item, language) for item in recent_items(services.db, 20)],
            "lang": language,
            "rules": services.catalogue.current.rules,
            "problems": services.catalogue.current.problems,
        },
    )
