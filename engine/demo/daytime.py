"""The demo starts in Kazakhstan's daytime: SMS are held between 21:00 and 09:00 local time,
so a demo started at night would show simulated citizens who never answer."""

from __future__ import annotations

from datetime import datetime, timedelta

from engine.clock import SimulatedClock
from engine.inbox.timeutil import local
from engine.notify.deliver import SMS_FROM_HOUR, SMS_UNTIL_HOUR

DEMO_START_HOUR = 10
LAST_START_HOUR = SMS_UNTIL_HOUR - 2  # leave a demo at least two hours of SMS


def daytime_start(moment: datetime) -> datetime:
    """``moment`` when SMS can be sent for a while yet, else 10:00 local time of the next
    morning (the same day when it is before dawn)."""
    here = local(moment)
    if SMS_FROM_HOUR <= here.hour < LAST_START_HOUR:
        return moment
    morning = here.replace(hour=DEMO_START_HOUR, minute=0, second=0, microsecond=0)
    if here.hour >= DEMO_START_HOUR:
        morning += timedelta(days=1)
    return morning


def start_demo_in_daytime(clock: SimulatedClock) -> timedelta:
    """Moves the clock forward to the daytime start; returns by how much."""
    now = clock.now()
    shift = daytime_start(now) - now
    if shift > timedelta(0):
        clock.advance(shift)
    return shift
