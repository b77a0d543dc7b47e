"""The citizen's access log: who read their data, when, in which registry and why.

Two sources are merged: the engine's own record of its reads (``data_access``) and each
registry's access table (``GET /registries/{r}/_access-log?iin=``), which also sees officials
reading directly. A read present in both is shown once, marked as confirmed by the registry."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from engine.audit.models import DataAccess
from engine.audit.recording import NOT_STATED
from engine.inbox.names import KNOWN_REGISTRIES, PURPOSE_NAMES, agency_name, registry_name
from engine.kernel.catalogue import Catalogue
from engine.kernel.l10n import moment
from engine.kernel.texts import Lang
from engine.registries.client import RegistryClient, RegistryUnavailable

ACCESS_LOG_PURPOSE = "Showing the citizen who read their data"

SAME_READ_WITHIN = timedelta(seconds=5)


@dataclass
class Read:
    at: datetime
    registry: str
    agency: str
    purpose: str
    path: str
    by_engine: bool
    confirmed_by_registry: bool = False


@dataclass
class AccessLog:
    reads: list[Read]
    unavailable: list[str] = field(default_factory=list)


def engine_reads(db: Engine, iin: str) -> list[Read]:
    with Session(db) as session:
        rows = session.exec(
            select(DataAccess).where(DataAccess.iin == iin).order_by(col(DataAccess.at))
        ).all()
    return [Read(r.at, r.registry_name, r.agency, r.purpose, r.path, by_engine=True) for r in rows]


async def registry_reads(
    client: RegistryClient, iin: str, registries: tuple[str, ...]
) -> tuple[list[Read], list[str]]:
    reads: list[Read] = []
    unavailable: list[str] = []
    for registry in registries:
        try:
            body = await client.lookup(
                registry, f"/_access-log?iin={quote(iin)}", purpose=ACCESS_LOG_PURPOSE
            )
        except RegistryUnavailable:
            unavailable.append(registry)
            continue
        if body is None:  # this registry keeps no access log (yet)
            continue
        for row in _rows(body):
            at = _when(row.get("at"))
            if at is None:
                continue
            reads.append(
                Read(
                    at=at,
                    registry=registry,
                    agency=str(row.get("agency") or "unknown"),
                    purpose=str(row.get("purpose") or NOT_STATED),
                    path=str(row.get("path") or ""),
                    by_engine=False,
                    confirmed_by_registry=True,
                )
            )
    return reads, unavailable


def _rows(body: Any) -> list[dict[str, Any]]:
    items = body.get("items", []) if isinstance(body, dict) else body
    return [row for row in items if isinstance(row, dict)] if isinstance(items, list) else []


def _when(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def merge(engine_side: list[Read], registry_side: list[Read]) -> list[Read]:
    """Each registry record either confirms an engine read (same registry, path and agency,
    a few seconds apart) or stands alone as a read the engine did not make."""
    merged = list(engine_side)
    open_engine = list(merged)
    for read in registry_side:
        twin = next(
            (
                mine
                for mine in open_engine
                if mine.registry == read.registry
                and mine.agency == read.agency
                and (not read.path or mine.path == read.path)
                and abs(_aware(mine.at) - _aware(read.at)) <= SAME_READ_WITHIN
            ),
            None,
        )
        if twin is not None:
            twin.confirmed_by_registry = True
            if twin.purpose == NOT_STATED:
                twin.purpose = read.purpose
            open_engine.remove(twin)
        else:
            merged.append(read)
    merged.sort(key=lambda r: _aware(r.at), reverse=True)
    return merged


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def access_log(db: Engine, client: RegistryClient, iin: str) -> AccessLog:
    registries = tuple(sorted(client.transports)) or KNOWN_REGISTRIES
    registry_side, unavailable = await registry_reads(client, iin, registries)
    return AccessLog(merge(engine_reads(db, iin), registry_side), unavailable)


def localised_purpose(purpose: str, catalogue: Catalogue | None, lang: Lang) -> str:
    """A purpose as the citizen reads it: the engine sends ``life_event: purpose`` in English,
    and the life event holds the same purpose in every language."""
    known = PURPOSE_NAMES.get(purpose)
    if known is not None:
        return known[lang]
    event_id, _, text = purpose.partition(": ")
    life_event = catalogue.life_events.get(event_id) if catalogue and text else None
    if life_event is not None:
        for fact in life_event.facts.values():
            if fact.purpose.en == text:
                return fact.purpose.in_(lang)
    return purpose


def read_view(read: Read, lang: Lang, catalogue: Catalogue | None = None) -> dict[str, Any]:
    return {
        "at": _aware(read.at).isoformat(),
        "at_shown": moment(_aware(read.at), lang, zone=False),
        "registry": read.registry,
        "registry_name": registry_name(read.registry, lang),
        "agency": read.agency,
        "agency_name": agency_name(read.agency, lang),
        "purpose": localised_purpose(read.purpose, catalogue, lang),
        "path": read.path,
        "via_engine": read.by_engine,
        "confirmed_by_registry": read.confirmed_by_registry,
    }
