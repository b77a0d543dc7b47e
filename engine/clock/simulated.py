"""The simulated clock: every "now" of the engine comes from here, so a demo or a test can
jump days ahead and expiries, deadlines and milestones follow."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...

    def today(self) -> date: ...


class SimulatedClock:
    """Real time shifted by an offset; ``frozen`` stops real time from passing (tests)."""

    def __init__(self, start: datetime | None = None, *, frozen: bool = False) -> None:
        real = datetime.now(UTC)
        self._frozen = frozen
        self._anchor_real = real
        self._anchor_sim = (start or real).astimezone(UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            if self._frozen:
                return self._anchor_sim
            return self._anchor_sim + (datetime.now(UTC) - self._anchor_real)

    def today(self) -> date:
        return self.now().date()

    def advance(self, delta: timedelta) -> datetime:
        if delta < timedelta(0):
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._anchor_sim += delta
        return self.now()

    def offset(self) -> timedelta:
        """How far the simulated time is ahead of real time."""
        return self.now() - datetime.now(UTC)

    def set_offset(self, offset: timedelta) -> None:
        """Align with an offset stored by another process of the same deployment."""
        with self._lock:
            self._anchor_real = datetime.now(UTC)
            self._anchor_sim = self._anchor_real + offset
