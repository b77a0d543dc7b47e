"""The scenario format. The JSON Schema published in docs/scenario.schema.json is generated
from these models (``proactive scenario schema``)."""

from __future__ import annotations

import re
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

DATE_PATTERN = r"^(today([+-]\d+d)?|\d{4}-\d{2}-\d{2})$"
OFFSET_PATTERN = r"^\+\d+(d|h)$"
ROLE_PATTERN = r"^[a-z][a-z0-9_]*$"

Role = str
Day = str


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")
    what: ClassVar[str] = "field"

    @model_validator(mode="before")
    @classmethod
    def _known_fields(cls, data: Any) -> Any:
        if isinstance(data, dict):
            names = tuple(cls.model_fields)
            for key in data:
                if key not in names:
                    raise ValueError(allowed(str(key), names, cls.what))
        return data


class Criteria(_Strict):
    """Who to pick from the population: every criterion given must hold."""

    what: ClassVar[str] = "criterion"

    sex: Literal["M", "F"] | None = None
    age: tuple[int, int] | None = Field(default=None, description="[min, max] years, inclusive")
    region: str | None = None
    citizen: bool | None = Field(default=None, description="a citizen of Kazakhstan")
    married: bool | None = Field(default=None, description="a spouse is on record")
    spouse_alive: bool | None = Field(default=None, description="the spouse on record is alive")
    children: int | None = Field(default=None, ge=0, description="exactly this many children")
    minor_children: int | None = Field(default=None, ge=0, description="of them under 18")
    youngest_child_older_than_days: int | None = Field(default=None, ge=0)
    vehicle: bool | None = Field(default=None, description="owns a registered vehicle")
    pension_account: bool | None = Field(default=None, description="has an ENPF account")
    insured: bool | None = Field(default=None, description="insured with the GFSS now")
    turns: int | None = Field(
        default=None,
        ge=1,
        description="reaches this age after today: the one whose birthday comes soonest",
    )

    @field_validator("age")
    @classmethod
    def _ordered(cls, value: tuple[int, int] | None) -> tuple[int, int] | None:
        if value is not None and value[0] > value[1]:
            raise ValueError("age is [min, max] with min not above max")
        return value


class Created(_Strict):
    """A new person, created the way the registries create people: a birth registered for a
    mother of the cast (on a past date for an older child)."""

    mother: Role
    father: Role | None = None
    sex: Literal["M", "F"]
    first_name: str = Field(min_length=1)
    birth_date: Day = Field(pattern=DATE_PATTERN)


