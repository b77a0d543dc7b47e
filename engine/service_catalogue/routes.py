"""`GET /api/catalogue/cpsv-ap`: the service catalogue for other portals and registries."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from engine.auth.deps import services_of
from engine.service_catalogue.cpsv import cpsv_catalogue
from engine.services import Services

router = APIRouter(tags=["service catalogue"])


@router.get("/api/catalogue/cpsv-ap")
def catalogue_jsonld(services: Annotated[Services, Depends(services_of)]) -> JSONResponse:
    body: dict[str, Any] = cpsv_catalogue(services.catalogue.current)
    return JSONResponse(body, media_type="application/ld+json")
