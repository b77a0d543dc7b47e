"""Registering who acts for whom, and showing it to the citizen."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException

from engine.api.answers import ACTION, LOOKUP, answers
from engine.audit.chain import append as audit
from engine.auth.deps import current_principal, services_of
from engine.auth.tokens import Principal
from engine.db import transaction
from engine.http_inputs import IINPath, RowId
from engine.inbox.answers import Relations
from engine.inbox.answers import Representation as RepresentationView
from engine.inbox.errors import InboxError
from engine.inbox.http import http_error
from engine.inbox.models import Representation
from engine.inbox.proxies import AGENCIES_WHO_REGISTER, actor_for, relations_of
from engine.inbox.schemas import RepresentationIn
from engine.services import Services

router = APIRouter(tags=["representation"])

Caller = Annotated[Principal, Depends(current_principal)]
Svc = Annotated[Services, Depends(services_of)]


def _registrar(principal: Caller) -> str:
    """The agency of an official who may register representatives (checked before the body)."""
    if principal.kind != "official" or principal.subject not in AGENCIES_WHO_REGISTER:
        raise HTTPException(
            403,
            detail="only an official of "
            + ", ".join(AGENCIES_WHO_REGISTER)
            + " registers a representative",
        )
    return principal.subject


Registrar = Annotated[str, Depends(_registrar)]


def _view(r: Representation) -> dict[str, Any]:
    return {
        "id": r.id,
        "representative_iin": r.representative_iin,
        "represented_iin": r.represented_iin,
        "kind": r.kind,
        "basis": r.basis,
        "valid_from": r.valid_from.isoformat(),
        "valid_to": r.valid_to.isoformat() if r.valid_to else None,
        "registered_by": r.registered_by,
        "revoked_at": r.revoked_at.isoformat() if r.revoked_at else None,
    }


@router.post("/api/representations", status_code=201, **answers(RepresentationView, *ACTION))
def register_representation(
    body: RepresentationIn, agency: Registrar, services: Svc
) -> dict[str, Any]:
    """A guardian, trustee or attorney who may answer the represented person's offers."""
    if body.representative_iin == body.represented_iin:
        raise HTTPException(
            422,
            detail=[
                {
                    "loc": ["body", "representative_iin"],
                    "msg": "a person cannot represent themselves",
                    "type": "value_error",
                }
            ],
        )
    now = services.clock.now()
    valid_from = body.valid_from or now.date()
    if body.valid_to is not None and body.valid_to < valid_from:
        raise HTTPException(
            422,
            detail=[
                {
                    "loc": ["body", "valid_to"],
                    "msg": "valid_to is before valid_from",
                    "type": "value_error",
                }
            ],
        )
    with transaction(services.db) as session:
        representation = Representation(
            representative_iin=body.representative_iin,
            represented_iin=body.represented_iin,
            kind=body.kind,
            basis=body.basis,
            valid_from=valid_from,
            valid_to=body.valid_to,
            registered_by=agency,
            created_at=now,
        )
        session.add(representation)
        session.flush()
        audit(
            session,
            action="representation.registered",
            actor=agency,
            object_type="representation",
            object_id=str(representation.id),
            subject_iin=body.represented_iin,
            at=now,
            data={"kind": body.kind, "representative_iin": body.representative_iin},
        )
        return _view(representation)


@router.delete("/api/representations/{representation_id}", **answers(RepresentationView, *ACTION))
def revoke_representation(
    representation_id: RowId, agency: Registrar, services: Svc
) -> dict[str, Any]:
    now = services.clock.now()
    with transaction(services.db) as session:
        representation = session.get(Representation, representation_id)
        if representation is None:
            raise HTTPException(404, detail=f"no representation {representation_id}")
        if representation.revoked_at is not None:
            raise HTTPException(409, detail="this representation is already revoked")
        representation.revoked_at = now
        session.add(representation)
        audit(
            session,
            action="representation.revoked",
            actor=agency,
            object_type="representation",
            object_id=str(representation_id),
            subject_iin=representation.represented_iin,
            at=now,
        )
        return _view(representation)


@router.get("/api/citizens/{iin}/representations", **answers(Relations, *LOOKUP, 503))
async def get_representations(iin: IINPath, principal: Caller, services: Svc) -> dict[str, Any]:
    """Whom the citizen may act for (registered, and minor children), and who acts for them."""
    try:
        await actor_for(
            services.db, services.registries, principal, iin, "api", services.clock.now()
        )
    except InboxError as error:
        raise http_error(error) from error
    relations = await relations_of(services.db, services.registries, iin, services.clock.today())
    return {
        key: [
            {
                "iin": r.iin,
                "kind": r.kind,
                "representation_id": r.representation_id,
                "valid_to": r.valid_to.isoformat() if r.valid_to else None,
            }
            for r in found
        ]
        for key, found in relations.items()
    }
