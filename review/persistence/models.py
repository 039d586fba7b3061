"""SQLAlchemy 2 models of the peer-review console (评查会, assignments, decisions).

The schema is created and upgraded only by the Alembic migrations in
``review/persistence/migrations``; ``Base.metadata`` is what they describe.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint, text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

UNIT_KINDS = ("center", "firm")
ROLES = ("reviewer", "center_admin", "trainer")
ASSIGNMENT_STATUSES = ("draft", "submitted")
ACTIONS = ("accept", "override", "add_deduction")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class Unit(Base):
    """A legal-aid center or a law firm (a firm may belong to a center's area)."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # center | firm
    center_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    unit: Mapped[Unit | None] = relationship(lazy="joined")


class LoginEvent(Base):
    """One login attempt (audit trail; failed ones lock the account for a while)."""

    __tablename__ = "login_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    ok: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class ReviewSession(Base):
    """A 评查会: a pool of dossiers, a sample drawn from it and its assignments."""

    __tablename__ = "review_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    sample_rate: Mapped[float] = mapped_column(Float, default=0.05)
    seed: Mapped[int] = mapped_column(Integer, default=1)
    blind: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | closed
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Dossier(Base):
    """One bound dossier file and the model's contract JSON for it."""

    __tablename__ = "dossiers"
    # one CLI result per (file, model version): the result store's upsert target (migration 0002)
    __table_args__ = (Index("uq_dossiers_cli_result", "sha256", "model_version", unique=True,
                            sqlite_where=text("batch = 'cli'"), postgresql_where=text("batch = 'cli'")),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("review_sessions.id"), nullable=True,
                                                   index=True)
    batch: Mapped[str | None] = mapped_column(String(120), nullable=True, index=True)  # self-check batch
    sampled: Mapped[bool] = mapped_column(Boolean, default=False)
    file_name: Mapped[str] = mapped_column(String(500))
    file_path: Mapped[str] = mapped_column(String(1000))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    firm_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True)
    center_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True)
    lawyer: Mapped[str | None] = mapped_column(String(120), nullable=True)
    client: Mapped[str | None] = mapped_column(String(120), nullable=True)
    case_no: Mapped[str | None] = mapped_column(String(200), nullable=True)
    case_kind: Mapped[str | None] = mapped_column(String(40), nullable=True)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    contract: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    model_version: Mapped[str | None] = mapped_column(String(64), nullable=True)
    model_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    model_grade: Mapped[str | None] = mapped_column(String(10), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="reviewed")  # reviewed | failed
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    firm: Mapped[Unit | None] = relationship(foreign_keys=[firm_id], lazy="joined")
    center: Mapped[Unit | None] = relationship(foreign_keys=[center_id], lazy="joined")


class Assignment(Base):
    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("session_id", "dossier_id", "reviewer_id",
                                       name="uq_assignment"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("review_sessions.id"), index=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    grade: Mapped[str | None] = mapped_column(String(10), nullable=True)
    signed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    signature_name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    dossier: Mapped[Dossier] = relationship(lazy="joined")
    reviewer: Mapped[User] = relationship(lazy="joined")
    session: Mapped[ReviewSession] = relationship(lazy="joined")


class Decision(Base):
    """One reviewer decision on one checklist item; the latest per item counts (history kept)."""

    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), index=True)
    item_id: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(20))
    new_status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    points: Mapped[float | None] = mapped_column(Float, nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DocumentCorrection(Base):
    __tablename__ = "document_corrections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    first_page: Mapped[int] = mapped_column(Integer)
    last_page: Mapped[int] = mapped_column(Integer)
    old_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    new_type: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Adjudication(Base):
    __tablename__ = "adjudications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("review_sessions.id"), index=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    item_id: Mapped[str] = mapped_column(String(20))
    decided_status: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
