"""Appending to the audit hash chain and verifying it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, inspect, update
from sqlmodel import Session, col, select

from engine.audit.models import AuditEntry, AuditHead

GENESIS = "0" * 64


def entry_hash(
    *,
    seq: int,
    at: datetime,
    action: str,
    actor: str,
    subject_iin: str | None,
    object_type: str,
    object_id: str,
    data: dict[str, Any],
    prev_hash: str,
) -> str:
    content = {
        "seq": seq,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "action": action,
        "actor": actor,
        "subject_iin": subject_iin,
        "object_type": object_type,
        "object_id": object_id,
        "data": data,
        "prev_hash": prev_hash,
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def append(
    session: Session,
    *,
    action: str,
    actor: str,
    object_type: str,
    object_id: str | int,
    at: datetime,
    subject_iin: str | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add an entry in the caller's transaction; the head row is updated first, so concurrent
    writers queue behind it instead of forking the chain."""
    bumped = (
        session.connection()
        .execute(
            update(AuditHead)
            .where(col(AuditHead.id) == 1)
            .values(seq=AuditHead.seq + 1)
            .returning(col(AuditHead.seq), col(AuditHead.hash))
        )
        .first()
    )
    if bumped is None:
        session.add(AuditHead(id=1, seq=1, hash=""))
        session.flush()
        seq, prev = 1, ""
    else:
        seq, prev = int(bumped[0]), str(bumped[1])
    prev_hash = prev or GENESIS
    payload = dict(data or {})
    at = at.astimezone(UTC)
    digest = entry_hash(
        seq=seq,
        at=at,
        action=action,
        actor=actor,
        subject_iin=subject_iin,
        object_type=object_type,
        object_id=str(object_id),
        data=payload,
        prev_hash=prev_hash,
    )
    entry = AuditEntry(
        seq=seq,
        at=at,
        action=action,
        actor=actor,
        subject_iin=subject_iin,
        object_type=object_type,
        object_id=str(object_id),
        data=payload,
        prev_hash=prev_hash,
        hash=digest,
    )
    session.add(entry)
    session.connection().execute(
        update(AuditHead).where(col(AuditHead.id) == 1).values(hash=digest)
    )
    return entry


@dataclass(frozen=True)
class Verification:
    entries: int
    broken_seq: int | None = None
    reason: str | None = None

    @property
    def intact(self) -> bool:
        return self.broken_seq is None


def verify(engine: Engine, batch: int = 5000) -> Verification:
    """Walk the chain in order and recompute every hash; the first problem is reported."""
    if not inspect(engine).has_table(AuditEntry.__tablename__):
        return Verification(0, 0, "this database has no audit log (run the engine once)")
    expected_prev = GENESIS
    expected_seq = 1
    checked = 0
    last_seq = 0
    with Session(engine) as session:
        while True:
            rows = session.exec(
                select(AuditEntry)
                .where(col(AuditEntry.seq) > last_seq)
                .order_by(col(AuditEntry.seq))
                .limit(batch)
            ).all()
            if not rows:
                break
            for entry in rows:
                problem = _problem(entry, expected_seq, expected_prev)
                if problem is not None:
                    return Verification(checked, entry.seq, problem)
                expected_prev = entry.hash
                expected_seq += 1
                checked += 1
                last_seq = entry.seq
        head = session.get(AuditHead, 1)
    head_seq = head.seq if head else 0
    if head_seq != checked or (head is not None and checked and head.hash != expected_prev):
        return Verification(
            checked,
            checked + 1,
            f"the chain ends at entry {checked} but its head records entry {head_seq}: "
            "entries were removed from the end",
        )
    return Verification(checked)


def _problem(entry: AuditEntry, expected_seq: int, expected_prev: str) -> str | None:
    if entry.seq != expected_seq:
        return f"entry {expected_seq} is missing (the next one is {entry.seq})"
    if entry.prev_hash != expected_prev:
        return "its previous-hash does not match the hash of the entry before it"
    recomputed = entry_hash(
        seq=entry.seq,
        at=entry.at,
        action=entry.action,
        actor=entry.actor,
        subject_iin=entry.subject_iin,
        object_type=entry.object_type,
        object_id=entry.object_id,
        data=entry.data,
        prev_hash=entry.prev_hash,
    )
    if recomputed != entry.hash:
        return "its content does not match its hash (the entry was changed)"
    return None
