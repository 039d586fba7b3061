"""Result store used by the CLI: every review (and every file that could not be
reviewed) is kept in the console's database (``dossiers`` table, batch 'cli'),
SQLite by default or PostgreSQL by URL. The schema comes from the Alembic
migrations in review/persistence/migrations."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from review.persistence import make_engine
from review.persistence.models import Dossier, utcnow
from review.persistence.repo import file_sha256

CLI_BATCH = "cli"
StoredReview = Dossier  # rows returned by all(): file_name, status, case_no, model_score, contract ...

__all__ = ["CLI_BATCH", "ResultStore", "StoredReview", "file_sha256"]


class ResultStore:
    """Writes each result in its own transaction, so an interrupted batch keeps what finished."""

    def __init__(self, url: str):
        self.engine = make_engine(url)

    def _upsert(self, path: Path, sha: str, model_version: str, **fields) -> None:
        with Session(self.engine) as session, session.begin():
            row = session.scalar(select(Dossier).where(
                Dossier.sha256 == sha, Dossier.model_version == model_version, Dossier.batch == CLI_BATCH))
            if row is None:
                row = Dossier(sha256=sha, model_version=model_version, batch=CLI_BATCH)
                session.add(row)
            row.file_name = Path(path).name
            row.file_path = str(Path(path).resolve())
            for key, value in fields.items():
                setattr(row, key, value)
            row.created_at = utcnow()

    def save(self, path: Path, review, contract: dict) -> None:
        from models import model_version

        case = contract.get("case") or {}
        self._upsert(path, file_sha256(path), model_version(), status="reviewed", error=None,
                     case_no=case.get("case_no"), case_kind=case.get("case_kind"), lawyer=case.get("lawyer"),
                     client=case.get("client"), pages=int(contract.get("pages") or 0),
                     model_score=contract.get("score"), model_grade=contract.get("grade"),
                     contract=json.loads(json.dumps(contract, ensure_ascii=False)))

    def record_failure(self, path: Path, exc: Exception) -> None:
        from models import model_version

        sha = file_sha256(path) if Path(path).is_file() else hashlib.sha256(str(path).encode()).hexdigest()
        self._upsert(path, sha, model_version(), status="failed", error=str(exc), case_no=None,
                     model_score=None, model_grade=None, contract=None)

    def all(self) -> list[Dossier]:
        with Session(self.engine, expire_on_commit=False) as session:
            return list(session.scalars(select(Dossier).where(Dossier.batch == CLI_BATCH)
                                        .order_by(Dossier.id)).unique())
