"""The population registry (ГБД ФЛ) as its own FastAPI app."""

from __future__ import annotations

from fastapi import FastAPI

from mock_registries.common.app import create_registry_app
from mock_registries.common.context import RegistryContext
from mock_registries.population.routes import build_population_router


def create_population_app(ctx: RegistryContext) -> FastAPI:
    return create_registry_app(ctx, "Population registry (ГБД ФЛ)", [build_population_router(ctx)])
