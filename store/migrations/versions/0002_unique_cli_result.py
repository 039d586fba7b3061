"""one CLI result per (file, model version)

The CLI's result store upserts with INSERT ... ON CONFLICT on this partial
unique index, so an interrupted and re-run batch never duplicates a dossier.
Databases written before the index existed may hold duplicates: the newest
row of each (sha256, model_version) is kept, unless an older one is already
assigned to a reviewer.

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

INDEX = "uq_dossiers_cli_result"
WHERE = sa.text("batch = 'cli'")


def upgrade() -> None:
    op.execute(sa.text(
        "DELETE FROM dossiers WHERE batch = 'cli' AND id NOT IN ("
        " SELECT max(id) FROM dossiers WHERE batch = 'cli' GROUP BY sha256, model_version)"
        " AND id NOT IN (SELECT dossier_id FROM assignments)"))
    op.create_index(INDEX, "dossiers", ["sha256", "model_version"], unique=True,
                    sqlite_where=WHERE, postgresql_where=WHERE)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="dossiers")
