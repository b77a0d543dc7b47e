"""How a route declares what it answers: a model on success and a problem for each status it can
refuse with. Answer models allow fields they do not name, so that a field added to a view is
never lost on its way out; fields a view leaves out stay out of the answer."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from engine.api.problems import problem_responses

# the refusals each kind of route can answer with
SIGNED = (401, 403)  # a token is needed, and the right one
LOOKUP = (*SIGNED, 404, 422)
ACTION = (*LOOKUP, 409)

Number = int | float


class Answer(BaseModel):
    model_config = ConfigDict(extra="allow")


def answers(model: type[BaseModel] | None, *statuses: int) -> dict[str, Any]:
    return {
        "response_model": model,
        "response_model_exclude_unset": True,
        "responses": problem_responses(*statuses),
    }
