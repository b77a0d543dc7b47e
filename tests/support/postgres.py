"""Throw-away PostgreSQL databases for tests: each test gets its own, dropped afterwards."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest

ADMIN_DSN = os.environ.get(
    "PROACTIVE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def postgres_available() -> bool:
    try:
        with psycopg.connect(ADMIN_DSN, connect_timeout=2):
            return True
    except psycopg.Error:
        return False


def require_postgres() -> None:
    if postgres_available():
        return
    if os.environ.get("REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL is required (REQUIRE_POSTGRES=1) but {ADMIN_DSN} does not answer")
    pytest.skip(f"PostgreSQL not reachable at {ADMIN_DSN}")


@contextmanager
def temporary_database(prefix: str = "proactive_test") -> Iterator[str]:
    """Create a database and yield its SQLAlchemy URL; drop it at the end."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = ADMIN_DSN.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}".replace("postgresql://", "postgresql+psycopg://", 1)
    finally:
        with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def temporary_schemas(database_url: str, names: list[str]) -> Iterator[dict[str, str]]:
    """A schema per name in an existing database, each reached through its own URL (its
    search path); dropped afterwards. Much faster than a database each."""
    tag = uuid.uuid4().hex[:10]
    schemas = {name: f"t{tag}_{name}" for name in names}
    dsn = database_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(dsn, autocommit=True) as conn:
        for schema in schemas.values():
            conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield {
            name: f"{database_url}?options=-csearch_path%3D{schema}"
            for name, schema in schemas.items()
        }
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            for schema in schemas.values():
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
