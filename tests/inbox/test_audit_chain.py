"""The audit log is a hash chain: every answer and message is in it, and any change, removal
or cut of the tail is found and named by ``proactive audit verify``."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from engine.audit.chain import verify
from engine.cli import app
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.inbox.support import birth, inbox, tick
from tests.support.flows import citizen_token

pytestmark = pytest.mark.anyio


async def _history(http: httpx.AsyncClient, services: Services, registries: RegistryBundle) -> None:
    family = await birth(http, services, registries)
    offer = (await inbox(http, services, family.mother))["bundles"][0]["id"]
    token = citizen_token(services, family.mother)
    assert (await http.post(f"/api/inbox/offers/{offer}/accept", headers=token)).status_code == 200
    await tick(services)


async def test_an_intact_chain_then_a_changed_entry_is_named(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    await _history(http, services, registries)
    result = verify(services.db, services.settings.audit_key)
    assert result.intact and result.entries >= 6
    with services.db.begin() as conn:
        actions = [r[0] for r in conn.execute(text("SELECT action FROM audit_entry ORDER BY seq"))]
        assert "inbox.item.created" in actions and "inbox.item.accepted" in actions
        assert "notify.sent" in actions
        conn.execute(text("UPDATE audit_entry SET actor = 'someone else' WHERE seq = 3"))
    broken = verify(services.db, services.settings.audit_key)
    assert (broken.broken_seq, broken.entries) == (3, 2)
    assert "changed" in (broken.reason or "")


async def test_a_removed_entry_and_a_cut_tail_are_found(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    await _history(http, services, registries)
    total = verify(services.db, services.settings.audit_key).entries
    with services.db.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry WHERE seq = :last"), {"last": total})
    cut = verify(services.db, services.settings.audit_key)
    assert cut.broken_seq == total and "removed from the end" in (cut.reason or "")
    with services.db.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry WHERE seq = 2"))
    gap = verify(services.db, services.settings.audit_key)
    assert gap.broken_seq == 3 and "entry 2 is missing" in (gap.reason or "")


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_the_command_exits_1_naming_the_broken_entry(
    http: httpx.AsyncClient,
    services: Services,
    registries: RegistryBundle,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PROACTIVE_AUDIT_KEY", services.settings.audit_key)
    await _history(http, services, registries)
    runner = CliRunner()
    ok = runner.invoke(app, ["audit", "verify", "--data-dir", str(tmp_path)])
    assert ok.exit_code == 0, ok.output
    assert "audit log intact" in ok.output
    with services.db.begin() as conn:
        conn.execute(text("UPDATE audit_entry SET data = '{}' WHERE seq = 4"))
    broken = runner.invoke(app, ["audit", "verify", "--data-dir", str(tmp_path)])
    assert broken.exit_code == 1
    assert "entry 4" in broken.output
    missing = runner.invoke(app, ["audit", "verify", "--data-dir", str(tmp_path / "nowhere")])
    assert missing.exit_code == 1 and "no engine database" in missing.output
