"""The rule format: what a policy analyst writes in ``rules/*.yaml``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from engine.kernel.parameters import LegalReference
from engine.kernel.texts import Text

IDENTIFIER = r"^[a-z][a-z0-9_]*$"
RULE_ID = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$"

Delivery = Literal["automatic", "consent", "inform"]
Status = Literal["draft", "shadow", "active", "retired"]


class Condition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=IDENTIFIER)
    expr: str = Field(min_length=1)
    holds: Text
    fails: Text


class TableRow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    when: str = Field(min_length=1)
    value: str = Field(min_length=1)


class DecisionTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    hit_policy: Literal["unique", "first"]
    rows: list[TableRow] = Field(min_length=1)


class Computation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=IDENTIFIER)
    expr: str | None = None
    table: DecisionTable | None = None
    description: Text | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Computation:
        if (self.expr is None) == (self.table is None):
            raise ValueError(f"computation '{self.id}' needs exactly one of 'expr' or 'table'")
        return self


class InboxTexts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Text
    body: Text


class RuleTest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    event: dict[str, Any]
    facts: dict[str, dict[str, Any] | None] = Field(default_factory=dict)
    expect: dict[str, Any]


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=RULE_ID)
    status: Status
    title: Text
    description: Text
    agency: str = Field(pattern=IDENTIFIER)
    legal_basis: list[LegalReference] = Field(min_length=1)
    valid_from: date
    valid_to: date | None = None
    life_events: list[str] = Field(min_length=1)
    delivery: Delivery
    consent_window_hours: int = Field(default=72, ge=1, le=24 * 90)
    recipient: str = Field(pattern=IDENTIFIER, description="the party who receives the item")
    conditions: list[Condition] = Field(default_factory=list)
    computations: list[Computation] = Field(default_factory=list)
    amount: str | None = Field(
        default=None, description="the computation that is the amount in KZT"
    )
    inbox: InboxTexts
    dedup_key: str = Field(min_length=1)
    tests: list[RuleTest] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Rule:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        ids = [c.id for c in self.conditions] + [c.id for c in self.computations]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"condition and computation ids must be unique: {duplicates}")
        if self.amount is not None and self.amount not in {c.id for c in self.computations}:
            raise ValueError(f"amount '{self.amount}' is not one of the computations")
        return self

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def to_tiyn(amount_kzt: Decimal) -> int:
    """Tenge to integer tiyn, rounding half up (the rule states its own rounding of tenge)."""
    from engine.kernel.dates import round_half_up

    return int(round_half_up(Decimal(amount_kzt) * 100, 0))
