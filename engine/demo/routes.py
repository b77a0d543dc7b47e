"""The presenter's controls (demo mode only): tell a story, pause or resume the living
scenario."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Request

from engine.demo.stories import Presenter, StoryName, StoryTimeout, StoryUnavailable

router = APIRouter(prefix="/api/demo", tags=["demo"])


def _presenter(request: Request) -> Presenter:
    presenter: Presenter = request.app.state.presenter
    return presenter


@router.post("/stories/{story}", status_code=201)
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


@router.get("/scenario")
def scenario_state(request: Request) -> dict[str, bool]:
    return {"paused": _presenter(request).paused}


@router.post("/scenario/pause")
def pause_scenario(request: Request) -> dict[str, bool]:
    """Stop the living scenario and the simulated citizens and officials."""
    return {"paused": _presenter(request).pause(True)}


@router.post("/scenario/resume")
def resume_scenario(request: Request) -> dict[str, bool]:
    return {"paused": _presenter(request).pause(False)}
