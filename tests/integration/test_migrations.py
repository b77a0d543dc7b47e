"""The schema the migrations build is the one the models describe, on SQLite and on
PostgreSQL; a migration that adds a table fills it from the rows already stored."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import engine.audit.models
import engine.clock.store
import engine.inbox.models
import engine.notify.gateways
import engine.notify.models
import engine.pipeline.models
import engine.registries.models  # noqa: F401  (tables register on the metadata)
from engine.db import EngineTable, make_engine, migrate
from tests.support.postgres import require_postgres, temporary_database


@pytest.fixture
def empty_url(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'engine.db'}"
        return
    require_postgres()
    with temporary_database("proactive_migrations") as url:
        yield url


def test_the_migrations_build_what_the_models_describe(empty_url: str) -> None:
    migrate(empty_url)
    engine = make_engine(empty_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), EngineTable.metadata)
    engine.dispose()
    assert differences == []


def test_the_parties_of_stored_cases_are_indexed_by_iin(empty_url: str) -> None:
    migrate(empty_url, "0003_inbox")
    engine = make_engine(empty_url)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO inbound_event (id, registry_name, event_id, type, occurred_at, "
                "received_at, data, subject_key, status, attempts) VALUES (1, 'civil', '1', "
                "'birth.registered', '2026-03-01 10:00:00', '2026-03-01 10:00:00', '{}', '', "
                "'processed', 1)"
            )
        )
        parties = {"child": "260301500011", "mother": "900101400005", "father": None}
        connection.execute(
            sa.text(
                "INSERT INTO life_case (id, life_event, subject_iin, event_date, "
                "inbound_event_id, parties, created_at) VALUES ('c1', 'child_birth', "
                "'260301500011', '2026-03-01', 1, :parties, '2026-03-01 10:00:00')"
            ),
            {"parties": json.dumps(parties)},
        )
    engine.dispose()
    migrate(empty_url)
    engine = make_engine(empty_url)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT case_id, party, iin FROM case_party ORDER BY party")
        ).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [
        ("c1", "child", "260301500011"),
        ("c1", "mother", "900101400005"),
    ]


def test_an_audit_log_from_before_keying_is_kept_and_still_verifies(empty_url: str) -> None:
    from datetime import UTC, datetime

    from engine.audit.chain import GENESIS, entry_hash, verify

    migrate(empty_url, "0004_case_party")
    at = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    digest = entry_hash(
        seq=1,
        at=at,
        action="inbox.item.created",
        actor="system",
        subject_iin=None,
        object_type="inbox_item",
        object_id="1",
        data={},
        prev_hash=GENESIS,
        key=None,
    )
    engine = make_engine(empty_url)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO audit_entry (id, seq, at, action, actor, object_type, object_id, "
                "data, prev_hash, hash) VALUES (1, 1, :at, 'inbox.item.created', 'system', "
                "'inbox_item', '1', '{}', :prev, :hash)"
            ),
            {"at": at.replace(tzinfo=None), "prev": GENESIS, "hash": digest},
        )
        connection.execute(
            sa.text("UPDATE audit_head SET seq = 1, hash = :hash WHERE id = 1"), {"hash": digest}
        )
    engine.dispose()
    migrate(empty_url)
    engine = make_engine(empty_url)
    result = verify(engine, "any key: the old entry carries a plain hash")
    engine.dispose()
    assert result.intact and (result.entries, result.legacy) == (1, 1)
