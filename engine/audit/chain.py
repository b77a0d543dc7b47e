"""Appending to the audit hash chain and verifying it. Each entry's hash is an HMAC under the
audit key, which lives in the settings and never in the database: someone able to rewrite the
database cannot recompute the chain after a change. Signed checkpoints of the head, kept
outside the database (see ``checkpoints``), catch a chain rebuilt from a point on or cut short."""

from __future__ import annotations

import hashlib
import hmac
import json
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, inspect, update
from sqlmodel import Session, col, select

from engine.audit.checkpoints import Checkpoint
from engine.audit.models import AuditEntry, AuditHead

GENESIS = "0" * 64
KEYED = "hmac-sha256"
LEGACY = "sha256"  # entries written before the log was keyed

_KEYS: weakref.WeakKeyDictionary[Engine, bytes] = weakref.WeakKeyDictionary()


def use_key(engine: Engine, key: str) -> None:
    """Entries appended through this database engine are authenticated with ``key``."""
    _KEYS[engine] = key.encode("utf-8")


def _key_of(session: Session) -> bytes:
    bind = session.get_bind()
    key = _KEYS.get(bind) if isinstance(bind, Engine) else None
    if key is None:
        raise RuntimeError("no audit key is set for this database (engine.audit.chain.use_key)")
    return key


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
    key: bytes | None,
) -> str:
    """The entry's HMAC-SHA256 under ``key``, or its plain SHA-256 for a legacy entry."""
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
    if key is None:
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


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
    key = _key_of(session)
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
        key=key,
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
        scheme=KEYED,
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
    legacy: int = 0  # entries from before keying, covered by their successors' MACs only
    checkpoints: int = 0  # signed checkpoints the chain was matched against
    unanchored: int = 0  # entries after the last checkpoint

    @property
    def intact(self) -> bool:
        return self.broken_seq is None


def verify(
    engine: Engine,
    key: str,
    checkpoints: Sequence[Checkpoint] = (),
    batch: int = 5000,
) -> Verification:
    """Walk the chain in order and recompute every MAC; then match the signed checkpoints.
    The first problem is reported."""
    if not inspect(engine).has_table(AuditEntry.__tablename__):
        return Verification(0, 0, "this database has no audit log (run the engine once)")
    secret = key.encode("utf-8")
    anchors = {c.seq: c for c in checkpoints}
    walk = _Walk()
    with Session(engine) as session:
        while True:
            rows = session.exec(
                select(AuditEntry)
                .where(col(AuditEntry.seq) > walk.last_seq)
                .order_by(col(AuditEntry.seq))
                .limit(batch)
            ).all()
            if not rows:
                break
            for entry in rows:
                problem = walk.step(entry, secret) or _unlike(anchors.get(entry.seq), entry)
                if problem is not None:
                    return walk.broken(entry.seq, problem)
        head = session.get(AuditHead, 1)
    checked = walk.checked
    latest = max(checkpoints, key=lambda c: c.seq, default=None)
    if latest is not None and latest.seq > checked:
        return walk.broken(
            checked + 1,
            f"the chain ends at entry {checked} but the checkpoint signed at {latest.at} "
            f"records entry {latest.seq}: entries were removed from the end",
        )
    head_seq = head.seq if head else 0
    if head_seq != checked or (head is not None and checked and head.hash != walk.prev):
        return walk.broken(
            checked + 1,
            f"the chain ends at entry {checked} but its head records entry {head_seq}: "
            "entries were removed from the end",
        )
    return Verification(
        checked,
        legacy=walk.legacy,
        checkpoints=len(checkpoints),
        unanchored=checked - (latest.seq if latest else 0),
    )


@dataclass
class _Walk:
    prev: str = GENESIS
    last_seq: int = 0
    checked: int = 0
    legacy: int = 0

    def step(self, entry: AuditEntry, key: bytes) -> str | None:
        problem = self._problem(entry, key)
        if problem is None:
            self.prev, self.last_seq = entry.hash, entry.seq
            self.checked += 1
            self.legacy += entry.scheme == LEGACY
        return problem

    def broken(self, seq: int, reason: str) -> Verification:
        return Verification(self.checked, seq, reason, legacy=self.legacy)

    def _problem(self, entry: AuditEntry, key: bytes) -> str | None:
        if entry.seq != self.checked + 1:
            return f"entry {self.checked + 1} is missing (the next one is {entry.seq})"
        if entry.prev_hash != self.prev:
            return "its previous-hash does not match the hash of the entry before it"
        if entry.scheme not in (KEYED, LEGACY):
            return f"its scheme {entry.scheme!r} is unknown"
        if entry.scheme == LEGACY and self.legacy < self.checked:
            return "an unkeyed entry after keyed ones (the chain was rebuilt without the key)"
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
            key=key if entry.scheme == KEYED else None,
        )
        if not hmac.compare_digest(recomputed, entry.hash):
            if entry.scheme == KEYED:
                return (
                    "its content does not match its MAC (the entry was changed, or "
                    "PROACTIVE_AUDIT_KEY is not the key the log was written with)"
                )
            return "its content does not match its hash (the entry was changed)"
        return None


def _unlike(checkpoint: Checkpoint | None, entry: AuditEntry) -> str | None:
    if checkpoint is None or hmac.compare_digest(checkpoint.hash, entry.hash):
        return None
    return (
        f"it is not the entry the checkpoint signed at {checkpoint.at} records "
        "(the chain was rewritten from here on)"
    )
