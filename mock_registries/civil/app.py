"""The civil-status registry (ЗАГС) as its own FastAPI app."""

from __future__ import annotations

from fastapi import FastAPI

from mock_registries.civil.routes import build_civil_router
from mock_registries.common.app import create_registry_app
from mock_registries.common.context import RegistryContext


def create_civil_app(ctx: RegistryContext) -> FastAPI:
    return create_registry_app(ctx, "Civil-status registry (ЗАГС)", [build_civil_router(ctx)])
