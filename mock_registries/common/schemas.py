"""What the registries answer, as OpenAPI schemas: the parts every registry has (feed page,
access log, fault switches, problems) and ``answers``, which a route uses to declare its
answer and the problems it can give."""

from __future__ import annotations

from datetime import date, datetime
from http import HTTPStatus
from typing import Annotated, Any

from pydantic import BaseModel, Field

from mock_registries.common.faults import FaultSettings
from mock_registries.common.validators import IIN_PATTERN

IINOut = Annotated[
    str, Field(json_schema_extra={"pattern": IIN_PATTERN}, examples=["920317411919"])
]
DateOut = Annotated[date, Field(examples=["2026-03-15"])]

# the problems each kind of route can answer with
READ = (401, 403, 422, 429, 500, 503)
LOOKUP = (*READ, 404)
WRITE = (401, 403, 409, 422, 429, 500, 503)
FEED = (*READ, 410)


class ProblemItem(BaseModel):
    code: str = Field(examples=["iin.check_digit"])
    field: str = Field(examples=["mother_iin"])
    loc: list[str | int] = Field(examples=[["body", "mother_iin"]])
    message: str
    params: dict[str, Any]


class Problem(BaseModel):
    """An RFC 9457 problem document (``application/problem+json``)."""

    type: str = Field(examples=["urn:proactive:registries:problem:birth.duplicate"])
    title: str = Field(examples=["Conflict"])
    status: int = Field(examples=[409])
    code: str = Field(description="stable code of the refusal", examples=["birth.duplicate"])
    detail: str = Field(description="the message, in the language asked for")
    params: dict[str, Any] = Field(description="the values the message names")
    field: str | None = None
    loc: list[str | int] | None = None
    errors: list[ProblemItem] | None = None
    existing: dict[str, Any] | None = Field(
        default=None, description="the act on record, for a duplicate or implausible act"
    )


def problem_responses(statuses: tuple[int, ...]) -> dict[int | str, dict[str, Any]]:
    return {
        status: {"model": Problem, "description": HTTPStatus(status).phrase}
        for status in sorted(set(statuses))
    }


def answers(model: type[BaseModel] | None, statuses: tuple[int, ...]) -> dict[str, Any]:
    """The arguments of a route declaring what it answers: ``model`` on success (fields a
    record does not have stay out of the answer), a problem for each of ``statuses``."""
    return {
        "response_model": model,
        "response_model_exclude_unset": True,
        "responses": problem_responses(statuses),
    }


class EventAnswer(BaseModel):
    event_id: str


class FeedEvent(BaseModel):
    seq: int = Field(ge=1, description="the change's number in this incarnation of the feed")
    event_id: str = Field(description="fixed when the change is written")
    type: str = Field(examples=["birth.registered"])
    occurred_at: datetime
    data: dict[str, Any]


class FeedPage(BaseModel):
    events: list[FeedEvent]
    next: str = Field(description="the cursor of the next call", examples=["5f0c2a9e41b7-1"])
    incarnation: str = Field(examples=["5f0c2a9e41b7"])


class AccessRecord(BaseModel):
    registry: str
    agency: str
    caller: str
    purpose: str
    path: str
    request_id: str = Field(description="the X-Request-Id of the read")
    at: datetime


class AccessLog(BaseModel):
    registry: str
    iin: IINOut
    items: list[AccessRecord]


class Faults(FaultSettings):
    registry: str


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    registry: str
