"""Life events: which registry change (or which age reached) starts one, who it concerns,
which facts may be read."""

from __future__ import annotations

import math
from datetime import date
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from engine.kernel.dates import add_months
from engine.kernel.dictionary import LOOKUPS, Domain, FieldType
from engine.kernel.parameters import ParameterNotInForce, ParameterStore
from engine.kernel.texts import Text

IDENTIFIER = r"^[a-z][a-z0-9_]*$"
PARTY_SOURCE = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$"

MILESTONE_FIELDS: dict[str, FieldType] = {
    "iin": "string",
    "birth_date": "date",
    "sex": "string",
    "milestone_date": "date",
}


class Age(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    years: int = Field(default=0, ge=0, le=130)
    months: int = Field(default=0, ge=0, le=11)

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months


class Milestone(BaseModel):
    """An age reached on a date. ``age_parameter`` names an effective-dated parameter in years
    (61.5 is 61 years and 6 months), taken as in force on the date the age is reached."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    age: Age | None = None
    age_parameter: str | None = Field(default=None, min_length=1)
    sex: Literal["M", "F"] | None = None

    @model_validator(mode="after")
    def _one_age(self) -> Milestone:
        if (self.age is None) == (self.age_parameter is None):
            raise ValueError("a milestone needs exactly one of 'age' or 'age_parameter'")
        return self


class Trigger(BaseModel):
    """Either a registry change-feed event or a time milestone."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    registry: str | None = Field(default=None, pattern=IDENTIFIER)
    event_type: str | None = Field(default=None, min_length=1)
    milestone: Milestone | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Trigger:
        registry_event = self.registry is not None or self.event_type is not None
        if registry_event == (self.milestone is not None):
            raise ValueError(
                "a trigger is either a registry event (registry and event_type) or a milestone"
            )
        if registry_event and (self.registry is None or self.event_type is None):
            raise ValueError("a registry trigger needs both 'registry' and 'event_type'")
        return self


class FieldSpec(BaseModel):
    """An event field with its type and, optionally, the values it can take."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: FieldType
    values: list[str | int] | None = None
    min: int | None = None
    max: int | None = None

    def domain(self) -> Domain:
        return Domain(
            values=tuple(self.values) if self.values else None, minimum=self.min, maximum=self.max
        )


class FactSource(BaseModel):
    """A registry lookup for one party; only these facts may be gathered."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lookup: str = Field(pattern=IDENTIFIER)
    party: str = Field(pattern=IDENTIFIER)
    purpose: Text


class Simulation(BaseModel):
    """How a simulation finds this life event in a population: ``select`` picks the events
    among the ``records`` (persons, or a register's records such as vehicle registrations;
    names: ``<records>.<field>`` and ``as_of``) and ``event`` gives each event field as an
    expression over the chosen record."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    records: str = Field(
        default="person",
        description="which records the events are found among: "
        "person, vehicle, marriage or disability_decision",
    )
    select: str = Field(min_length=1)
    event: dict[str, str] = Field(min_length=1)


class LifeEvent(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=IDENTIFIER)
    title: Text
    description: Text | None = None
    trigger: Trigger
    date_field: str = Field(pattern=IDENTIFIER, description="event data field with the event date")
    subject: str = Field(pattern=IDENTIFIER, description="the party the case is about")
    parties: dict[str, str] = Field(
        min_length=1,
        description="party name -> event data field, or fact.field for a party found in a "
        "fact of another party (the deceased's spouse: deceased.spouse_iin)",
    )
    event_fields: dict[str, FieldType | FieldSpec] = Field(default_factory=dict)
    facts: dict[str, FactSource] = Field(default_factory=dict)
    simulation: Simulation | None = None
    once_for: list[str] = Field(
        default_factory=list,
        description="parties to whom the event happens at most once (the child of a birth, "
        "the deceased of a death); a milestone happens once to its subject",
    )

    @model_validator(mode="after")
    def _references_resolve(self) -> LifeEvent:
        if self.subject not in self.parties:
            raise ValueError(f"subject '{self.subject}' is not one of the parties")
        if self.trigger.milestone is not None:
            for name, kind in MILESTONE_FIELDS.items():
                if self.field_type(name) != kind:
                    raise ValueError(
                        f"a milestone event carries {', '.join(MILESTONE_FIELDS)}: "
                        f"declare '{name}: {kind}' in event_fields"
                    )
            if self.date_field != "milestone_date":
                raise ValueError("a milestone event's date_field is 'milestone_date'")
            if self.parties.get("person") != "iin" or self.subject != "person":
                raise ValueError("a milestone event's subject is the party 'person: iin'")
        for name, source in self.facts.items():
            if source.lookup not in LOOKUPS:
                known = ", ".join(sorted(LOOKUPS))
                raise ValueError(
                    f"fact '{name}': unknown lookup '{source.lookup}' (known: {known})"
                )
            if source.party not in self.parties:
                raise ValueError(f"fact '{name}' reads party '{source.party}', which is not listed")
            if name in self.parties and name != source.party:
                raise ValueError(f"fact '{name}' has the name of another party")
        for party, party_source in self.parties.items():
            if "." in party_source:
                fact, _, field = party_source.partition(".")
                if fact not in self.facts:
                    raise ValueError(f"party '{party}' comes from unknown fact '{fact}'")
                if "." in self.parties[self.facts[fact].party]:
                    raise ValueError(
                        f"party '{party}' comes from fact '{fact}' of a derived party; "
                        "derive parties only from facts of parties named in the event"
                    )
                if field not in self.fact_fields(fact):
                    raise ValueError(f"party '{party}': fact '{fact}' has no field '{field}'")
            elif party_source not in self.event_fields:
                raise ValueError(
                    f"event field '{party_source}' is used but not declared in event_fields"
                )
        for party in self.once_for:
            if party not in self.parties:
                raise ValueError(f"once_for: '{party}' is not one of the parties")
        if self.date_field not in self.event_fields:
            raise ValueError(f"event field '{self.date_field}' is not declared in event_fields")
        if self.simulation is not None:
            self._check_simulation(self.simulation)
        return self

    def _check_simulation(self, simulation: Simulation) -> None:
        from engine.kernel.dictionary import RECORDS
        from engine.kernel.expressions import compile_expression, suggest

        fields = RECORDS.get(simulation.records)
        if fields is None:
            raise ValueError(
                f"simulation.records: unknown records '{simulation.records}'"
                f"{suggest(simulation.records, list(RECORDS))} (known: {', '.join(RECORDS)})"
            )
        names = [f"{simulation.records}.{f}" for f in fields] + ["as_of"]

        def known(path: str) -> str | None:
            return None if path in names else f"unknown name '{path}'{suggest(path, names)}"

        compile_expression(simulation.select, known)
        for name, source in simulation.event.items():
            if name not in self.event_fields:
                raise ValueError(f"simulation.event: '{name}' is not one of the event_fields")
            compile_expression(source, known)
        subject_field = self.parties[self.subject]
        if "." not in subject_field and subject_field not in simulation.event:
            raise ValueError(
                f"simulation.event must give '{subject_field}', the subject's IIN: "
                "a simulated event needs the person it is about"
            )

    @property
    def once_parties(self) -> list[str]:
        """The parties to whom the event happens at most once."""
        milestone = [self.subject] if self.trigger.milestone is not None else []
        return [*milestone, *(p for p in self.once_for if p not in milestone)]

    def field_type(self, name: str) -> FieldType | None:
        spec = self.event_fields.get(name)
        if spec is None:
            return None
        return spec.type if isinstance(spec, FieldSpec) else spec

    def field_domain(self, name: str) -> Domain | None:
        spec = self.event_fields.get(name)
        return spec.domain() if isinstance(spec, FieldSpec) else None

    def fact_fields(self, fact: str) -> dict[str, FieldType]:
        return LOOKUPS[self.facts[fact].lookup].fields

    def direct_parties(self, data: dict[str, object]) -> dict[str, str | None]:
        """Parties named in the event data itself."""
        found: dict[str, str | None] = {}
        for party, source in self.parties.items():
            if "." not in source:
                value = data.get(source)
                found[party] = None if value is None else str(value)
        return found

    def derived_parties(self, facts: dict[str, dict[str, object] | None]) -> dict[str, str | None]:
        """Parties found in facts already gathered for the direct parties."""
        found: dict[str, str | None] = {}
        for party, source in self.parties.items():
            if "." in source:
                fact, _, field = source.partition(".")
                record = facts.get(fact)
                value = None if record is None else record.get(field)
                found[party] = None if value is None else str(value)
        return found

    def fact_stages(self) -> tuple[list[str], list[str]]:
        """Facts of direct parties first, then facts of derived parties."""
        first = [n for n, s in self.facts.items() if "." not in self.parties[s.party]]
        second = [n for n, s in self.facts.items() if "." in self.parties[s.party]]
        return first, second


def _milestone_months(milestone: Milestone, years: object) -> int:
    """Months of age a threshold in (decimal) years means, rounded up to whole months."""
    return math.ceil(float(str(years)) * 12 - 1e-9)


def milestone_date(milestone: Milestone, birth: date, parameters: ParameterStore) -> date:
    """The first date D on which age(birth, D) >= threshold(D), counting age in completed
    months (a person born on 31 August is 1 year 6 months old on 28/29 February).

    When the threshold was reached before the parameter's first value, the date is computed
    with that first value (it lies before any period the engine watches)."""
    if milestone.age is not None:
        return add_months(birth, milestone.age.total_months)
    assert milestone.age_parameter is not None
    parameter = parameters.get(milestone.age_parameter)
    periods = sorted(parameter.values, key=lambda v: v.valid_from)
    for index, period in enumerate(periods):
        reached = add_months(birth, _milestone_months(milestone, period.value))
        if index == 0 and reached < period.valid_from:
            return reached
        candidate = max(reached, period.valid_from)
        if period.valid_to is None or candidate <= period.valid_to:
            return candidate
    last = periods[-1]
    raise ParameterNotInForce(
        parameter.id, last.valid_to or last.valid_from, "the age is reached after its last value"
    )


def milestone_dates(milestone: Milestone, births: Any, parameters: ParameterStore) -> Any:
    """``milestone_date`` for an array of birth dates (datetime64[D]) at once; births whose
    age is reached after the parameter's last value get NaT."""
    from engine.kernel.vector import add_months_v

    births = np.asarray(births, dtype="datetime64[D]")
    if milestone.age is not None:
        return add_months_v(births, np.int64(milestone.age.total_months))
    assert milestone.age_parameter is not None
    parameter = parameters.get(milestone.age_parameter)
    periods = sorted(parameter.values, key=lambda v: v.valid_from)
    result = np.full(births.shape, np.datetime64("NaT"), dtype="datetime64[D]")
    decided = np.zeros(births.shape, dtype=bool)
    for index, period in enumerate(periods):
        reached = add_months_v(births, np.int64(_milestone_months(milestone, period.value)))
        starts = np.datetime64(period.valid_from, "D")
        if index == 0:
            early = reached < starts
            result[early] = reached[early]
            decided |= early
        candidate = np.maximum(reached, starts)
        fits = ~decided
        if period.valid_to is not None:
            fits &= candidate <= np.datetime64(period.valid_to, "D")
        result[fits] = candidate[fits]
        decided |= fits
    return result


def milestone_birth_range(
    milestone: Milestone, after: date, until: date, parameters: ParameterStore
) -> tuple[date, date]:
    """Birth dates that can have a milestone date in (after, until]: the engine queries this
    range through its birth-date index and keeps those whose ``milestone_date`` is in range."""
    if milestone.age is not None:
        months = [milestone.age.total_months]
    else:
        assert milestone.age_parameter is not None
        parameter = parameters.get(milestone.age_parameter)
        months = [_milestone_months(milestone, v.value) for v in parameter.values]
    earliest = add_months(after, -max(months) - 1)
    latest = add_months(until, -min(months) + 1)
    return earliest, latest
