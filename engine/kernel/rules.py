"""The rule format: what a policy analyst writes in ``rules/*.yaml``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from engine.kernel.dates import round_half_up
from engine.kernel.dictionary import AGENCIES
from engine.kernel.parameters import LegalReference
from engine.kernel.texts import FILTERS, LANGUAGES, Text, filters

IDENTIFIER = r"^[a-z][a-z0-9_]*$"
RULE_ID = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$"

Delivery = Literal["automatic", "consent", "inform"]
Status = Literal["draft", "shadow", "active", "retired"]
HitPolicy = Literal["unique", "first"]
RoundingMode = Literal["half_up", "half_even", "down", "up"]
Outcome = Literal["eligible", "not_eligible", "unknown"]
ModifierKind = Literal["relief", "exemption", "top_up"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Condition(Strict):
    """A named test; ``holds`` and ``fails`` are what the citizen reads in each case."""

    id: str = Field(pattern=IDENTIFIER)
    expr: str = Field(min_length=1)
    holds: Text
    fails: Text
    legal_basis: LegalReference | None = None


class TableRow(Strict):
    when: str | list[str] = Field(
        description="a condition, or one test per table input ('>= 4', '[1..3]', 'a, b', '-')"
    )
    value: str | int | float = Field(description="an expression for the value of this row")


class DecisionTable(Strict):
    hit_policy: HitPolicy = Field(
        description="unique: exactly one row must match (checked for overlaps and gaps when "
        "the rule is loaded); first: the first matching row wins"
    )
    inputs: list[str] | None = Field(
        default=None, description="expressions tested by the rows' lists of tests"
    )
    rows: list[TableRow] = Field(min_length=1)

    @model_validator(mode="after")
    def _rows_fit_inputs(self) -> DecisionTable:
        for index, row in enumerate(self.rows):
            if self.inputs is None and isinstance(row.when, list):
                raise ValueError(f"row {index + 1} lists tests but the table has no 'inputs'")
            if self.inputs is not None:
                if not isinstance(row.when, list):
                    raise ValueError(
                        f"row {index + 1}: with 'inputs', 'when' is a list of tests, one per input"
                    )
                if len(row.when) != len(self.inputs):
                    raise ValueError(
                        f"row {index + 1} has {len(row.when)} tests for {len(self.inputs)} inputs"
                    )
        return self


class Computation(Strict):
    id: str = Field(pattern=IDENTIFIER)
    expr: str | int | float | None = None
    table: DecisionTable | None = None
    description: Text | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Computation:
        if (self.expr is None) == (self.table is None):
            raise ValueError(f"computation '{self.id}' needs exactly one of 'expr' or 'table'")
        return self


class Rounding(Strict):
    to: Literal["tenge", "tiyn"]
    mode: RoundingMode

    def apply(self, amount_kzt: Decimal) -> int:
        """The amount in tiyn, rounded as stated."""
        from engine.kernel.expressions import FUNCTIONS

        digits = 0 if self.to == "tenge" else 2
        rounded: Decimal = FUNCTIONS[f"round_{self.mode}"](amount_kzt, digits)
        return int(rounded * 100)


class Amount(Strict):
    computation: str = Field(pattern=IDENTIFIER, description="the computation that gives KZT")
    period: Literal["one_time", "monthly"]
    rounding: Rounding


class Modifies(Strict):
    """A rule that changes another rule's amount instead of sending an item of its own: the
    citizen receives the base rule's one item, with the final amount and an explanation that
    lists the base, each modifier with its legal basis, and the result."""

    rule: str = Field(pattern=RULE_ID, description="the id of the base rule it modifies")
    kind: ModifierKind = Field(
        description="relief: the rule's amount is taken off the base; exemption: nothing is "
        "due; top_up: the rule's amount is added"
    )


class Consent(Strict):
    window_hours: int = Field(default=72, ge=1, le=24 * 90)
    reminders_hours_before: list[int] = Field(
        default_factory=list, description="reminders sent this many hours before expiry"
    )

    @model_validator(mode="after")
    def _reminders_inside(self) -> Consent:
        for hours in self.reminders_hours_before:
            if not 0 < hours < self.window_hours:
                raise ValueError(
                    f"a reminder {hours} hours before expiry falls outside the "
                    f"{self.window_hours}-hour window"
                )
        return self


class Step(Strict):
    """One piece of agency work that fulfils the entitlement."""

    id: str = Field(pattern=IDENTIFIER)
    agency: str
    action: Text
    sla_working_days: int = Field(ge=0, le=365)
    after: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known_agency(self) -> Step:
        if self.agency not in AGENCIES:
            raise ValueError(f"unknown agency '{self.agency}'; one of: {', '.join(AGENCIES)}")
        return self


class LateTexts(Strict):
    """The item's texts when the decision comes after the event's date (a clock moved ahead,
    an event processed late): the same news, worded in the past tense."""

    title: Text
    body: Text


class InboxTexts(Strict):
    """The item's texts. Placeholders name values (``{amount_kzt}``, ``{event.child_iin}``)
    and may pass them through a filter: ``|money`` (``272 475 ₸``), ``|date``, ``|plain`` (a
    year as stored) or ``|count:FORMS`` (the number with its noun in agreement)."""

    title: Text
    body: Text
    reminder: Text | None = None
    after_the_date: LateTexts | None = Field(
        default=None,
        description="the texts used when the decision is made after the event's date",
    )
    when_nothing_due: LateTexts | None = Field(
        default=None,
        description="the texts used when the rule's modifiers (an exemption, a relief as "
        "large as the amount) leave nothing to pay; the explanation shows the calculation",
    )

    @model_validator(mode="after")
    def _known_filters(self) -> InboxTexts:
        texts = [self.title, self.body, *([self.reminder] if self.reminder else [])]
        for variant in (self.after_the_date, self.when_nothing_due):
            if variant is not None:
                texts += [variant.title, variant.body]
        for text in texts:
            for lang in LANGUAGES:
                unknown = sorted(set(filters(text.in_(lang))) - set(FILTERS))
                if unknown:
                    raise ValueError(
                        f"unknown filter {unknown[0]!r} in the {lang} text; "
                        f"one of: {', '.join(FILTERS)}"
                    )
        return self


class TestExpectation(Strict):
    outcome: Outcome | None = None
    amount_kzt: int | float | None = None
    final_amount_kzt: int | float | None = Field(
        default=None,
        description="the amount the citizen is told: the base rule's amount after every "
        "modifier in force (for a modifier, the amount of the base it modifies)",
    )
    holds: list[str] = Field(default_factory=list)
    fails: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    awaiting: list[str] = Field(
        default_factory=list, description="parameters with no published value on the law date"
    )
    values: dict[str, Any] = Field(default_factory=dict)
    error: str | None = Field(default=None, description="part of the rule error's message")
    text: dict[str, str] = Field(
        default_factory=dict, description="language -> a phrase the inbox body must contain"
    )

    @model_validator(mode="after")
    def _something(self) -> TestExpectation:
        if self.error is not None and self.outcome is not None:
            raise ValueError("a test expects either an error or an outcome")
        if self.error is None and self.outcome is None:
            raise ValueError("a test expects an 'outcome' (or an 'error')")
        return self


class RuleTest(Strict):
    name: str = Field(min_length=1)
    life_event: str | None = Field(default=None, description="default: the rule's first")
    as_of: date | None = Field(default=None, description="the law date; default: event date")
    decided_on: date | None = Field(
        default=None,
        description="the day the decision is made; after the event's date the texts are the "
        "inbox's after_the_date texts (default: the event's date)",
    )
    event: dict[str, Any]
    facts: dict[str, dict[str, Any] | None] = Field(default_factory=dict)
    parameters: dict[str, int | float | str | dict[date, int | float | str]] = Field(
        default_factory=dict,
        description="what-if values: a number for every date, or {from-date: number}",
    )
    expect: TestExpectation


class ByApplication(Strict):
    """The same service by application, as published: the term the state gives itself once a
    citizen has applied (the case page sets the proactive route against it)."""

    working_days: int = Field(ge=1, le=365)
    source: str = Field(min_length=1, description="where the term is published")


class Rule(Strict):
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
    when_late: Literal["send", "skip"] = Field(
        default="send",
        description="skip: the item only makes sense on or before the event's date; decided "
        "later, nothing is sent and the decision records why",
    )
    consent: Consent | None = None
    recipient: str = Field(pattern=IDENTIFIER, description="the party who receives the item")
    parties: list[str] = Field(
        default_factory=list, description="other parties the decision concerns"
    )
    conditions: list[Condition] = Field(default_factory=list)
    computations: list[Computation] = Field(default_factory=list)
    amount: Amount | None = None
    modifies: Modifies | None = None
    steps: list[Step] = Field(default_factory=list)
    inbox: InboxTexts | None = Field(
        default=None, description="the item's texts (a modifier has none: it sends no item)"
    )
    dedup_key: str | None = Field(default=None, min_length=1)
    dedup_once_because: str | None = Field(
        default=None,
        min_length=1,
        description="why the item is due once per dedup key although the event repeats "
        "(one allowance per mother); without it validate warns about such a key",
    )
    later_events: Literal["once", "update"] = Field(
        default="once",
        description="what a later event under the same dedup key does to the live item: once "
        "(default): nothing, the item happened; update: it decides the item's amount again "
        "(a fifth child raises the large-family allowance), superseding an open offer, or "
        "bringing arrears or an overpayment once answered; needs an amount",
    )
    by_application: ByApplication | None = None
    tests: list[RuleTest] = Field(default_factory=list)

    @field_validator("later_events")
    @classmethod
    def _updates_an_amount(cls, value: str, info: ValidationInfo) -> str:
        if value == "update" and (
            info.data.get("amount") is None or info.data.get("modifies") is not None
        ):
            raise ValueError(
                "update decides the amount of the one item again: it needs an 'amount' and "
                "a rule that sends its own item (a modifier changes its base's)"
            )
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Rule:
        if self.agency not in AGENCIES:
            raise ValueError(f"unknown agency '{self.agency}'; one of: {', '.join(AGENCIES)}")
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        if self.consent is not None and self.delivery != "consent":
            raise ValueError("'consent' settings apply only with delivery: consent")
        ids = [c.id for c in self.conditions] + [c.id for c in self.computations]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"condition and computation ids must be unique: {duplicates}")
        if self.amount is not None and self.amount.computation not in {
            c.id for c in self.computations
        }:
            raise ValueError(f"amount '{self.amount.computation}' is not one of the computations")
        self._check_steps()
        self._check_modifier()
        return self

    def _check_modifier(self) -> None:
        if self.modifies is None:
            if self.inbox is None or self.dedup_key is None:
                raise ValueError("a rule needs 'inbox' texts and a 'dedup_key'")
            return
        if self.modifies.rule == self.id:
            raise ValueError("a rule cannot modify itself")
        if self.inbox is not None or self.dedup_key is not None or self.steps:
            raise ValueError(
                "a modifier sends no item of its own: leave out 'inbox', 'dedup_key' and "
                "'steps' (the base rule's item carries the result)"
            )
        if self.modifies.kind == "exemption" and self.amount is not None:
            raise ValueError("an exemption takes the whole amount off: it has no 'amount'")
        if self.modifies.kind != "exemption" and self.amount is None:
            raise ValueError(f"a {self.modifies.kind} needs an 'amount': the sum it changes")

    def _check_steps(self) -> None:
        ids = [s.id for s in self.steps]
        if len(set(ids)) != len(ids):
            raise ValueError("step ids must be unique")
        for step in self.steps:
            for before in step.after:
                if before not in ids:
                    raise ValueError(f"step '{step.id}' comes after unknown step '{before}'")
        done: set[str] = set()
        remaining = list(self.steps)
        while remaining:
            ready = [s for s in remaining if set(s.after) <= done]
            if not ready:
                cycle = ", ".join(s.id for s in remaining)
                raise ValueError(f"steps wait for each other in a circle: {cycle}")
            done |= {s.id for s in ready}
            remaining = [s for s in remaining if s.id not in done]

    @property
    def consent_window_hours(self) -> int:
        """Hours a consent offer stays open (72 unless the rule says otherwise)."""
        return self.consent.window_hours if self.consent is not None else 72

    @property
    def reminders_hours_before(self) -> list[int]:
        return self.consent.reminders_hours_before if self.consent is not None else []

    @property
    def working_days_to_finish(self) -> int:
        """Working days the agencies' steps take at most, one after another where they wait
        for each other: when the first payment arrives at the latest."""
        finish: dict[str, int] = {}
        remaining = list(self.steps)
        while remaining:
            for step in [s for s in remaining if set(s.after) <= set(finish)]:
                start = max((finish[before] for before in step.after), default=0)
                finish[step.id] = start + step.sla_working_days
                remaining.remove(step)
        return max(finish.values(), default=0)

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def to_tiyn(amount_kzt: Decimal) -> int:
    """Tenge to integer tiyn, rounding half up."""
    return int(round_half_up(Decimal(amount_kzt) * 100, 0))
