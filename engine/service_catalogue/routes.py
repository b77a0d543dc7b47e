"""`GET /api/catalogue/cpsv-ap`: the service catalogue for other portals and registries."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from engine.auth.deps import services_of
from engine.service_catalogue.cpsv import cpsv_catalogue
from engine.services import Services

router = APIRouter(tags=["service catalogue"])


class JSONLDResponse(JSONResponse):
    media_type = "application/ld+json"


@router.get(
    "/api/catalogue/cpsv-ap",
    response_class=JSONLDResponse,
    responses={
        200: {
            "content": {"application/ld+json": {"schema": {"type": "object"}}},
            "description": "the catalogue as CPSV-AP JSON-LD",
        }
    },
)
def catalogue_jsonld(services: Annotated[Services, Depends(services_of)]) -> JSONLDResponse:
    body: dict[str, Any] = cpsv_catalogue(services.catalogue.current)
    return JSONLDResponse(body)
