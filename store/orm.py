"""SQLAlchemy 2 models of the peer-review console (评查会, assignments, decisions).

The schema is created and upgraded only by the Alembic migrations in
``store/migrations``; ``Base.metadata`` is what they describe.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (JSON, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text,
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
    # accounts (migration 0006): a disabled account cannot log in; a password set by somebody else
    # (first administrator, created or reset by an admin) must be changed at the next login
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    unit: Mapped[Unit | None] = relationship(lazy="joined")


class AuditEvent(Base):
    """Who did what to accounts and exports (migration 0006): account changes are never silent."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(80))  # a user name, or "cli" for the command line
    action: Mapped[str] = mapped_column(String(40), index=True)  # user_add, user_disable, password_reset, ...
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")


class ConsoleLogin(Base):
    """A logged-in browser session of the console (migration 0006): the token (only its SHA-256 is
    stored) travels in the page URL, so a reload (F5) keeps the user logged in on the same page until
    logout, idle timeout or the absolute expiry."""

    __tablename__ = "console_logins"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


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


class DossierRow(Base):
    """One bound dossier file and the model's contract JSON for it (the stored row; the dossier being
    reviewed is ingest.datamodel.Dossier)."""

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

    dossier: Mapped[DossierRow] = relationship(lazy="joined")
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


class Letter(Base):
    """A monthly 提醒函 to one firm (migration 0004); its number is issued once and kept."""

    __tablename__ = "letters"
    __table_args__ = (UniqueConstraint("firm_id", "month", name="uq_letter_firm_month"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    month: Mapped[str] = mapped_column(String(7), index=True)  # 2026-11
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(80), unique=True)
    center_name: Mapped[str] = mapped_column(String(200), default="")
    issued_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    firm: Mapped[Unit] = relationship(lazy="joined")


class LetterPoint(Base):
    """One point of a letter (a dossier's failed item) and the firm's reply to it (migration 0004)."""

    __tablename__ = "letter_points"
    __table_args__ = (UniqueConstraint("letter_id", "dossier_id", "item_id", name="uq_letter_point"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id"), index=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    item_id: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    pages: Mapped[list | None] = mapped_column(JSON, nullable=True)
    deduction: Mapped[float] = mapped_column(Float, default=0.0)
    veto: Mapped[bool] = mapped_column(Boolean, default=False)
    reply: Mapped[str | None] = mapped_column(String(20), nullable=True)  # rectified | explained | disputed
    reply_note: Mapped[str] = mapped_column(Text, default="")
    reply_file: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    replied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    replied_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    dossier: Mapped[DossierRow] = relationship(lazy="joined")


class SubsidyStatement(Base):
    """A 办案补贴 statement handed to finance (migration 0004): what was paid for which period."""

    __tablename__ = "subsidy_statements"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(20), index=True)
    scheme: Mapped[str] = mapped_column(String(60))
    total: Mapped[float] = mapped_column(Float)
    paid: Mapped[int] = mapped_column(Integer)
    held: Mapped[int] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ApiToken(Base):
    """A center's access token for the review API (`juanping tokens create`); only its SHA-256 is kept."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    center: Mapped[Unit] = relationship(lazy="joined")


class ReviewJob(Base):
    """One file submitted to the review API (service/api): queued -> running -> done | failed.

    One job per (center, file SHA-256): the unique constraint makes a resubmission, even a
    concurrent one, return the existing job. ``claim_token`` names the current claim; only
    its holder may heartbeat or finish the job (service/api/jobs.py)."""

    __tablename__ = "review_jobs"
    __table_args__ = (UniqueConstraint("center_id", "sha256", name="uq_review_jobs_center_sha"),
                      Index("ix_review_jobs_status_id", "status", "id"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    token_id: Mapped[int | None] = mapped_column(ForeignKey("api_tokens.id"), nullable=True)
    sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(500))
    file_path: Mapped[str] = mapped_column(String(1000))
    kind: Mapped[str] = mapped_column(String(20))  # pdf | edossier
    size_bytes: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="queued")  # queued | running | done | failed
    verdict: Mapped[str | None] = mapped_column(String(40), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    contract: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    grade: Mapped[str | None] = mapped_column(String(10), nullable=True)
    model_version: Mapped[str | None] = mapped_column(String(64), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claim_token: Mapped[str | None] = mapped_column(String(64), nullable=True)
    worker: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
