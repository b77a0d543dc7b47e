"""Moving the simulated clock (demo and test mode only)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.concurrency import run_in_threadpool

from engine.api.answers import Answer, answers
from engine.auth.deps import services_of
from engine.clock.store import save_offset
from engine.inbox.timeutil import local
from engine.pipeline.milestones import detect_milestones
from engine.registries.client import RegistryUnavailable
from engine.services import Services

router = APIRouter(tags=["clock"])


TEN_YEARS = timedelta(days=3653)


class ClockReading(Answer):
    now: str = Field(description="UTC", examples=["2026-03-10T04:30:00+00:00"])
    today: str = Field(examples=["2026-03-10"])
    local: str = Field(description="Almaty time", examples=["2026-03-10T09:30:00+05:00"])
    local_today: str = Field(examples=["2026-03-10"])
    zone: Literal["Asia/Almaty"]


class ClockAdvanced(ClockReading):
    milestones: int | None = Field(
        description="milestones newly stored; null when the population registry did not answer"
    )


class Advance(BaseModel):
    model_config = ConfigDict(extra="forbid")

    days: float | None = Field(
        default=None, gt=0, le=TEN_YEARS.days, description="days to move ahead"
    )
    hours: float | None = Field(
        default=None, gt=0, le=TEN_YEARS.days * 24, description="hours to move ahead"
    )

    @model_validator(mode="after")
    def _one_amount(self) -> Advance:
        if self.days is None and self.hours is None:
            raise ValueError("give 'days' or 'hours' (a number above zero)")
        if self.delta() > TEN_YEARS:
            raise ValueError("the clock moves at most ten years at a time")
        return self

    def delta(self) -> timedelta:
        return timedelta(days=self.days or 0, hours=self.hours or 0)


@router.get("/api/clock", **answers(ClockReading))
def read_clock(services: Annotated[Services, Depends(services_of)]) -> dict[str, Any]:
    return _reading(services)


@router.post("/api/clock/advance", **answers(ClockAdvanced, 422))
async def advance_clock(
    body: Advance, services: Annotated[Services, Depends(services_of)]
) -> dict[str, Any]:
    """Moves the simulated clock ahead and brings the skipped life at once: the milestones of
    the whole span (ages reached) are stored now, each decided by the law of its own date."""
    services.clock.advance(body.delta())
    await run_in_threadpool(save_offset, services.db, services.clock)
    try:
        milestones: int | None = await detect_milestones(services)
    except RegistryUnavailable:
        milestones = None  # the milestone job catches up when the registry answers again
    return {**_reading(services), "milestones": milestones}


def _reading(services: Services) -> dict[str, Any]:
    now = services.clock.now()
    return {
        "now": now.isoformat(),
        "today": now.date().isoformat(),
        "local": local(now).isoformat(),
        "local_today": local(now).date().isoformat(),
        "zone": "Asia/Almaty",
    }
