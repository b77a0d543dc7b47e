"""The citizen's inbox page (phone-sized): the page itself holds no personal data; its script
reads the inbox through the API with the citizen's token."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from engine.auth.deps import services_of
from engine.auth.tokens import Principal, issue
from engine.kernel.iin import iin_problem
from engine.services import Services

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent.parent / "web" / "templates"))

router = APIRouter(include_in_schema=False)
demo_router = APIRouter(tags=["demo"])

Svc = Annotated[Services, Depends(services_of)]


@router.get("/citizen", response_class=HTMLResponse)
def citizen_start(request: Request, services: Svc, lang: str = "kk") -> HTMLResponse:
    return TEMPLATES.TemplateResponse(
        request,
        "citizen.html",
        {"iin": None, "lang": _lang(lang), "demo": services.settings.demo_features},
    )


@router.get("/citizen/{iin}", response_class=HTMLResponse)
def citizen_page(request: Request, iin: str, services: Svc, lang: str = "kk") -> HTMLResponse:
    if iin_problem(iin) is not None:
        raise HTTPException(404, detail=f"no citizen page for {iin!r}: not a valid IIN")
    return TEMPLATES.TemplateResponse(
        request,
        "citizen.html",
        {"iin": iin, "lang": _lang(lang), "demo": services.settings.demo_features},
    )


def _lang(value: str) -> str:
    return value if value in ("kk", "ru", "en") else "kk"


@demo_router.post("/api/demo/citizen-token/{iin}")
def demo_citizen_token(iin: str, services: Svc) -> dict[str, Any]:
    """Demo and test mode only: sign in as a citizen without eGov's identity provider."""
    problem = iin_problem(iin)
    if problem is not None:
        raise HTTPException(
            422, detail=[{"loc": ["path", "iin"], "msg": problem, "type": "value_error"}]
        )
    token = issue(
        Principal(kind="citizen", subject=iin),
        services.settings.secret,
        datetime.now(UTC),
        timedelta(hours=services.settings.token_ttl_hours),
    )
    return {"token": token, "iin": iin}
