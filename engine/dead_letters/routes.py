"""Listing, retrying and discarding dead letters (control room officials)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query

from engine.api.answers import ACTION, SIGNED, answers
from engine.auth.deps import services_of
from engine.auth.officials import control_room
from engine.auth.tokens import Principal
from engine.dead_letters.answers import DeadLetter, DeadLetters
from engine.dead_letters.service import (
    DeadLetterClosed,
    DeadLetterNotFound,
    discard,
    list_letters,
    retry,
    view,
)
from engine.http_inputs import RowId
from engine.services import Services

router = APIRouter(tags=["dead letters"])


@router.get("/api/dead-letters", **answers(DeadLetters, *SIGNED, 422))
def get_dead_letters(
    _: Annotated[Principal, Depends(control_room)],
    services: Annotated[Services, Depends(services_of)],
    status: Literal["open", "retried", "discarded", "all"] = "open",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    letters = list_letters(services.db, None if status == "all" else status, limit)
    return {"items": [view(letter) for letter in letters]}


@router.post("/api/dead-letters/{letter_id}/retry", **answers(DeadLetter, *ACTION))
def retry_dead_letter(
    letter_id: RowId,
    principal: Annotated[Principal, Depends(control_room)],
    services: Annotated[Services, Depends(services_of)],
) -> dict[str, Any]:
    return _act(retry, letter_id, principal, services)


@router.post("/api/dead-letters/{letter_id}/discard", **answers(DeadLetter, *ACTION))
def discard_dead_letter(
    letter_id: RowId,
    principal: Annotated[Principal, Depends(control_room)],
    services: Annotated[Services, Depends(services_of)],
) -> dict[str, Any]:
    return _act(discard, letter_id, principal, services)


def _act(action: Any, letter_id: int, principal: Principal, services: Services) -> dict[str, Any]:
    try:
        letter = action(
            services.db, letter_id, f"{principal.subject}:{principal.role}", services.clock.now()
        )
    except DeadLetterNotFound as error:
        raise HTTPException(404, detail=str(error)) from error
    except DeadLetterClosed as error:
        raise HTTPException(409, detail=str(error)) from error
    return view(letter)
