"""Result store used by the CLI: every review (and every file that could not be
reviewed) is kept in the console's database (``dossiers`` table, batch 'cli'),
SQLite by default or PostgreSQL by URL. The schema comes from the Alembic
migrations in store/migrations.

One row per (file SHA-256, model version) in batch 'cli': a partial unique
index (``uq_dossiers_cli_result``, migration 0002) backs an INSERT ... ON CONFLICT DO UPDATE,
so an interrupted and re-run batch never duplicates a dossier, and each write
is its own transaction, so the table is never half-written.
"""
from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ingest.hashing import path_sha256
from store import make_engine
from store.dossier_rows import contract_columns
from store.orm import DossierRow, utcnow

CLI_BATCH = "cli"
UNIQUE_INDEX = "uq_dossiers_cli_result"

__all__ = ["CLI_BATCH", "ResultStore"]


def _jsonable(contract: dict | None) -> dict | None:
    return json.loads(json.dumps(contract, ensure_ascii=False)) if contract is not None else None


class ResultStore:
    """Writes each result in its own transaction, so an interrupted batch keeps what finished."""

    def __init__(self, url: str):
        self.engine = make_engine(url)  # migrations include the unique index (0002)

    # -- writes ---------------------------------------------------------------------------
    def _upsert(self, path: Path, sha: str, model_version: str, **fields) -> None:
        values = dict(sha256=sha, model_version=model_version, batch=CLI_BATCH,
                      file_name=Path(path).name, file_path=str(Path(path).resolve()),
                      created_at=utcnow(), **fields)
        dialect = self.engine.dialect.name
        if dialect in ("sqlite", "postgresql"):
            if dialect == "sqlite":
                from sqlalchemy.dialects.sqlite import insert
            else:
                from sqlalchemy.dialects.postgresql import insert
            stmt = insert(DossierRow).values(**values)
            update = {k: stmt.excluded[k] for k in values if k not in ("sha256", "model_version", "batch")}
            stmt = stmt.on_conflict_do_update(index_elements=["sha256", "model_version"],
                                              index_where=text(f"batch = '{CLI_BATCH}'"), set_=update)
            with self.engine.begin() as conn:
                conn.execute(stmt)
            return
        self._upsert_generic(values)  # other databases: select-then-write, retried on a race

    def _upsert_generic(self, values: dict) -> None:
        for attempt in range(2):
            try:
                with Session(self.engine) as session, session.begin():
                    row = session.scalar(select(DossierRow).where(
                        DossierRow.sha256 == values["sha256"], DossierRow.model_version == values["model_version"],
                        DossierRow.batch == CLI_BATCH))
                    if row is None:
                        row = DossierRow()
                        session.add(row)
                    for key, value in values.items():
                        setattr(row, key, value)
                return
            except IntegrityError:
                if attempt:
                    raise

    def save(self, path: Path, review, contract: dict) -> None:
        """Store a finished review (``review`` is accepted for API compatibility)."""
        self.save_contract(path, contract)

    def save_contract(self, path: Path, contract: dict, *, sha256: str | None = None,
                      model_version: str | None = None) -> None:
        from models import model_version as current_version

        self._upsert(path, sha256 or path_sha256(path), model_version or current_version(),
                     status="reviewed", error=None, **contract_columns(contract))

    def record_failure(self, path: Path, exc: Exception | str, *, sha256: str | None = None,
                       model_version: str | None = None, contract: dict | None = None) -> None:
        """A file that could not be reviewed; ``contract`` is kept when there is one (a file that
        is not a legal-aid dossier: ``"verdict": "not_a_dossier"``, no score or grade)."""
        from models import model_version as current_version

        pages = int((contract or {}).get("pages") or 0)
        self._upsert(path, sha256 or path_sha256(path), model_version or current_version(),
                     status="failed", error=str(exc), case_no=None, case_kind=None, lawyer=None, client=None,
                     pages=pages, model_score=None, model_grade=None, contract=_jsonable(contract))

    # -- reads ----------------------------------------------------------------------------
    def all(self) -> list[DossierRow]:
        with Session(self.engine, expire_on_commit=False) as session:
            return list(session.scalars(select(DossierRow).where(DossierRow.batch == CLI_BATCH)
                                        .order_by(DossierRow.id)).unique())

    def reviewed(self, model_version: str) -> dict[str, dict | None]:
        """sha256 -> stored contract of every dossier already reviewed with ``model_version``."""
        with Session(self.engine) as session:
            rows = session.execute(select(DossierRow.sha256, DossierRow.contract).where(
                DossierRow.batch == CLI_BATCH, DossierRow.model_version == model_version,
                DossierRow.status == "reviewed"))
            return {sha: contract for sha, contract in rows}

    def count(self) -> int:
        with Session(self.engine) as session:
            return int(session.scalar(select(func.count(DossierRow.id)).where(DossierRow.batch == CLI_BATCH)) or 0)

