"""Life events: which registry change starts one, who it concerns, which facts may be read."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from engine.kernel.dictionary import LOOKUPS, FieldType
from engine.kernel.texts import Text

IDENTIFIER = r"^[a-z][a-z0-9_]*$"


class Trigger(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    registry: str = Field(pattern=IDENTIFIER)
    event_type: str = Field(min_length=1)


class FactSource(BaseModel):
    """A registry lookup for one party; only these facts may be gathered."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lookup: str = Field(pattern=IDENTIFIER)
    party: str = Field(pattern=IDENTIFIER)
    purpose: Text


class LifeEvent(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=IDENTIFIER)
    title: Text
    trigger: Trigger
    date_field: str = Field(pattern=IDENTIFIER, description="event data field with the event date")
    subject: str = Field(pattern=IDENTIFIER, description="the party the case is about")
    parties: dict[str, str] = Field(min_length=1, description="party name -> event data field")
    event_fields: dict[str, FieldType] = Field(default_factory=dict)
    facts: dict[str, FactSource] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _references_resolve(self) -> LifeEvent:
        if self.subject not in self.parties:
            raise ValueError(f"subject '{self.subject}' is not one of the parties")
        for name, source in self.facts.items():
            if source.lookup not in LOOKUPS:
                known = ", ".join(sorted(LOOKUPS))
                raise ValueError(
                    f"fact '{name}': unknown lookup '{source.lookup}' (known: {known})"
                )
            if source.party not in self.parties:
                raise ValueError(f"fact '{name}' reads party '{source.party}', which is not listed")
        for field in [self.date_field, *self.parties.values()]:
            if field not in self.event_fields:
                raise ValueError(f"event field '{field}' is used but not declared in event_fields")
        return self

    def fact_fields(self, fact: str) -> dict[str, FieldType]:
        return LOOKUPS[self.facts[fact].lookup].fields
