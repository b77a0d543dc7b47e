"""The demo starts in Kazakhstan's daytime (UTC+5), when SMS are not held."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from engine.clock import SimulatedClock
from engine.demo.daytime import daytime_start, start_demo_in_daytime


@pytest.mark.parametrize(
    ("utc", "starts"),
    [
        # 11:00 in Almaty: the demo starts now
        (datetime(2026, 11, 27, 6, 0, tzinfo=UTC), datetime(2026, 11, 27, 6, 0, tzinfo=UTC)),
        # 18:59 in Almaty: still two hours of SMS
        (datetime(2026, 11, 27, 13, 59, tzinfo=UTC), datetime(2026, 11, 27, 13, 59, tzinfo=UTC)),
        # 19:00 in Almaty: too late, 10:00 the next morning
        (datetime(2026, 11, 27, 14, 0, tzinfo=UTC), datetime(2026, 11, 28, 5, 0, tzinfo=UTC)),
        # 04:47 in Almaty (the UTC evening before): 10:00 the same local day
        (datetime(2026, 11, 27, 23, 47, tzinfo=UTC), datetime(2026, 11, 28, 5, 0, tzinfo=UTC)),
        # 08:30 in Almaty: 10:00 that morning
        (datetime(2026, 11, 28, 3, 30, tzinfo=UTC), datetime(2026, 11, 28, 5, 0, tzinfo=UTC)),
    ],
)
def test_the_demo_starts_when_sms_can_be_sent(utc: datetime, starts: datetime) -> None:
    assert daytime_start(utc) == starts


def test_the_clock_only_moves_forward() -> None:
    night = SimulatedClock(datetime(2026, 11, 27, 23, 47, tzinfo=UTC), frozen=True)
    assert start_demo_in_daytime(night) == timedelta(hours=5, minutes=13)
    assert night.now() == datetime(2026, 11, 28, 5, 0, tzinfo=UTC)
    day = SimulatedClock(datetime(2026, 11, 28, 6, 0, tzinfo=UTC), frozen=True)
    assert start_demo_in_daytime(day) == timedelta(0)
    assert day.now() == datetime(2026, 11, 28, 6, 0, tzinfo=UTC)
