"""inbox: offers bundled per life event, timeline, representatives, bank accounts supplied,
preferences, notification outbox and mock gateways, inbound SMS, audit hash chain, the
engine's record of its reads

Revision ID: 0003_inbox
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003_inbox"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXT = sqlmodel.sql.sqltypes.AutoString
WHEN = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "inbox_bundle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("citizen_iin", TEXT(length=12), nullable=False),
        sa.Column("case_id", TEXT(length=32), nullable=False),
        sa.Column("life_event", TEXT(length=64), nullable=False),
        sa.Column("reference", sa.Integer(), nullable=False),
        sa.Column("created_at", WHEN(), nullable=False),
        sa.Column("notified_at", WHEN(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["life_case.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("citizen_iin", "reference", name="uq_bundle_reference"),
    )
    op.create_index("ix_inbox_bundle_citizen_iin", "inbox_bundle", ["citizen_iin"])
    op.create_index("ix_inbox_bundle_case_id", "inbox_bundle", ["case_id"])

    with op.batch_alter_table("inbox_item") as batch:
        batch.add_column(sa.Column("bundle_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("delivery", TEXT(length=16), nullable=False, server_default="consent")
        )
        batch.add_column(sa.Column("explanation", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("missing", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("updated_at", WHEN(), nullable=True))
        batch.add_column(sa.Column("undo_until", WHEN(), nullable=True))
        batch.add_column(sa.Column("window_hours", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("reminder_hours", sa.JSON(), nullable=False, server_default="[]")
        )
        batch.add_column(
            sa.Column("reminders_sent", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("next_reminder_at", WHEN(), nullable=True))
        batch.create_foreign_key("fk_inbox_item_bundle", "inbox_bundle", ["bundle_id"], ["id"])
        batch.create_index("ix_inbox_item_bundle_id", ["bundle_id"])
        batch.create_index("ix_inbox_item_expires_at", ["expires_at"])
        batch.create_index("ix_inbox_item_next_reminder_at", ["next_reminder_at"])

    op.create_table(
        "inbox_timeline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("at", WHEN(), nullable=False),
        sa.Column("action", TEXT(length=32), nullable=False),
        sa.Column("status_from", TEXT(length=16), nullable=True),
        sa.Column("status_to", TEXT(length=16), nullable=False),
        sa.Column("actor", TEXT(length=32), nullable=False),
        sa.Column("actor_iin", TEXT(length=12), nullable=True),
        sa.Column("channel", TEXT(length=16), nullable=False),
        sa.Column("note", TEXT(length=500), nullable=True),
        sa.ForeignKeyConstraint(["item_id"], ["inbox_item.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_inbox_timeline_item_id", "inbox_timeline", ["item_id"])

    op.create_table(
        "representation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("representative_iin", TEXT(length=12), nullable=False),
        sa.Column("represented_iin", TEXT(length=12), nullable=False),
        sa.Column("kind", TEXT(length=32), nullable=False),
        sa.Column("basis", TEXT(length=255), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("registered_by", TEXT(length=40), nullable=False),
        sa.Column("created_at", WHEN(), nullable=False),
        sa.Column("revoked_at", WHEN(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_representation_representative_iin", "representation", ["representative_iin"]
    )
    op.create_index("ix_representation_represented_iin", "representation", ["represented_iin"])

    op.create_table(
        "payment_account",
        sa.Column("iin", TEXT(length=12), nullable=False),
        sa.Column("iban", TEXT(length=34), nullable=False),
        sa.Column("supplied_at", WHEN(), nullable=False),
        sa.Column("channel", TEXT(length=16), nullable=False),
        sa.PrimaryKeyConstraint("iin"),
    )
    op.create_table(
        "citizen_preference",
        sa.Column("iin", TEXT(length=12), nullable=False),
        sa.Column("language", TEXT(length=2), nullable=True),
        sa.Column("channel", TEXT(length=8), nullable=True),
        sa.Column("email", TEXT(length=254), nullable=True),
        sa.Column("updated_at", WHEN(), nullable=False),
        sa.PrimaryKeyConstraint("iin"),
    )

    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedup_key", TEXT(length=160), nullable=False),
        sa.Column("kind", TEXT(length=24), nullable=False),
        sa.Column("citizen_iin", TEXT(length=12), nullable=False),
        sa.Column("recipient_iin", TEXT(length=12), nullable=True),
        sa.Column("bundle_id", sa.Integer(), nullable=True),
        sa.Column("context", sa.JSON(), nullable=False),
        sa.Column("channel", TEXT(length=8), nullable=True),
        sa.Column("address", TEXT(length=254), nullable=True),
        sa.Column("lang", TEXT(length=2), nullable=True),
        sa.Column("template", TEXT(length=48), nullable=True),
        sa.Column("template_version", sa.Integer(), nullable=True),
        sa.Column("body", TEXT(), nullable=True),
        sa.Column("status", TEXT(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", WHEN(), nullable=False),
        sa.Column("created_at", WHEN(), nullable=False),
        sa.Column("sent_at", WHEN(), nullable=True),
        sa.Column("delivered_at", WHEN(), nullable=True),
        sa.Column("gateway_id", TEXT(length=64), nullable=True),
        sa.Column("last_error", TEXT(length=500), nullable=True),
        sa.ForeignKeyConstraint(["bundle_id"], ["inbox_bundle.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedup_key", name="uq_notification_dedup_key"),
    )
    op.create_index("ix_notification_citizen_iin", "notification", ["citizen_iin"])
    op.create_index("ix_notification_recipient_iin", "notification", ["recipient_iin"])
    op.create_index("ix_notification_bundle_id", "notification", ["bundle_id"])
    op.create_index("ix_notification_status", "notification", ["status"])
    op.create_index("ix_notification_next_attempt_at", "notification", ["next_attempt_at"])
    op.create_index("ix_notification_gateway_id", "notification", ["gateway_id"])

    op.create_table(
        "gateway_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gateway_id", TEXT(length=64), nullable=False),
        sa.Column("client_ref", TEXT(length=64), nullable=False),
        sa.Column("channel", TEXT(length=8), nullable=False),
        sa.Column("sender", TEXT(length=32), nullable=False),
        sa.Column("address", TEXT(length=254), nullable=False),
        sa.Column("body", TEXT(), nullable=False),
        sa.Column("accepted_at", WHEN(), nullable=False),
        sa.Column("status", TEXT(length=12), nullable=False),
        sa.Column("receipt_at", WHEN(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("gateway_id", name="uq_gateway_message_gateway_id"),
        sa.UniqueConstraint("client_ref", name="uq_gateway_message_client_ref"),
    )
    op.create_table(
        "gateway_fault",
        sa.Column("channel", TEXT(length=8), nullable=False),
        sa.Column("fail_next", sa.Integer(), nullable=False),
        sa.Column("outage", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("channel"),
    )
    op.create_table(
        "sms_inbound",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_iin", TEXT(length=12), nullable=False),
        sa.Column("text", TEXT(length=1000), nullable=False),
        sa.Column("received_at", WHEN(), nullable=False),
        sa.Column("understood", TEXT(length=24), nullable=False),
        sa.Column("lang", TEXT(length=2), nullable=False),
        sa.Column("applied", sa.JSON(), nullable=False),
        sa.Column("reply", TEXT(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sms_inbound_from_iin", "sms_inbound", ["from_iin"])

    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", WHEN(), nullable=False),
        sa.Column("action", TEXT(length=64), nullable=False),
        sa.Column("actor", TEXT(length=64), nullable=False),
        sa.Column("subject_iin", TEXT(length=12), nullable=True),
        sa.Column("object_type", TEXT(length=32), nullable=False),
        sa.Column("object_id", TEXT(length=64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("prev_hash", TEXT(length=64), nullable=False),
        sa.Column("hash", TEXT(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("seq", name="uq_audit_entry_seq"),
    )
    op.create_index("ix_audit_entry_action", "audit_entry", ["action"])
    op.create_index("ix_audit_entry_subject_iin", "audit_entry", ["subject_iin"])
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", TEXT(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": ""}])

    op.create_table(
        "data_access",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("iin", TEXT(length=12), nullable=False),
        sa.Column("registry", TEXT(length=40), nullable=False),
        sa.Column("path", TEXT(length=255), nullable=False),
        sa.Column("agency", TEXT(length=40), nullable=False),
        sa.Column("purpose", TEXT(length=255), nullable=False),
        sa.Column("at", WHEN(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_data_access_iin", "data_access", ["iin"])


def downgrade() -> None:
    op.drop_table("data_access")
    op.drop_table("audit_head")
    op.drop_table("audit_entry")
    op.drop_table("sms_inbound")
    op.drop_table("gateway_fault")
    op.drop_table("gateway_message")
    op.drop_table("notification")
    op.drop_table("citizen_preference")
    op.drop_table("payment_account")
    op.drop_table("representation")
    op.drop_table("inbox_timeline")
    with op.batch_alter_table("inbox_item") as batch:
        batch.drop_index("ix_inbox_item_next_reminder_at")
        batch.drop_index("ix_inbox_item_expires_at")
        batch.drop_index("ix_inbox_item_bundle_id")
        batch.drop_constraint("fk_inbox_item_bundle", type_="foreignkey")
        for column in (
            "next_reminder_at",
            "reminders_sent",
            "reminder_hours",
            "window_hours",
            "undo_until",
            "updated_at",
            "missing",
            "explanation",
            "delivery",
            "bundle_id",
        ):
            batch.drop_column(column)
    op.drop_table("inbox_bundle")
