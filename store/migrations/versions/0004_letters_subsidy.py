"""monthly reminder letters (提醒函), their points and the firms' replies; subsidy statements

Revision ID: 0004
Revises: 0003
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "letters",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("firm_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False, index=True),
        sa.Column("month", sa.String(7), nullable=False, index=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("number", sa.String(80), nullable=False, unique=True),
        sa.Column("center_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("issued_on", sa.Date, nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("firm_id", "month", name="uq_letter_firm_month"),
    )
    op.create_table(
        "letter_points",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("letter_id", sa.Integer, sa.ForeignKey("letters.id"), nullable=False, index=True),
        sa.Column("dossier_id", sa.Integer, sa.ForeignKey("dossiers.id"), nullable=False, index=True),
        sa.Column("item_id", sa.String(20), nullable=False),
        sa.Column("title", sa.String(200), nullable=False, server_default=""),
        sa.Column("message", sa.Text, nullable=False, server_default=""),
        sa.Column("pages", sa.JSON, nullable=True),
        sa.Column("deduction", sa.Float, nullable=False, server_default="0"),
        sa.Column("veto", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("reply", sa.String(20), nullable=True),
        sa.Column("reply_note", sa.Text, nullable=False, server_default=""),
        sa.Column("reply_file", sa.String(1000), nullable=True),
        sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("replied_by_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.UniqueConstraint("letter_id", "dossier_id", "item_id", name="uq_letter_point"),
    )
    op.create_table(
        "subsidy_statements",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("period", sa.String(20), nullable=False, index=True),
        sa.Column("scheme", sa.String(60), nullable=False),
        sa.Column("total", sa.Float, nullable=False),
        sa.Column("paid", sa.Integer, nullable=False),
        sa.Column("held", sa.Integer, nullable=False),
        sa.Column("created_by_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("subsidy_statements")
    op.drop_table("letter_points")
    op.drop_table("letters")
