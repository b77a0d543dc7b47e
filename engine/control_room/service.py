"""Cross-agency views over cases."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from engine.pipeline.models import Case


def recent_cases(db: Engine, limit: int) -> list[Case]:
    with Session(db) as session:
        query = select(Case).order_by(col(Case.created_at).desc(), col(Case.id)).limit(limit)
        return list(session.exec(query).all())
