"""``/_faults``: switch a registry's faults on and off (demo and test mode only)."""

from __future__ import annotations

import ipaddress
import logging
from functools import cache
from typing import Any

from fastapi import APIRouter, Depends, Request

from mock_registries.common.context import RegistryContext
from mock_registries.common.deps import Ctx
from mock_registries.common.errors import NotFound, Problem
from mock_registries.common.faults import FaultSettings
from mock_registries.common.schemas import Faults, Health, answers

log = logging.getLogger("mock_registries.faults")


def _allowed(ctx: Ctx, request: Request) -> None:
    """Faults exist in demo and test mode only, and are switched from this machine unless
    the registries were started with ``--allow-remote``."""
    if not ctx.demo_features:
        raise NotFound("faults.disabled")
    if ctx.faults_remote:
        return
    host = request.client.host if request.client else ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise Problem(403, "faults.local_only")


def _shown(ctx: RegistryContext) -> dict[str, Any]:
    return {"registry": ctx.name, **ctx.faults.settings.model_dump()}


@cache
def fault_router() -> APIRouter:
    # a dependency, so that a caller who may not switch faults hears 403 before any 422
    router = APIRouter(tags=["faults"], dependencies=[Depends(_allowed)])

    @router.get("/_faults", **answers(Faults, (403, 404)))
    def current_faults(ctx: Ctx) -> dict[str, Any]:
        """The faults in force."""
        return _shown(ctx)

    @router.put("/_faults", **answers(Faults, (403, 404, 422)))
    def set_faults(ctx: Ctx, body: FaultSettings) -> dict[str, Any]:
        """Replace the faults in force (fields left out are off)."""
        ctx.faults.set(body)
        log.warning("registry.faults.set registry=%s faults=%s", ctx.name, body.model_dump())
        return _shown(ctx)

    @router.delete("/_faults", **answers(Faults, (403, 404)))
    def clear_faults(ctx: Ctx) -> dict[str, Any]:
        """Switch every fault off."""
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
