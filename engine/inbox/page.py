"""The citizen's inbox page (phone-sized): the page itself holds no personal data; its script
reads the inbox through the API with the citizen's token."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlmodel import Session, col, select

from engine.api.answers import answers
from engine.auth.deps import services_of
from engine.auth.tokens import Principal, issue
from engine.http_inputs import IINPlain
from engine.inbox.answers import CitizenToken
from engine.inbox.models import InboxItem
from engine.kernel.iin import iin_problem
from engine.services import Services

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent.parent / "web" / "templates"))

router = APIRouter(tags=["pages"])
demo_router = APIRouter(tags=["demo"])

Svc = Annotated[Services, Depends(services_of)]


WRONG_IIN = {
    "kk": "Бұл ЖСН емес: 12 цифрдан тұратын, бақылау саны дұрыс ЖСН енгізіңіз.",
    "ru": "Это не ИИН: введите 12 цифр ИИН с верной контрольной цифрой.",
    "en": "This is not an IIN: enter the 12 digits of an IIN with a valid check digit.",
}
PEOPLE_TITLE = {
    "kk": "Демо азаматтары: соңғы ұсыныстар",
    "ru": "Граждане демо: последние предложения",
    "en": "Demo citizens: the latest offers",
}


def _start(
    request: Request, services: Services, lang: str, error: str | None = None
) -> HTMLResponse:
    language = _lang(lang)
    demo = services.settings.demo_features
    return TEMPLATES.TemplateResponse(
        request,
        "citizen.html",
        {
            "iin": None,
            "lang": language,
            "demo": demo,
            "error": error,
            "people": demo_people(services.db, language) if demo else [],
            "people_title": PEOPLE_TITLE[language],
        },
        status_code=404 if error else 200,
    )


def demo_people(db: Any, lang: str) -> list[dict[str, str]]:
    """Demo only: the citizens with the newest inbox items, to open their phone in one click
    (synthetic people; a real deployment has no such list)."""
    with Session(db) as session:
        items = session.exec(
            select(InboxItem).order_by(col(InboxItem.created_at).desc()).limit(60)
        ).all()
    people: dict[str, str] = {}
    for item in items:
        people.setdefault(item.citizen_iin, item.texts["title"].get(lang, ""))
    return [{"iin": iin, "latest": title} for iin, title in list(people.items())[:8]]


@router.get("/citizen", response_class=HTMLResponse)
def citizen_start(request: Request, services: Svc, lang: str = "kk") -> HTMLResponse:
    return _start(request, services, lang)


@router.get("/citizen/{iin}", response_class=HTMLResponse)
def citizen_page(request: Request, iin: IINPlain, services: Svc, lang: str = "kk") -> HTMLResponse:
    if iin_problem(iin) is not None:
        return _start(request, services, lang, WRONG_IIN[_lang(lang)])
    return TEMPLATES.TemplateResponse(
        request,
        "citizen.html",
        {"iin": iin, "lang": _lang(lang), "demo": services.settings.demo_features},
    )


def _lang(value: str) -> str:
    return value if value in ("kk", "ru", "en") else "kk"


@demo_router.post("/api/demo/citizen-token/{iin}", **answers(CitizenToken, 403, 422))
def demo_citizen_token(iin: IINPlain, services: Svc) -> dict[str, Any]:
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
