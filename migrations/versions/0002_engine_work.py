"""engine: work distribution, dead letters, fulfilment tasks, corrections, shadow decisions

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = "status NOT IN ('superseded', 'revoked')"


def upgrade() -> None:
    op.create_table(
        "job_state",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "dead_letter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inbound_event_id", sa.Integer(), nullable=True),
        sa.Column("rule_id", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
        sa.Column("life_event", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("resolved_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("resolved_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.ForeignKeyConstraint(["inbound_event_id"], ["inbound_event.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_dead_letter_inbound_event_id", "dead_letter", ["inbound_event_id"])
    op.create_index("ix_dead_letter_status", "dead_letter", ["status"])

    with op.batch_alter_table("decision") as batch:
        batch.add_column(
            sa.Column("shadow", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("current", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.create_index("ix_decision_shadow", ["shadow"])

    with op.batch_alter_table("entitlement") as batch:
        batch.add_column(
            sa.Column(
                "kind",
                sqlmodel.sql.sqltypes.AutoString(length=16),
                nullable=False,
                server_default="benefit",
            )
        )
        batch.add_column(sa.Column("supersedes_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
        batch.add_column(sa.Column("overpaid_tiyn", sa.BigInteger(), nullable=True))
        batch.drop_constraint("uq_entitlement_dedup_key", type_="unique")
        batch.create_index("ix_entitlement_dedup_key", ["dedup_key"])
        batch.create_index(
            "uq_entitlement_live_key",
            ["dedup_key"],
            unique=True,
            sqlite_where=sa.text(LIVE),
            postgresql_where=sa.text(LIVE),
        )
        batch.create_foreign_key(
            "fk_entitlement_supersedes", "entitlement", ["supersedes_id"], ["id"]
        )

    op.create_table(
        "task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("entitlement_id", sa.Integer(), nullable=False),
        sa.Column("step_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("agency", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("action", sa.JSON(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("sla_working_days", sa.Integer(), nullable=True),
        sa.Column("due_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("opened_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("closed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("closed_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["life_case.id"]),
        sa.ForeignKeyConstraint(["entitlement_id"], ["entitlement.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_task_agency", "task", ["agency"])
    op.create_index("ix_task_case_id", "task", ["case_id"])
    op.create_index("ix_task_entitlement_id", "task", ["entitlement_id"])
    op.create_index("ix_task_status", "task", ["status"])

    with op.batch_alter_table("feed_cursor") as batch:
        batch.add_column(
            sa.Column("last_polled_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch.add_column(sa.Column("lag_seconds", sa.Float(), nullable=False, server_default="0"))
        batch.add_column(
            sa.Column("consecutive_failures", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("retry_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("last_error", sqlmodel.sql.sqltypes.AutoString(), nullable=True))

    with op.batch_alter_table("inbound_event") as batch:
        batch.add_column(
            sa.Column(
                "subject_key",
                sqlmodel.sql.sqltypes.AutoString(length=64),
                nullable=False,
                server_default="",
            )
        )
        batch.add_column(
            sa.Column("available_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch.add_column(
            sa.Column("locked_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch.add_column(
            sa.Column("locked_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch.alter_column(
            "event_id",
            existing_type=sa.VARCHAR(length=64),
            type_=sqlmodel.sql.sqltypes.AutoString(length=128),
            existing_nullable=False,
        )
        batch.create_index("ix_inbound_event_claim", ["status", "available_at"])
        batch.create_index("ix_inbound_event_subject", ["subject_key", "id"])


def downgrade() -> None:
    with op.batch_alter_table("inbound_event") as batch:
        batch.drop_index("ix_inbound_event_subject")
        batch.drop_index("ix_inbound_event_claim")
        batch.drop_column("locked_until")
        batch.drop_column("locked_by")
        batch.drop_column("available_at")
        batch.drop_column("subject_key")
    with op.batch_alter_table("feed_cursor") as batch:
        for column in ("last_error", "retry_at", "consecutive_failures", "lag_seconds"):
            batch.drop_column(column)
        batch.drop_column("last_polled_at")
    op.drop_table("task")
    with op.batch_alter_table("entitlement") as batch:
        batch.drop_constraint("fk_entitlement_supersedes", type_="foreignkey")
        batch.drop_index("uq_entitlement_live_key")
        batch.drop_index("ix_entitlement_dedup_key")
        batch.create_unique_constraint("uq_entitlement_dedup_key", ["dedup_key"])
        for column in ("overpaid_tiyn", "reason", "supersedes_id", "kind"):
            batch.drop_column(column)
    with op.batch_alter_table("decision") as batch:
        batch.drop_index("ix_decision_shadow")
        batch.drop_column("current")
        batch.drop_column("shadow")
    op.drop_table("dead_letter")
    op.drop_table("job_state")
