"""Throw-away PostgreSQL databases for a demo started by the pytest plugin: one for the
engine and one per registry, dropped when the session ends."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

ADMIN_DSN_SETTING = "PROACTIVE_TEST_POSTGRES"
DEFAULT_ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"


def admin_dsn() -> str:
    return os.environ.get(ADMIN_DSN_SETTING, DEFAULT_ADMIN_DSN)


def reachable() -> bool:
    import psycopg

    try:
        with psycopg.connect(admin_dsn(), connect_timeout=2):
            return True
    except psycopg.Error:
        return False


@contextmanager
def demo_databases(registries: list[str]) -> Iterator[tuple[str, str]]:
    """The engine's database URL, and a template with ``{registry}`` for the registries'."""
    import psycopg

    tag = f"proactive_scn_{uuid.uuid4().hex[:10]}"
    names = [tag, *(f"{tag}_{name}" for name in registries)]
    dsn = admin_dsn()
    with psycopg.connect(dsn, autocommit=True) as conn:
        for name in names:
            conn.execute(f'CREATE DATABASE "{name}"')
    base = dsn.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    try:
        yield f"{base}/{tag}", f"{base}/{tag}_{{registry}}"
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
