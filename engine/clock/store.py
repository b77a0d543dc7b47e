"""The simulated clock's offset, shared by every process of a deployment."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Field, Session

from engine.clock import SimulatedClock
from engine.db import EngineTable, transaction


class ClockState(EngineTable, table=True):
    __tablename__ = "clock_state"

    id: int = Field(default=1, primary_key=True)
    offset_seconds: float = 0.0


def load_offset(engine: Engine, clock: SimulatedClock) -> None:
    with Session(engine) as session:
        state = session.get(ClockState, 1)
    if state is not None:
        clock.set_offset(timedelta(seconds=state.offset_seconds))


def has_offset(engine: Engine) -> bool:
    """Whether a simulated time was stored (the data dir has been used before)."""
    with Session(engine) as session:
        return session.get(ClockState, 1) is not None


def save_offset(engine: Engine, clock: SimulatedClock) -> None:
    with transaction(engine) as session:
        state = session.get(ClockState, 1) or ClockState(id=1)
        state.offset_seconds = clock.offset().total_seconds()
        session.add(state)
