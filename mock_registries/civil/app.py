"""The civil-status registry (ЗАГС) as its own FastAPI app."""

from __future__ import annotations

from fastapi import APIRouter

from mock_registries.civil.routes import build_civil_router
from mock_registries.common.context import RegistryContext


def civil_routers(ctx: RegistryContext) -> list[APIRouter]:
    return [build_civil_router(ctx)]
