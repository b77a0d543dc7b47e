"""Times shown to people are Kazakhstan's (UTC+5), with the zone named in their language."""

from __future__ import annotations

from datetime import UTC, datetime

from engine.inbox.timeutil import shown


def test_a_deadline_is_shown_in_almaty_time_labelled() -> None:
    deadline = datetime(2026, 3, 19, 20, 30, tzinfo=UTC)  # after midnight in Almaty
    assert shown(deadline, "ru") == "20 марта 2026\u202fг. 01:30 (время Алматы)"
    assert shown(deadline, "kk") == "2026\u202fж. 20 наурыз 01:30 (Алматы уақыты)"
    assert shown(deadline) == "20 March 2026 01:30 (Almaty time)"
    assert shown(None, "ru") == "—"
