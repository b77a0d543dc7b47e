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
def temporary_database(
    prefix: str = "proactive_test", template: str | None = None
) -> Iterator[str]:
    """Create a database (a copy of ``template`` when given) and yield its SQLAlchemy URL;
    drop it at the end."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    copy = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"{copy}')
    base = ADMIN_DSN.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}".replace("postgresql://", "postgresql+psycopg://", 1)
    finally:
        with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_name(url: str) -> str:
    return url.rsplit("/", 1)[1]


class SchemaPool:
    """Sets of schemas, one schema per registry, in one database: a test leases a set, and
    gets it back empty (rows deleted, sequences reset) for the next test. Creating the
    registries' tables takes seconds on PostgreSQL; emptying them takes milliseconds."""

    def __init__(self, database_url: str, names: list[str]) -> None:
        self.database_url = database_url
        self.names = names
        self._dsn = database_url.replace("postgresql+psycopg://", "postgresql://", 1)
        self._free: list[dict[str, str]] = []

    @contextmanager
    def lease(self) -> Iterator[dict[str, str]]:
        schemas = self._free.pop() if self._free else self._create()
        try:
            yield {
                name: f"{self.database_url}?options=-csearch_path%3D{schema}"
                for name, schema in schemas.items()
            }
        finally:
            self._empty(list(schemas.values()))
            self._free.append(schemas)

    def _create(self) -> dict[str, str]:
        tag = uuid.uuid4().hex[:10]
        schemas = {name: f"t{tag}_{name}" for name in self.names}
        with psycopg.connect(self._dsn, autocommit=True) as conn:
            for schema in schemas.values():
                conn.execute(f'CREATE SCHEMA "{schema}"')
        return schemas

    def _empty(self, schemas: list[str]) -> None:
        with psycopg.connect(self._dsn) as conn:
            tables = conn.execute(
                "SELECT table_schema, table_name FROM information_schema.tables "
                "WHERE table_schema = ANY(%s) AND table_type = 'BASE TABLE'",
                (schemas,),
            ).fetchall()
            for schema, table in tables:
                conn.execute(f'DELETE FROM "{schema}"."{table}"')
            conn.execute(
                "SELECT setval(c.oid, 1, false) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind = 'S' AND n.nspname = ANY(%s)",
                (schemas,),
            )
