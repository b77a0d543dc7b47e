"""Reading a citizen's inbox in one language."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from engine.inbox.models import InboxItem
from engine.kernel.rules import Rule
from engine.kernel.texts import Lang
from engine.pipeline.models import Case, Entitlement


def create_item(
    session: Session,
    *,
    case: Case,
    entitlement: Entitlement,
    rule: Rule,
    texts: dict[str, dict[str, str]],
    now: datetime,
) -> InboxItem:
    """The inbox item for a new entitlement, in the caller's transaction."""
    amount = entitlement.amount_tiyn
    item = InboxItem(
        citizen_iin=entitlement.recipient_iin,
        case_id=case.id,
        entitlement_id=entitlement.id,
        rule_id=rule.id,
        life_event=case.life_event,
        status=entitlement.status,
        amount_kzt=None if amount is None else amount // 100,
        texts=texts,
        created_at=now,
        expires_at=now + timedelta(hours=rule.consent_window_hours)
        if rule.delivery == "consent"
        else None,
    )
    session.add(item)
    return item


def item_view(item: InboxItem, lang: Lang) -> dict[str, Any]:
    texts = item.texts
    return {
        "id": item.id,
        "rule_id": item.rule_id,
        "life_event": item.life_event,
        "case_id": item.case_id,
        "status": item.status,
        "title": texts["title"][lang],
        "body": texts["body"][lang],
        "amount_kzt": item.amount_kzt,
        "explanation": texts["explanation"][lang],
        "created_at": item.created_at.isoformat(),
        "expires_at": item.expires_at.isoformat() if item.expires_at else None,
        "lang": lang,
    }


def inbox_of(db: Engine, iin: str) -> list[InboxItem]:
    with Session(db) as session:
        query = (
            select(InboxItem)
            .where(InboxItem.citizen_iin == iin)
            .order_by(col(InboxItem.created_at).desc(), col(InboxItem.id).desc())
        )
        return list(session.exec(query).all())


def recent_items(db: Engine, limit: int) -> list[InboxItem]:
    with Session(db) as session:
        query = select(InboxItem).order_by(col(InboxItem.id).desc()).limit(limit)
        return list(session.exec(query).all())
