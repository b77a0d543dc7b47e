"""Insurance status and income history of a person."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlmodel import Session, select

from mock_registries.common.errors import FieldError
from mock_registries.common.feed import append_change
from mock_registries.common.validators import IIN, Day, check_past_date
from mock_registries.social_insurance.contributions import (
    KEPT_MONTHS,
    contribution,
    index_of_date,
    month_index,
    month_of,
    window,
)
from mock_registries.social_insurance.models import TABLES, InsuranceAccount, as_json_list

MIN_WORKING_AGE = 14
MAX_MONTHLY_INCOME_KZT = 100_000_000


class StatusChangeIn(BaseModel):
    iin: IIN
    insured: bool
    since: Day = Field(description="the day the new status begins")
    monthly_income_kzt: int | None = Field(default=None, ge=1, le=MAX_MONTHLY_INCOME_KZT)


def find_account(session: Session, iin: str) -> InsuranceAccount | None:
    return session.exec(select(InsuranceAccount).where(InsuranceAccount.iin == iin)).first()


def incomes_by_month(account: InsuranceAccount, until: int) -> dict[int, int]:
    """Income per month index up to ``until``: what is recorded, and, while the person is
    insured, the current income for each later month (the employer keeps paying)."""
    months: dict[int, int] = {}
    if account.history_start is not None:
        start = month_index(account.history_start)
        for offset, income in enumerate(as_json_list(account.history)):
            if income > 0:
                months[start + offset] = income
    if account.insured and account.monthly_income_kzt and account.since is not None:
        recorded_until = (
            month_index(account.history_start) + len(account.history) - 1
            if account.history_start is not None
            else index_of_date(account.since) - 1
        )
        first = max(recorded_until + 1, index_of_date(account.since))
        for index in range(first, until + 1):
            months[index] = account.monthly_income_kzt
    return months


def account_json(account: InsuranceAccount, on: date) -> dict[str, Any]:
    first, last = window(on)
    months = incomes_by_month(account, last)
    history = [
        {
            "month": month_of(index),
            "income_kzt": months[index],
            "contribution_kzt": contribution(month_of(index), months[index]),
        }
        for index in range(first, last + 1)
        if index in months
    ]
    incomes = [months[index] for index in range(first, last + 1) if index in months]
    return {
        "iin": account.iin,
        "insured": account.insured,
        "since": account.since.isoformat() if account.since else None,
        "monthly_income_kzt": account.monthly_income_kzt if account.insured else None,
        "average_monthly_income_kzt": round(sum(incomes) / len(incomes)) if incomes else 0,
        "months_with_contributions": len(history),
        "income_history": history,
        "as_of": on.isoformat(),
    }


def _materialise(account: InsuranceAccount, until: int) -> None:
    """Write the months implied so far into the stored history (before a status change),
    keeping the last 36 months."""
    months = incomes_by_month(account, until)
    if not months:
        account.history_start, account.history = None, []
        return
    end = max(months)
    start = max(min(months), end - KEPT_MONTHS + 1)
    account.history_start = month_of(start)
    account.history = [months.get(index, 0) for index in range(start, end + 1)]


def check_status_change(body: StatusChangeIn, person: dict[str, Any] | None, today: date) -> None:
    check_past_date("since", body.since, today)
    if person is None:
        raise FieldError("iin", "person.unknown")
    if not person["alive"]:
        raise FieldError("iin", "person.dead", death_date=person.get("death_date"))
    birth = date.fromisoformat(person["birth_date"])
    if body.since.year - birth.year < MIN_WORKING_AGE:
        raise FieldError("since", "insurance.under_age", age=MIN_WORKING_AGE)
    if body.insured and body.monthly_income_kzt is None:
        raise FieldError("monthly_income_kzt", "insurance.income_required")
    if not body.insured and body.monthly_income_kzt is not None:
        raise FieldError("monthly_income_kzt", "insurance.income_uninsured")


def change_status(
    session: Session, body: StatusChangeIn, today: date, now: datetime
) -> dict[str, Any]:
    account = find_account(session, body.iin)
    if account is None:
        account = InsuranceAccount(iin=body.iin, insured=False, history=[])
    elif account.insured == body.insured and (
        not body.insured or account.monthly_income_kzt == body.monthly_income_kzt
    ):
        raise FieldError("insured", "insurance.no_change", since=account.since)
    if account.since is not None and body.since < account.since:
        raise FieldError("since", "insurance.before_status", since=account.since)
    _materialise(account, index_of_date(body.since) - 1)
    account.insured = body.insured
    account.since = body.since
    account.monthly_income_kzt = body.monthly_income_kzt
    session.add(account)
    session.flush()
    shown = account_json(account, today)
    event_id = append_change(
        session.connection(),
        TABLES.feed,
        type="insurance.status_changed",
        occurred_at=now,
        data={
            "iin": account.iin,
            "insured": account.insured,
            "since": body.since.isoformat(),
            "average_monthly_income_kzt": shown["average_monthly_income_kzt"],
        },
    )
    return {"iin": account.iin, "event_id": event_id}
