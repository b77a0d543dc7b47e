"""case_party: who each case concerns, indexed by IIN, filled from the cases already stored

Revision ID: 0004_case_party
Revises: 0003_inbox
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004_case_party"
down_revision: str | None = "0003_inbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXT = sqlmodel.sql.sqltypes.AutoString
BATCH = 5000


def upgrade() -> None:
    case_party = op.create_table(
        "case_party",
        sa.Column("case_id", TEXT(length=32), nullable=False),
        sa.Column("party", TEXT(length=64), nullable=False),
        sa.Column("iin", TEXT(length=12), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["life_case.id"]),
        sa.PrimaryKeyConstraint("case_id", "party"),
    )
    op.create_index("ix_case_party_iin", "case_party", ["iin"])
    bind = op.get_bind()
    rows: list[dict[str, str]] = []
    for case_id, parties in bind.execute(sa.text("SELECT id, parties FROM life_case")).fetchall():
        found = json.loads(parties) if isinstance(parties, str) else parties
        rows += [
            {"case_id": case_id, "party": party, "iin": iin}
            for party, iin in (found or {}).items()
            if iin
        ]
        if len(rows) >= BATCH:
            op.bulk_insert(case_party, rows)
            rows = []
    if rows:
        op.bulk_insert(case_party, rows)


def downgrade() -> None:
    op.drop_index("ix_case_party_iin", table_name="case_party")
    op.drop_table("case_party")
