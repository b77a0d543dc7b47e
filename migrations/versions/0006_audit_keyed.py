"""audit_entry.scheme: entries are now authenticated with a key kept out of the database; the
entries already stored keep their plain SHA-256 hashes and are marked so

Revision ID: 0006_audit_keyed
Revises: 0005_law_gaps_and_claims
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006_audit_keyed"
down_revision: str | None = "0005_law_gaps_and_claims"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_entry") as batch:
        batch.add_column(
            sa.Column(
                "scheme",
                sqlmodel.sql.sqltypes.AutoString(length=16),
                nullable=False,
                server_default="sha256",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_column("scheme")