class Member(_Strict):
    """One person of the cast: picked by criteria, the spouse of another, or created."""

    pick: Criteria | None = None
    spouse_of: Role | None = None
    create: Created | None = None

    @model_validator(mode="after")
    def _one_way(self) -> Member:
        given = [k for k in ("pick", "spouse_of", "create") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("a cast member is given by exactly one of: pick, spouse_of, create")
        return self


class Birth(_Strict):
    mother: Role
    father: Role | None = None
    child: Role | None = Field(default=None, description="the role the newborn takes")
    first_name: str = "Айару"
    sex: Literal["M", "F"] = "F"
    date: Day = Field(default="today", pattern=DATE_PATTERN)


class Death(_Strict):
    person: Role
    date: Day = Field(default="today", pattern=DATE_PATTERN)


class Spouses(_Strict):
    spouses: tuple[Role, Role]
    date: Day = Field(default="today", pattern=DATE_PATTERN)


class Vehicle(_Strict):
    owner: Role
    make: str = "Hyundai"
    model: str = "Accent"
    year: int = Field(default=2024, ge=1950, le=2100)
    engine_cc: int | None = Field(default=1600, ge=1)
    fuel: Literal["petrol", "diesel", "gas", "hybrid", "electric"] = "petrol"
    date: Day | None = Field(default=None, pattern=DATE_PATTERN)


class Insurance(_Strict):
    person: Role
    insured: bool
    monthly_income_kzt: int | None = Field(default=None, ge=0)
    since: Day = Field(default="today", pattern=DATE_PATTERN)


class Disability(_Strict):
    person: Role
    group: Literal[1, 2, 3]
    cause: str = "general"
    valid_from: Day = Field(default="today", pattern=DATE_PATTERN)
    decision_date: Day = Field(default="today", pattern=DATE_PATTERN)


class PensionAccount(_Strict):
    person: Role
    balance_kzt: int = Field(ge=0)
    years_of_participation: int = Field(ge=0)
    receiving_pension: bool = False


class Birthday(_Strict):
    person: Role
    age: int = Field(ge=1, le=130)


class Clock(_Strict):
    """Move the simulated clock ahead (to 10:00 in Almaty on a birthday, when SMS go out)."""

    days: float | None = Field(default=None, gt=0)
    hours: float | None = Field(default=None, gt=0)
    to_birthday: Birthday | None = None

    @model_validator(mode="after")
    def _one_amount(self) -> Clock:
        if sum(v is not None for v in (self.days, self.hours, self.to_birthday)) != 1:
            raise ValueError("advance_clock takes one of: days, hours, to_birthday")
        return self


class Answer(_Strict):
    citizen: Role
    rule: str
    reply: Literal["accept", "decline", "undo_decline"] = "accept"
    by: Literal["page", "sms"] = "page"
    text: str | None = Field(default=None, description="the SMS text (default: Иә or Жоқ)")


class TaskAction(_Strict):
    citizen: Role = Field(description="whose item's tasks (the recipient)")
    rule: str
    agency: str
    step: str | None = None
    action: Literal["complete", "reject"] = "complete"
    reason: str = "Документы не соответствуют требованиям"


class FaultOn(_Strict):
    registry: str
    outage: bool = True
    error_rate: float = Field(default=0, ge=0, le=1)
    latency_ms: int = Field(default=0, ge=0)
    duplicate_rate: float = Field(default=0, ge=0, le=1)


class FaultOff(_Strict):
    registry: str


# --- expectations --------------------------------------------------------------------------


class InboxExpectation(_Strict):
    citizen: Role
    rule: str
    status: str | None = None
    amount_kzt: int | None = None
    count: int | None = Field(default=None, ge=0, description="how many such items (default ≥1)")


class Absent(_Strict):
    citizen: Role
    rule: str


class Messages(_Strict):
    citizen: Role
    at_least: int = Field(default=1, ge=0)
    channel: Literal["sms", "push", "email"] | None = None


class Tasks(_Strict):
    citizen: Role
    rule: str
    agency: str
    step: str | None = None
    status: str | None = None
    count: int | None = Field(default=None, ge=0)


class CaseState(_Strict):
    subject: Role
    life_event: str
    decisions: dict[str, str] = Field(
        default_factory=dict, description="rule id → outcome (eligible, not_eligible, unknown)"
    )


class Expectation(_Strict):
    """One thing that must hold after the step, waited for up to ``within`` seconds."""

    inbox: InboxExpectation | None = None
    no_inbox: Absent | None = None
    exactly_one: Absent | None = Field(default=None, description="one item of this rule, no more")
    messages: Messages | None = None
    tasks: Tasks | None = None
    case: CaseState | None = None
    nothing_for_deceased: Role | None = Field(
        default=None, description="no open offer, accepted or running item for this person"
    )
    within: float = Field(default=30, gt=0, le=600, description="seconds to wait at most")

    @model_validator(mode="before")
    @classmethod
    def _known_fields(cls, data: Any) -> Any:
        return _exactly_one(data, EXPECTATIONS, "expectation", extra=("within",))

    def kind(self) -> str:
        return next(k for k in EXPECTATIONS if getattr(self, k) is not None)


class Step(_Strict):
    """One action, optionally at a simulated time after the scenario's start, then what must
    follow from it."""

    at: str | None = Field(
        default=None, pattern=OFFSET_PATTERN, description="'+3d' or '+6h' after the start"
    )
    birth: Birth | None = None
    death: Death | None = None
    marriage: Spouses | None = None
    divorce: Spouses | None = None
    vehicle: Vehicle | None = None
    insurance: Insurance | None = None
    disability: Disability | None = None
    pension_account: PensionAccount | None = None
    advance_clock: Clock | None = None
    answer: Answer | None = None
    task: TaskAction | None = None
    fault_on: FaultOn | None = None
    fault_off: FaultOff | None = None
    wait: Literal["nothing"] | None = Field(default=None, description="only check expectations")
    expect: list[Expectation] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _known_fields(cls, data: Any) -> Any:
        return _exactly_one(data, STEPS, "step", extra=("at", "expect"))

    def action(self) -> str:
        return next(k for k in STEPS if getattr(self, k) is not None)


class Scenario(_Strict):
    name: str = Field(min_length=1)
    description: str | None = None
    story: Role | None = Field(
        default=None,
        description="for the presenter's story: the cast member whose phone is shown",
    )
    cast: dict[str, Member] = Field(min_length=1)
    steps: list[Step] = Field(min_length=1)

    @field_validator("cast")
    @classmethod
    def _role_names(cls, cast: dict[str, Member]) -> dict[str, Member]:
        for role in cast:
            if not re.match(ROLE_PATTERN, role):
                raise ValueError(f"role '{role}': lower-case letters, digits and _ only")
        return cast


STEPS = (
    "birth",
    "death",
    "marriage",
    "divorce",
    "vehicle",
    "insurance",
    "disability",
    "pension_account",
    "advance_clock",
    "answer",
    "task",
    "fault_on",
    "fault_off",
    "wait",
)
EXPECTATIONS = (
    "inbox",
    "no_inbox",
    "exactly_one",
    "messages",
    "tasks",
    "case",
    "nothing_for_deceased",
)
CRITERIA = tuple(Criteria.model_fields)


def allowed(word: str, names: tuple[str, ...], what: str) -> str:
    import difflib

    close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown {what} '{word}'{hint}; allowed: {', '.join(names)}"


def _exactly_one(data: Any, names: tuple[str, ...], what: str, extra: tuple[str, ...]) -> Any:
    if not isinstance(data, dict):
        return data
    unknown = [k for k in data if k not in names and k not in extra]
    if unknown:
        raise ValueError(allowed(str(unknown[0]), names, what))
    given = [k for k in data if k in names]
    if len(given) != 1:
        found = ", ".join(given) or "none"
        raise ValueError(f"a {what} has exactly one of: {', '.join(names)} (found: {found})")
    return data


def json_schema() -> dict[str, Any]:
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://github.com/proactive/proactive/docs/scenario.schema.json"
    return schema
