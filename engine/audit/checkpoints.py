"""Signed checkpoints of the audit log's head, written outside the engine database (a file in
the data dir by default), in the manner of a transparency log's signed tree heads: each line
names an entry and its hash and is MACed with the audit key. A chain rewritten from some entry
on, or cut short, no longer matches them."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from engine.audit.models import AuditHead


class CheckpointsInvalid(ValueError):
    """The checkpoint file is not what the engine wrote; the message names the line."""


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str
    mac: str


def _mac(key: str, seq: int, digest: str, at: str) -> str:
    message = f"audit-checkpoint\n{seq}\n{digest}\n{at}".encode()
    return hmac.new(key.encode("utf-8"), message, hashlib.sha256).hexdigest()


def read_checkpoints(path: Path, key: str) -> list[Checkpoint]:
    """Every checkpoint in the file (none when there is no file), each one's MAC checked."""
    if not path.exists():
        return []
    found: list[Checkpoint] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            checkpoint = Checkpoint(**json.loads(line))
            valid = isinstance(checkpoint.seq, int) and hmac.compare_digest(
                checkpoint.mac, _mac(key, checkpoint.seq, checkpoint.hash, checkpoint.at)
            )
        except (ValueError, TypeError) as error:
            raise CheckpointsInvalid(f"{path}:{number}: not a checkpoint ({error})") from error
        if not valid:
            raise CheckpointsInvalid(
                f"{path}:{number}: its signature does not match (the line was changed, or "
                "PROACTIVE_AUDIT_KEY is not the key it was signed with)"
            )
        found.append(checkpoint)
    return found


def write_checkpoint(engine: Engine, key: str, path: Path, now: datetime) -> Checkpoint | None:
    """Append a checkpoint of the committed head, unless the last one already names it."""
    with Session(engine) as session:
        head = session.get(AuditHead, 1)
    if head is None or head.seq == 0:
        return None
    earlier = read_checkpoints(path, key)
    if earlier and earlier[-1].seq == head.seq:
        return None
    at = now.isoformat(timespec="seconds")
    checkpoint = Checkpoint(
        seq=head.seq, hash=head.hash, at=at, mac=_mac(key, head.seq, head.hash, at)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        file.write(json.dumps(asdict(checkpoint), sort_keys=True) + "\n")
        file.flush()
        os.fsync(file.fileno())
    return checkpoint
