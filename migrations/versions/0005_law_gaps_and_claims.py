"""decision.held_for and decision.projected (the law not yet published for the event date);
task.claimed_at and task.claimed_by (which official took the task, and when); life_case.region
(the control room's view by region)

Revision ID: 0005_law_gaps_and_claims
Revises: 0004_case_party
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005_law_gaps_and_claims"
down_revision: str | None = "0004_case_party"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("held_for", TEXT(length=255), nullable=True))
        batch_op.add_column(sa.Column("projected", TEXT(length=255), nullable=True))
        batch_op.create_index(batch_op.f("ix_decision_held_for"), ["held_for"], unique=False)
    with op.batch_alter_table("life_case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("region", TEXT(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_life_case_region"), ["region"], unique=False)
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("claimed_by", TEXT(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_column("claimed_by")
        batch_op.drop_column("claimed_at")
    with op.batch_alter_table("life_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_life_case_region"))
        batch_op.drop_column("region")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_held_for"))
        batch_op.drop_column("projected")
        batch_op.drop_column("held_for")
