"""review jobs of the HTTP API (juanping serve): one row per submitted file, idempotent by SHA-256

Also the centers' API tokens (only their SHA-256 is stored).

Revision ID: 0005
Revises: 0004
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("center_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False, index=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "review_jobs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("center_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False, index=True),
        sa.Column("token_id", sa.Integer, sa.ForeignKey("api_tokens.id"), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("file_name", sa.String(500), nullable=False),
        sa.Column("file_path", sa.String(1000), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("verdict", sa.String(40), nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("contract", sa.JSON, nullable=True),
        sa.Column("score", sa.Float, nullable=True),
        sa.Column("grade", sa.String(10), nullable=True),
        sa.Column("model_version", sa.String(64), nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("claim_token", sa.String(64), nullable=True),
        sa.Column("worker", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("center_id", "sha256", name="uq_review_jobs_center_sha"),
    )
    op.create_index("ix_review_jobs_status_id", "review_jobs", ["status", "id"])


def downgrade() -> None:
    op.drop_index("ix_review_jobs_status_id", table_name="review_jobs")
    op.drop_table("review_jobs")
    op.drop_table("api_tokens")
