"""The rules catalogue over HTTP."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException
from pydantic import BaseModel, ConfigDict, Field

from engine.api.answers import LOOKUP, answers
from engine.auth.deps import services_of
from engine.auth.officials import official
from engine.auth.tokens import Principal
from engine.http_inputs import KeyPath, LawDate, Text
from engine.rules_api.answers import RuleDetail, Rules, Simulation, Validation
from engine.rules_api.population import store_of
from engine.rules_api.service import (
    SimulationRefused,
    candidate_of,
    catalogue_json,
    rule_detail,
    simulation,
    simulation_json,
    validate_text,
)
from engine.services import Services

router = APIRouter(prefix="/api/rules", tags=["rules"])

MAX_API_POPULATION = 20_000_000


class ValidateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    yaml: Text = Field(min_length=1, max_length=500_000, description="the rule file's text")


class SimulateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    as_of: LawDate | None = Field(
        default=None,
        description="end of the window: events of the twelve months up to it, each judged by "
        "the law of its own date; default: the clock's today",
    )
    population: int | None = Field(default=None, ge=1, le=MAX_API_POPULATION)
    parameters: dict[str, Decimal] = Field(
        default_factory=dict, description="what-if values, applied on every date"
    )
    candidate_yaml: Text | None = Field(
        default=None, max_length=500_000, description="another version of the rule to compare"
    )


@router.get("", **answers(Rules))
def list_rules(services: Annotated[Services, Depends(services_of)]) -> dict[str, Any]:
    """Every rule in use, and every file refused with its problems."""
    return catalogue_json(services.catalogue.current)


@router.post("/validate", **answers(Validation, 422))
def validate_rule(
    services: Annotated[Services, Depends(services_of)],
    body: Annotated[ValidateIn, Body()],
) -> dict[str, Any]:
    """Check a rule's YAML (and run its tests) without loading it: ``problems`` lists each
    problem with its line."""
    return validate_text(services.catalogue.current, body.yaml)


@router.get("/{rule_id}", **answers(RuleDetail, 404, 422))
def get_rule(
    rule_id: KeyPath, services: Annotated[Services, Depends(services_of)]
) -> dict[str, Any]:
    catalogue = services.catalogue.current
    compiled = catalogue.rules.get(rule_id)
    if compiled is None:
        raise HTTPException(status_code=404, detail=f"no rule '{rule_id}' in the catalogue")
    return rule_detail(catalogue, compiled)


@router.post("/{rule_id}/simulate", **answers(Simulation, *LOOKUP))
def simulate_rule(
    rule_id: KeyPath,
    services: Annotated[Services, Depends(services_of)],
    _: Annotated[Principal, Depends(official)],
    body: Annotated[SimulateIn, Body()] = SimulateIn(),
) -> dict[str, Any]:
    """Evaluate the rule over the mock population (never writes to any inbox); for officials."""
    catalogue = services.catalogue.current
    compiled = catalogue.rules.get(rule_id)
    if compiled is None:
        raise HTTPException(status_code=404, detail=f"no rule '{rule_id}' in the catalogue")
    settings = services.settings
    as_of = body.as_of or services.clock.today()
    try:
        candidate = None
        if body.candidate_yaml is not None:
            candidate = candidate_of(catalogue, body.candidate_yaml)
        result, diff = simulation(
            catalogue,
            catalogue.rule_on(rule_id, as_of) or compiled,
            seed=settings.seed,
            size=body.population or settings.population,
            as_of=as_of,
            parameters=body.parameters,
            candidate=candidate,
            kept_in=store_of(settings.data_dir),
        )
        return simulation_json(result, diff)
    except SimulationRefused as error:
        raise HTTPException(status_code=422, detail=str(error)) from error
