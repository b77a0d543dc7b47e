"""The control room's API over cases."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import PlainTextResponse, StreamingResponse

from engine.api.answers import LOOKUP, SIGNED, answers
from engine.auth.deps import services_of
from engine.auth.officials import control_room
from engine.auth.tokens import Principal
from engine.control_room.answers import Cases, Journey, Overview, Summary
from engine.control_room.law_calendar import law_calendar
from engine.control_room.overview import overview
from engine.control_room.service import cases_of, journey, summary
from engine.control_room.stream import events
from engine.http_inputs import IINQuery, KeyPath
from engine.inbox.timeutil import local
from engine.metrics import METRICS
from engine.services import Services

router = APIRouter(tags=["control room"])


@router.get("/api/control-room/summary", **answers(Summary, *SIGNED))
def get_summary(
    _: Annotated[Principal, Depends(control_room)],
    services: Annotated[Services, Depends(services_of)],
) -> dict[str, Any]:
    facts = summary(services.db)
    facts["law"] = law_calendar(
        services.db,
        services.catalogue.current.parameters,
        local(services.clock.now()).date(),
        projecting=services.catalogue.current.projects_missing_law,
    )
    return facts


@router.get("/api/control-room/overview", **answers(Overview, *SIGNED))
def get_overview(
    _: Annotated[Principal, Depends(control_room)],
    services: Annotated[Services, Depends(services_of)],
) -> dict[str, Any]:
    """Life events, offers and take-up, applications avoided, money, speed, each agency's
    deadlines, by day and by region."""
    return overview(services.db, services.clock.now())


@router.get(
    "/api/control-room/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "server-sent events"}},
)
async def stream(
    request: Request, services: Annotated[Services, Depends(services_of)]
) -> StreamingResponse:
    """Server-sent events as they happen: ``life_event``, ``inbox`` (offers, answers,
    payments), ``task`` (closed), ``dead_letter``. No personal data."""
    return StreamingResponse(
        events(services.db, request.is_disconnected),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.get("/api/control-room/cases", **answers(Cases, *SIGNED, 422))
def list_cases(
    subject_iin: IINQuery,
    _: Annotated[Principal, Depends(control_room)],
    services: Annotated[Services, Depends(services_of)],
) -> dict[str, Any]:
    return {"items": cases_of(services.db, subject_iin)}


@router.get("/api/control-room/cases/{case_id}", **answers(Journey, *LOOKUP))
def get_case(
    case_id: KeyPath,
    _: Annotated[Principal, Depends(control_room)],
    services: Annotated[Services, Depends(services_of)],
) -> dict[str, Any]:
    found = journey(services.db, case_id)
    if found is None:
        raise HTTPException(404, detail=f"no case {case_id}")
    return found


@router.get(
    "/metrics",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text format"}},
)
def metrics() -> str:
    return METRICS.render()
