"""Result store: every review (and every file that could not be reviewed) is
kept in a database, SQLite by default or PostgreSQL by URL."""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import JSON, DateTime, Float, Integer, String, Text, UniqueConstraint, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class StoredReview(Base):
    """One model review of one file version (by content hash) and model version."""

    __tablename__ = "reviews"
    __table_args__ = (UniqueConstraint("sha256", "model_version", name="uq_review_file_model"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_name: Mapped[str] = mapped_column(String(500))
    model_version: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20))  # reviewed | failed
    case_no: Mapped[str | None] = mapped_column(String(120), nullable=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    grade: Mapped[str | None] = mapped_column(String(10), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    result: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class ResultStore:
    """Writes each result in its own transaction, so an interrupted batch keeps what finished."""

    def __init__(self, url: str):
        self.engine = create_engine(url)
        Base.metadata.create_all(self.engine)

    def _upsert(self, sha: str, model_version: str, **fields) -> None:
        with Session(self.engine) as session, session.begin():
            row = session.scalar(select(StoredReview).where(
                StoredReview.sha256 == sha, StoredReview.model_version == model_version))
            if row is None:
                row = StoredReview(sha256=sha, model_version=model_version)
                session.add(row)
            for key, value in fields.items():
                setattr(row, key, value)
            row.created_at = datetime.now(timezone.utc)

    def save(self, path: Path, review, contract: dict) -> None:
        from models import model_version

        self._upsert(file_sha256(path), model_version(), file_name=Path(path).name, status="reviewed",
                     case_no=(contract.get("case") or {}).get("case_no"), score=contract.get("score"),
                     grade=contract.get("grade"), error=None,
                     result=json.loads(json.dumps(contract, ensure_ascii=False)))

    def record_failure(self, path: Path, exc: Exception) -> None:
        from models import model_version

        sha = file_sha256(path) if Path(path).is_file() else hashlib.sha256(str(path).encode()).hexdigest()
        self._upsert(sha, model_version(), file_name=Path(path).name, status="failed", error=str(exc),
                     case_no=None, score=None, grade=None, result=None)

    def all(self) -> list[StoredReview]:
        with Session(self.engine) as session:
            return list(session.scalars(select(StoredReview).order_by(StoredReview.id)))
