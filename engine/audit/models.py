"""The engine's audit log (a hash chain) and its record of reads of citizens' data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, String
from sqlmodel import Field

from engine.db import EngineTable


class AuditEntry(EngineTable, table=True):
    """One fact in the audit log; ``hash`` covers the entry and the previous entry's hash, so
    changing, removing or reordering any entry breaks every hash after it. With the scheme
    ``hmac-sha256`` the hash is keyed with the audit key, which the database does not hold:
    whoever can write to the database still cannot recompute it. ``sha256`` marks entries
    written before keys were used."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(unique=True)
    at: datetime
    action: str = Field(max_length=64, index=True)
    actor: str = Field(max_length=64)
    subject_iin: str | None = Field(default=None, max_length=12, index=True)
    object_type: str = Field(max_length=32)
    object_id: str = Field(max_length=64)
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    scheme: str = Field(
        default="hmac-sha256", max_length=16, sa_column_kwargs={"server_default": "sha256"}
    )


class AuditHead(EngineTable, table=True):
    """The end of the chain: one row, updated first by every writer so that appends are
    serialised (a row lock on PostgreSQL, the write lock on SQLite) and a cut tail is seen."""

    __tablename__ = "audit_head"

    id: int = Field(default=1, primary_key=True)
    seq: int = 0
    hash: str = Field(default="", max_length=64)


class DataAccess(EngineTable, table=True):
    """A read of one citizen's record in a registry made by the engine, on behalf of an agency
    and for a stated purpose (the registry keeps its own record of the same read)."""

    __tablename__ = "data_access"

    id: int | None = Field(default=None, primary_key=True)
    iin: str = Field(max_length=12, index=True)
    # "registry" is reserved by the ORM for its class registry: the column keeps the name
    registry_name: str = Field(sa_column=Column("registry", String(40), nullable=False))
    path: str = Field(max_length=255)
    agency: str = Field(max_length=40)
    purpose: str = Field(max_length=255)
    at: datetime
