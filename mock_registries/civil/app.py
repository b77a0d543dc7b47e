"""The civil-status registry (ЗАГС) as its own FastAPI app."""

from __future__ import annotations

from fastapi import APIRouter

from mock_registries.civil.routes import civil_router


def civil_routers() -> list[APIRouter]:
    return [civil_router()]
