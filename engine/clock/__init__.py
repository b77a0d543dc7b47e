"""The simulated clock: every "now" of the engine comes from it."""

from engine.clock.simulated import Clock, SimulatedClock

__all__ = ["Clock", "SimulatedClock"]
