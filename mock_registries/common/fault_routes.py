"""``/_faults``: switch a registry's faults on and off (demo and test mode only)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, HTTPException

from mock_registries.common.context import RegistryContext
from mock_registries.common.faults import FaultSettings

log = logging.getLogger("mock_registries.faults")


def build_fault_router(ctx: RegistryContext) -> APIRouter:
    router = APIRouter(tags=["faults"])

    def allowed() -> None:
        if not ctx.demo_features:
            raise HTTPException(
                status_code=404,
                detail="fault switches exist only in demo and test mode (PROACTIVE_MODE=demo)",
            )

    def shown() -> dict[str, Any]:
        return {"registry": ctx.name, **ctx.faults.settings.model_dump()}

    @router.get("/_faults")
    def current_faults() -> dict[str, Any]:
        allowed()
        return shown()

    @router.put("/_faults")
    def set_faults(body: FaultSettings) -> dict[str, Any]:
        """Replace the faults in force (fields left out are off)."""
        allowed()
        ctx.faults.set(body)
        log.warning("registry.faults.set registry=%s faults=%s", ctx.name, body.model_dump())
        return shown()

    @router.delete("/_faults")
    def clear_faults() -> dict[str, Any]:
        allowed()
        ctx.faults.reset()
        log.info("registry.faults.cleared registry=%s", ctx.name)
        return shown()

    return router
