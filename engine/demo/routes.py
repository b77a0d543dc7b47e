"""The presenter's controls (demo mode only): tell a story, pause or resume the living
scenario."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from pydantic import Field

from engine.api.answers import Answer, answers
from engine.auth.deps import local_demo_caller
from engine.auth.tokens import Principal, issue
from engine.demo.stories import Presenter, StoryName, StoryTimeout, StoryUnavailable

# The presenter's controls need no token: they answer only on this machine (or with
# --allow-remote), like the demo's other token-free endpoints.
router = APIRouter(prefix="/api/demo", tags=["demo"], dependencies=[Depends(local_demo_caller)])


class StoryTold(Answer):
    case_id: str
    citizen_iin: str = Field(pattern=r"^\d{12}$", examples=["920317411919"])
    life_event: str = Field(examples=["birth"])
    case_url: str = Field(examples=["/cases/fb5d1f6c21ac441f913cbccbe98c6cd6"])
    phone_url: str = Field(examples=["/citizen/920317411919"])


class Token(Answer):
    token: str = Field(description="a bearer token of the control room")


class Scenario(Answer):
    paused: bool


def _presenter(request: Request) -> Presenter:
    presenter: Presenter = request.app.state.presenter
    return presenter


@router.post("/stories/{story}", status_code=201, **answers(StoryTold, 403, 409, 422, 503))
async def tell_story(
    story: Annotated[StoryName, Path(description="which story to tell")], request: Request
) -> dict[str, Any]:
    """Make the story's life event happen in the registries; answers once the engine has
    opened its case, with the citizen whose phone shows it."""
    try:
        told = await _presenter(request).tell(story)
    except StoryUnavailable as error:
        raise HTTPException(409, detail=str(error)) from error
    except StoryTimeout as error:
        raise HTTPException(503, detail=str(error), headers={"Retry-After": "5"}) from error
    return {
        "case_id": told.case_id,
        "citizen_iin": told.citizen_iin,
        "life_event": told.life_event,
        "case_url": f"/cases/{told.case_id}",
        "phone_url": f"/citizen/{told.citizen_iin}",
    }


@router.post("/control-room-token", **answers(Token, 403))
def control_room_token(request: Request) -> dict[str, str]:
    """Demo only: the presenter's browser acts as a control-room official (to retry a dead
    letter from the page)."""
    services = _presenter(request).services
    principal = Principal(kind="official", subject="control_room", role="presenter")
    token = issue(principal, services.settings.secret, datetime.now(UTC), timedelta(hours=8))
    return {"token": token}


@router.get("/scenario", **answers(Scenario, 403))
def scenario_state(request: Request) -> dict[str, bool]:
    return {"paused": _presenter(request).paused}


@router.post("/scenario/pause", **answers(Scenario, 403))
def pause_scenario(request: Request) -> dict[str, bool]:
    """Stop the living scenario and the simulated citizens and officials."""
    return {"paused": _presenter(request).pause(True)}


@router.post("/scenario/resume", **answers(Scenario, 403))
def resume_scenario(request: Request) -> dict[str, bool]:
    return {"paused": _presenter(request).pause(False)}
