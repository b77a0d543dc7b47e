"""The audit log against someone who can rewrite the engine's database but holds neither the
audit key nor the checkpoint file: a forged entry with every later hash recomputed, a chain
rebuilt without the key, a cut tail and an edited checkpoint are all found (SQLite and
PostgreSQL); a log written before keying still verifies and goes on keyed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, text, update
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from engine.audit.chain import KEYED, LEGACY, append, entry_hash, verify
from engine.audit.checkpoints import CheckpointsInvalid, read_checkpoints, write_checkpoint
from engine.audit.models import AuditEntry, AuditHead
from engine.cli import app
from engine.db import transaction
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.inbox.support import birth, inbox, tick
from tests.support.flows import citizen_token

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 3, 16, 12, 0, tzinfo=UTC)


async def history(http: httpx.AsyncClient, services: Services, registries: RegistryBundle) -> int:
    family = await birth(http, services, registries)
    offer = (await inbox(http, services, family.mother))["bundles"][0]["id"]
    token = citizen_token(services, family.mother)
    assert (await http.post(f"/api/inbox/offers/{offer}/accept", headers=token)).status_code == 200
    await tick(services)
    result = verify(services.db, services.settings.audit_key)
    assert result.intact and result.entries >= 6
    return result.entries


def rewrite_from(db: Engine, seq: int, key: bytes | None, scheme: str, **changes: object) -> None:
    """What an attacker with the database can do: change entry ``seq`` and recompute every
    later hash and the head, with whatever key they have."""
    with Session(db) as session:
        entries = session.exec(select(AuditEntry).order_by(col(AuditEntry.seq))).all()
        prev = entries[seq - 2].hash if seq > 1 else "0" * 64
        for entry in entries[seq - 1 :]:
            if entry.seq == seq:
                for name, value in changes.items():
                    setattr(entry, name, value)
            entry.prev_hash = prev
            entry.scheme = scheme
            entry.hash = entry_hash(
                seq=entry.seq,
                at=entry.at,
                action=entry.action,
                actor=entry.actor,
                subject_iin=entry.subject_iin,
                object_type=entry.object_type,
                object_id=entry.object_id,
                data=entry.data,
                prev_hash=entry.prev_hash,
                key=key,
            )
            prev = entry.hash
            session.add(entry)
        session.execute(update(AuditHead).where(col(AuditHead.id) == 1).values(hash=prev))
        session.commit()


async def test_a_forged_entry_with_every_later_hash_recomputed_is_caught(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    await history(http, services, registries)
    rewrite_from(services.db, 3, b"a key guessed by the attacker", KEYED, actor="someone else")
    result = verify(services.db, services.settings.audit_key)
    assert (result.broken_seq, result.entries) == (3, 2)
    assert "does not match its MAC" in (result.reason or "")


async def test_a_chain_rebuilt_without_the_key_is_caught(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle, tmp_path: Path
) -> None:
    entries = await history(http, services, registries)
    checkpoints = tmp_path / "checkpoints.jsonl"
    write_checkpoint(services.db, services.settings.audit_key, checkpoints, NOW)
    key = services.settings.audit_key
    rewrite_from(services.db, 4, None, LEGACY, data={"forged": True})
    middle = verify(services.db, key)
    assert middle.broken_seq == 4 and "unkeyed entry after keyed ones" in (middle.reason or "")
    # rebuilt as an old, unkeyed log from the very first entry: only the checkpoint knows
    rewrite_from(services.db, 1, None, LEGACY, actor="someone else")
    assert verify(services.db, key).intact
    result = verify(services.db, key, read_checkpoints(checkpoints, key))
    assert result.broken_seq == entries
    assert "not the entry the checkpoint signed" in (result.reason or "")


async def test_a_cut_tail_is_caught_even_with_the_head_rewritten(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle, tmp_path: Path
) -> None:
    entries = await history(http, services, registries)
    key = services.settings.audit_key
    checkpoints = tmp_path / "checkpoints.jsonl"
    assert write_checkpoint(services.db, key, checkpoints, NOW) is not None
    assert write_checkpoint(services.db, key, checkpoints, NOW) is None  # nothing new
    with services.db.begin() as conn:
        last = conn.execute(text("SELECT hash FROM audit_entry WHERE seq = :s"), {"s": entries - 2})
        kept = last.scalar_one()
        conn.execute(text("DELETE FROM audit_entry WHERE seq > :s"), {"s": entries - 2})
        conn.execute(
            text("UPDATE audit_head SET seq = :s, hash = :h"), {"s": entries - 2, "h": kept}
        )
    assert verify(services.db, key).intact  # the database alone cannot tell
    result = verify(services.db, key, read_checkpoints(checkpoints, key))
    assert result.broken_seq == entries - 1
    assert "removed from the end" in (result.reason or "")


async def test_an_edited_checkpoint_is_refused(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle, tmp_path: Path
) -> None:
    await history(http, services, registries)
    key = services.settings.audit_key
    checkpoints = tmp_path / "checkpoints.jsonl"
    write_checkpoint(services.db, key, checkpoints, NOW)
    line = json.loads(checkpoints.read_text(encoding="utf-8"))
    checkpoints.write_text(json.dumps(line | {"seq": line["seq"] - 1}) + "\n", encoding="utf-8")
    with pytest.raises(CheckpointsInvalid, match=r"checkpoints.jsonl:1: its signature"):
        read_checkpoints(checkpoints, key)


def note(session: Session, number: int) -> None:
    append(session, action="test.event", actor="system", object_type="t", object_id=number, at=NOW)


def test_a_log_from_before_keying_still_verifies_and_goes_on_keyed(services: Services) -> None:
    key = services.settings.audit_key
    with transaction(services.db) as session:
        for n in range(3):
            append(
                session, action="test.event", actor="system", object_type="t", object_id=n, at=NOW
            )
    rewrite_from(services.db, 1, None, LEGACY)  # as the migration leaves an old log
    with transaction(services.db) as session:
        note(session, 9)
    result = verify(services.db, key)
    assert result.intact and (result.entries, result.legacy) == (4, 3)
    with Session(services.db) as session:
        schemes = session.exec(select(AuditEntry.scheme).order_by(col(AuditEntry.seq))).all()
    assert schemes == [LEGACY, LEGACY, LEGACY, KEYED]


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_the_command_checks_the_checkpoints_outside_the_database(
    http: httpx.AsyncClient,
    services: Services,
    registries: RegistryBundle,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PROACTIVE_AUDIT_KEY", services.settings.audit_key)
    entries = await history(http, services, registries)
    runner = CliRunner()
    args = ["--data-dir", str(tmp_path)]
    signed = runner.invoke(app, ["audit", "checkpoint", *args])
    assert signed.exit_code == 0 and f"signed entry {entries}" in signed.output
    assert (tmp_path / "audit-checkpoints.jsonl").exists()
    ok = runner.invoke(app, ["audit", "verify", *args])
    assert ok.exit_code == 0 and f"{entries} entries verified" in ok.output
    with services.db.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry WHERE seq = :s"), {"s": entries})
        conn.execute(text("UPDATE audit_head SET seq = :s"), {"s": entries - 1})
    cut = runner.invoke(app, ["audit", "verify", *args])
    assert cut.exit_code == 1 and f"broken at entry {entries}" in cut.output
    wrong_key = runner.invoke(app, ["audit", "verify", *args], env={"PROACTIVE_AUDIT_KEY": "x"})
    assert wrong_key.exit_code == 1 and "signature does not match" in wrong_key.output
