"""Moving the simulated clock (demo and test mode only)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field, model_validator
from starlette.concurrency import run_in_threadpool

from engine.auth.deps import services_of
from engine.clock_store import save_offset
from engine.services import Services

router = APIRouter(tags=["clock"])


class Advance(BaseModel):
    days: float | None = Field(default=None, ge=0, le=3650)
    hours: float | None = Field(default=None, ge=0, le=24 * 3650)

    @model_validator(mode="after")
    def _one_amount(self) -> Advance:
        if self.days is None and self.hours is None:
            raise ValueError("give 'days' or 'hours'")
        return self

    def delta(self) -> timedelta:
        return timedelta(days=self.days or 0, hours=self.hours or 0)


@router.get("/api/clock")
def read_clock(services: Annotated[Services, Depends(services_of)]) -> dict[str, Any]:
    return {"now": services.clock.now().isoformat(), "today": services.clock.today().isoformat()}


@router.post("/api/clock/advance")
async def advance_clock(
    body: Advance, services: Annotated[Services, Depends(services_of)]
) -> dict[str, Any]:
    services.clock.advance(body.delta())
    await run_in_threadpool(save_offset, services.db, services.clock)
    return {"now": services.clock.now().isoformat(), "today": services.clock.today().isoformat()}
