"""The law's calendar as the control room sees it: parameters whose published values run out
soon or have run out, and the cases held (or, in a demo, projected) for each."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from engine.kernel.parameters import ParameterStore
from engine.pipeline.models import Decision

AHEAD_DAYS = 60


def _per_parameter(db: Engine, column: Any) -> tuple[dict[str, int], int]:
    """Distinct cases per parameter named in ``column`` of current decisions, and in all."""
    with Session(db) as session:
        rows = session.exec(
            select(Decision.case_id, column)
            .where(
                col(Decision.current).is_(True),
                col(Decision.shadow).is_(False),
                col(column).is_not(None),
            )
            .distinct()
        ).all()
    cases: dict[str, set[str]] = {}
    for case_id, joined in rows:
        for parameter_id in str(joined).split(","):
            cases.setdefault(parameter_id, set()).add(case_id)
    return {p: len(c) for p, c in cases.items()}, len({case_id for case_id, _ in rows})


def law_calendar(
    db: Engine, parameters: ParameterStore, today: date, *, projecting: bool
) -> dict[str, Any]:
    """Each parameter whose last published value ends within ``AHEAD_DAYS`` of ``today`` or
    has ended, with the cases held for it; and the totals."""
    held, held_total = _per_parameter(db, Decision.held_for)
    projected, projected_total = _per_parameter(db, Decision.projected)
    horizon = today + timedelta(days=AHEAD_DAYS)
    running_out = []
    for parameter in sorted(parameters.parameters.values(), key=lambda p: p.id):
        last = parameter.last_day()
        if last is None or last > horizon:
            continue
        running_out.append(
            {
                "parameter": parameter.id,
                "title": parameter.title.model_dump(),
                "last_day": last.isoformat(),
                "ran_out": last < today,
                "days_left": (last - today).days,
                "held_cases": held.get(parameter.id, 0),
                "projected_cases": projected.get(parameter.id, 0),
            }
        )
    return {
        "projecting": projecting,
        "parameters": running_out,
        "held_cases": held_total,
        "projected_cases": projected_total,
    }
