"""The tables every registry has besides its own records: its change feed, the answers to
idempotent requests, the record of who read whose data, and a note of the schema version."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    insert,
    select,
)

from mock_registries.common.feed import FeedTables, define_feed_tables
from mock_registries.common.idempotency import define_idempotency_table

SCHEMA_VERSION = "4"
INCARNATION_KEY = "incarnation"


@dataclass(frozen=True)
class RegistryTables:
    feed: FeedTables
    idempotency: Table
    access: Table
    meta: Table


def define_registry_tables(metadata: MetaData) -> RegistryTables:
    access = Table(
        "access_record",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("iin", String(12), nullable=False, index=True),
        Column("agency", String(32), nullable=False),
        Column("caller", String(64), nullable=False),
        Column("purpose", String(200), nullable=False),
        Column("path", String(300), nullable=False),
        Column("request_id", String(128), nullable=False, default=""),
        Column("at", DateTime(timezone=True), nullable=False),
    )
    meta = Table(
        "registry_meta",
        metadata,
        Column("key", String(64), primary_key=True),
        Column("value", String(500), nullable=False),
    )
    return RegistryTables(
        feed=define_feed_tables(metadata),
        idempotency=define_idempotency_table(metadata),
        access=access,
        meta=meta,
    )


class OutdatedSchema(RuntimeError):
    pass


def check_schema_version(conn: Connection, tables: RegistryTables, registry: str) -> None:
    """Mark a new database with the schema version; refuse one made by an older version
    (mock registries have no migrations: their data is synthetic and made again on start)."""
    meta = tables.meta
    row = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).first()
    if row is not None and row.value == SCHEMA_VERSION:
        return
    counter = tables.feed.counter
    has_data = conn.execute(select(counter.c.value).where(counter.c.id == 1)).first() is not None
    if row is None and not has_data:
        conn.execute(insert(meta).values(key="schema_version", value=SCHEMA_VERSION))
        return
    found = row.value if row is not None else "1"
    raise OutdatedSchema(
        f"the {registry} registry's database was made by an older version (schema {found}, "
        f"expected {SCHEMA_VERSION}); its data is synthetic: delete that database (for the "
        f"demo, the data folder) and start again to have it made afresh"
    )


def read_meta(conn: Connection, tables: RegistryTables, key: str) -> str | None:
    row = conn.execute(select(tables.meta.c.value).where(tables.meta.c.key == key)).first()
    return None if row is None else str(row.value)


def ensure_incarnation(conn: Connection, tables: RegistryTables) -> str:
    """The id of this database's life: made once, with the database, so a feed cursor from
    another database (a registry started afresh) can be told apart."""
    found = read_meta(conn, tables, INCARNATION_KEY)
    if found is not None:
        return found
    incarnation = uuid.uuid4().hex[:12]
    write_meta(conn, tables, INCARNATION_KEY, incarnation)
    return incarnation


def write_meta(conn: Connection, tables: RegistryTables, key: str, value: str) -> None:
    meta = tables.meta
    if read_meta(conn, tables, key) is None:
        conn.execute(insert(meta).values(key=key, value=value))
    else:
        conn.execute(meta.update().where(meta.c.key == key).values(value=value))
