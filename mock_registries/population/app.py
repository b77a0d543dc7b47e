"""The population registry (ГБД ФЛ) as its own FastAPI app."""

from __future__ import annotations

from fastapi import APIRouter

from mock_registries.common.context import RegistryContext
from mock_registries.population.routes import build_population_router


def population_routers(ctx: RegistryContext) -> list[APIRouter]:
    return [build_population_router(ctx)]
