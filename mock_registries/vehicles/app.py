"""The vehicle register (МВД) as its own FastAPI app."""

from __future__ import annotations

from fastapi import APIRouter

from mock_registries.vehicles.routes import vehicles_router


def vehicles_routers() -> list[APIRouter]:
    return [vehicles_router()]
