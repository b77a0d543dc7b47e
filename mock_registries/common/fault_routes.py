"""``/_faults``: switch a registry's faults on and off (demo and test mode only)."""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from fastapi import APIRouter

from mock_registries.common.context import RegistryContext
from mock_registries.common.deps import Ctx
from mock_registries.common.errors import NotFound
from mock_registries.common.faults import FaultSettings
from mock_registries.common.schemas import Faults, Health, answers

log = logging.getLogger("mock_registries.faults")


def _allowed(ctx: RegistryContext) -> None:
    if not ctx.demo_features:
        raise NotFound("faults.disabled")


def _shown(ctx: RegistryContext) -> dict[str, Any]:
    return {"registry": ctx.name, **ctx.faults.settings.model_dump()}


@cache
def fault_router() -> APIRouter:
    router = APIRouter(tags=["faults"])

    @router.get("/_faults", **answers(Faults, (404,)))
    def current_faults(ctx: Ctx) -> dict[str, Any]:
        """The faults in force."""
        _allowed(ctx)
        return _shown(ctx)

    @router.put("/_faults", **answers(Faults, (404, 422)))
    def set_faults(ctx: Ctx, body: FaultSettings) -> dict[str, Any]:
        """Replace the faults in force (fields left out are off)."""
        _allowed(ctx)
        ctx.faults.set(body)
        log.warning("registry.faults.set registry=%s faults=%s", ctx.name, body.model_dump())
        return _shown(ctx)

    @router.delete("/_faults", **answers(Faults, (404,)))
    def clear_faults(ctx: Ctx) -> dict[str, Any]:
        """Switch every fault off."""
        _allowed(ctx)
        ctx.faults.reset()
        log.info("registry.faults.cleared registry=%s", ctx.name)
        return _shown(ctx)

    return router


@cache
def health_router() -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/health", response_model=Health)
    def health(ctx: Ctx) -> dict[str, str]:
        return {"status": "ok", "registry": ctx.name}

    return router
