"""What the citizen's access log answers, as an OpenAPI schema."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from engine.api.answers import Answer
from engine.kernel.texts import Lang


class Read(Answer):
    """One read of the citizen's data."""

    at: str = Field(examples=["2026-03-10T09:30:00+00:00"])
    at_shown: str
    registry: str = Field(examples=["population"])
    registry_name: str
    agency: str = Field(examples=["gfc"])
    agency_name: str
    purpose: str
    path: str | None = None
    via_engine: bool
    confirmed_by_registry: bool | None = None


class AccessLog(Answer):
    iin: Annotated[str, Field(pattern=r"^\d{12}$", examples=["920317411919"])]
    lang: Lang
    items: list[Read]
    unavailable_registries: list[str] = Field(description="registries that did not answer")
