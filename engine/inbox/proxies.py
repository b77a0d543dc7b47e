"""Who may see and answer a citizen's items: the citizen; a parent for a minor child (from the
population register); a registered representative (guardian, trustee, power of attorney) for
a person who cannot act; and, to read only, officials of the coordinating agencies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, or_
from sqlmodel import Session, col, select

from engine.auth.tokens import Principal
from engine.inbox.errors import Forbidden, InboxError
from engine.inbox.models import Representation
from engine.inbox.service import Actor
from engine.kernel.dates import age_on
from engine.registries.client import RegistryClient, RegistryUnavailable

OFFICIALS_WHO_READ = ("control_room", "gfc")
AGENCIES_WHO_REGISTER = ("gfc", "labour", "civil", "digital")
KINDS = ("guardian", "trustee", "power_of_attorney")
ADULT_AGE = 18
ACTING_KINDS = ("citizen", "representative", "parent")
PURPOSE_PARENT = "Checking that a parent may act for their minor child"


class Unavailable(InboxError):
    status_code = 503


@dataclass(frozen=True)
class Relation:
    iin: str
    kind: str  # parent, guardian, trustee, power_of_attorney
    representation_id: int | None = None
    valid_to: date | None = None


def active_representations(
    session: Session,
    today: date,
    *,
    representative: str | None = None,
    represented: str | None = None,
) -> list[Representation]:
    query = select(Representation).where(
        col(Representation.revoked_at).is_(None),
        col(Representation.valid_from) <= today,
        or_(col(Representation.valid_to).is_(None), col(Representation.valid_to) >= today),
    )
    if representative is not None:
        query = query.where(Representation.representative_iin == representative)
    if represented is not None:
        query = query.where(Representation.represented_iin == represented)
    return list(session.exec(query.order_by(col(Representation.id))).all())


def is_minor_child_of(person: dict[str, Any] | None, parent_iin: str, today: date) -> bool:
    if person is None or not person.get("alive", True):
        return False
    if parent_iin not in (person.get("mother_iin"), person.get("father_iin")):
        return False
    born = person.get("birth_date")
    return born is not None and age_on(date.fromisoformat(str(born)), today) < ADULT_AGE


async def actor_for(
    db: Engine,
    registries: RegistryClient,
    principal: Principal,
    iin: str,
    channel: str,
    now: datetime,
) -> Actor:
    """The actor a token stands for towards ``iin``'s items, or 403."""
    if principal.kind == "official":
        if principal.subject in OFFICIALS_WHO_READ:
            return Actor(principal.subject, None, channel)
        raise Forbidden("this token does not give access to that citizen")
    me = principal.subject
    if me == iin:
        return Actor("citizen", iin, channel)
    with Session(db) as session:
        if active_representations(session, now.date(), representative=me, represented=iin):
            return Actor("representative", me, channel)
    try:
        child = await registries.lookup(
            "population", f"/persons/{iin}", purpose=PURPOSE_PARENT, on_behalf_of="digital"
        )
    except RegistryUnavailable as error:
        raise Unavailable(
            "the population register is not answering, so acting for another person cannot be "
            "checked now; try again in a few minutes"
        ) from error
    if is_minor_child_of(child, me, now.date()):
        return Actor("parent", me, channel)
    raise Forbidden("this token does not give access to that citizen")


def require_acting(actor: Actor) -> None:
    """Reading is not answering: only the citizen or someone acting for them may answer."""
    if actor.kind not in ACTING_KINDS:
        raise Forbidden("officials can read a citizen's inbox but cannot answer for them")


async def relations_of(
    db: Engine, registries: RegistryClient, iin: str, today: date
) -> dict[str, list[Relation]]:
    """Whom the citizen acts for, and who acts for them."""
    with Session(db) as session:
        represents = [
            Relation(r.represented_iin, r.kind, r.id, r.valid_to)
            for r in active_representations(session, today, representative=iin)
        ]
        represented_by = [
            Relation(r.representative_iin, r.kind, r.id, r.valid_to)
            for r in active_representations(session, today, represented=iin)
        ]
    try:
        children = await registries.lookup(
            "population",
            f"/persons/{iin}/children",
            purpose="Listing the minor children a parent may act for",
            on_behalf_of="digital",
        )
    except RegistryUnavailable:
        children = None
    for child in (children or {}).get("items", []):
        if is_minor_child_of(child, iin, today):
            represents.append(Relation(str(child["iin"]), "parent"))
    return {"represents": represents, "represented_by": represented_by}


def notify_targets(
    session: Session, person: dict[str, Any] | None, iin: str, today: date
) -> list[str]:
    """Who is told about ``iin``'s items: registered representatives when there are any, a
    parent for a minor (the mother first), otherwise the person; never a deceased person."""
    registered = [
        r.representative_iin for r in active_representations(session, today, represented=iin)
    ]
    if registered:
        return list(dict.fromkeys(registered))
    if person is not None:
        if person.get("alive") is False:
            return []
        born = person.get("birth_date")
        if born is not None and age_on(date.fromisoformat(str(born)), today) < ADULT_AGE:
            parents = [p for p in (person.get("mother_iin"), person.get("father_iin")) if p]
            return parents[:1]
    return [iin]
