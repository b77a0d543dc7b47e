"""The control room's API over cases."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import PlainTextResponse

from engine.auth.deps import services_of
from engine.auth.officials import control_room
from engine.auth.tokens import Principal
from engine.control_room.service import cases_of, journey, summary
from engine.http_inputs import IINQuery, KeyPath
from engine.metrics import METRICS
from engine.services import Services

router = APIRouter(tags=["control room"])


@router.get("/api/control-room/summary")
def get_summary(
    _: Annotated[Principal, Depends(control_room)],
    services: Annotated[Services, Depends(services_of)],
) -> dict[str, Any]:
    return summary(services.db)


@router.get("/api/control-room/cases")
def list_cases(
    subject_iin: IINQuery,
    _: Annotated[Principal, Depends(control_room)],
    services: Annotated[Services, Depends(services_of)],
) -> dict[str, Any]:
    return {"items": cases_of(services.db, subject_iin)}


@router.get("/api/control-room/cases/{case_id}")
def get_case(
    case_id: KeyPath,
    _: Annotated[Principal, Depends(control_room)],
    services: Annotated[Services, Depends(services_of)],
) -> dict[str, Any]:
    found = journey(services.db, case_id)
    if found is None:
        raise HTTPException(404, detail=f"no case {case_id}")
    return found


@router.get("/metrics", response_class=PlainTextResponse, include_in_schema=False)
def metrics() -> str:
    return METRICS.render()
