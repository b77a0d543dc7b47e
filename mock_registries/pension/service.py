"""Pension savings accounts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlmodel import Session, select

from engine.kernel.dates import age_on
from mock_registries.common.errors import FieldError
from mock_registries.common.feed import append_change
from mock_registries.common.records import record_json
from mock_registries.pension.models import TABLES, PensionAccount

MAX_YEARS = 80


class AccountIn(BaseModel):
    balance_kzt: int = Field(ge=0, le=10_000_000_000)
    years_of_participation: int = Field(ge=0, le=MAX_YEARS)
    receiving_pension: bool = False


def find_account(session: Session, iin: str) -> PensionAccount | None:
    return session.exec(select(PensionAccount).where(PensionAccount.iin == iin)).first()


def account_json(account: PensionAccount) -> dict[str, Any]:
    return record_json(account)


def check_account(body: AccountIn, person: dict[str, Any] | None, today: date) -> None:
    if person is None:
        raise FieldError("iin", "person.unknown", where="path")
    age = age_on(date.fromisoformat(person["birth_date"]), today)
    if body.years_of_participation > max(0, age - 14):
        raise FieldError("years_of_participation", "pension.years", age=age)


def update_account(
    session: Session, iin: str, body: AccountIn, today: date, now: datetime
) -> dict[str, Any]:
    account = find_account(session, iin)
    if account is None:
        account = PensionAccount(iin=iin, balance_kzt=0, years_of_participation=0, updated_on=today)
    elif (
        account.balance_kzt == body.balance_kzt
        and account.years_of_participation == body.years_of_participation
        and account.receiving_pension == body.receiving_pension
    ):
        raise FieldError("balance_kzt", "pension.no_change")
    account.balance_kzt = body.balance_kzt
    account.years_of_participation = body.years_of_participation
    account.receiving_pension = body.receiving_pension
    account.updated_on = today
    session.add(account)
    session.flush()
    event_id = append_change(
        session.connection(),
        TABLES.feed,
        type="pension.account_updated",
        occurred_at=now,
        data={
            "iin": iin,
            "balance_kzt": body.balance_kzt,
            "years_of_participation": body.years_of_participation,
            "receiving_pension": body.receiving_pension,
        },
    )
    return {"iin": iin, "event_id": event_id}
