"""The population registry (ГБД ФЛ) as its own FastAPI app."""

from __future__ import annotations

from fastapi import APIRouter

from mock_registries.population.routes import population_router


def population_routers() -> list[APIRouter]:
    return [population_router()]
