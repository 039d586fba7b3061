"""Dossiers in the database and their files on disk: an upload kept by content, a review's
contract stored as a row, rows listed by session, batch or sample."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine

from ingest.hashing import bytes_sha256, path_sha256
from store.dbsession import select_rows, session
from store.orm import DossierRow


def data_dir() -> Path:
    d = Path(os.environ.get("JUANPING_DATA_DIR") or "data") / "dossiers"
    d.mkdir(parents=True, exist_ok=True)
    return d


def store_upload(name: str, data: bytes) -> Path:
    """Keep an uploaded PDF under the data dir (content-addressed) and return its path."""
    sha = bytes_sha256(data)
    out = data_dir() / f"{sha[:16]}_{Path(name).name}"
    if not out.exists():
        out.write_bytes(data)
    return out


_STORED_PREFIX = re.compile(r"^[0-9a-f]{16}_")


def human_name(path: Path | str) -> str:
    """The name a user gave the file: the store's content-hash prefix removed (store_upload)."""
    return _STORED_PREFIX.sub("", Path(path).name)


def contract_columns(contract: dict | None) -> dict:
    """The dossier columns a contract fills (case fields, pages, model score and grade, the JSON
    itself): one mapping for the console's import, the CLI store and the review API."""
    c = contract or {}
    case = c.get("case") or {}
    return dict(lawyer=case.get("lawyer"), client=case.get("client"), case_no=case.get("case_no"),
                case_kind=case.get("case_kind"), pages=int(c.get("pages") or 0),
                model_score=c.get("score"), model_grade=c.get("grade"),
                contract=json.loads(json.dumps(contract, ensure_ascii=False)) if contract else None)


def add_dossier(engine: Engine, path: Path | str, contract: dict | None, *, firm_id: int | None = None,
                center_id: int | None = None, session_id: int | None = None, batch: str | None = None,
                model_version: str | None = None, error: str | None = None) -> DossierRow:
    path = Path(path)
    with session(engine) as s, s.begin():
        d = DossierRow(file_name=human_name(path), file_path=str(path.resolve()), sha256=path_sha256(path),
                    firm_id=firm_id, center_id=center_id, session_id=session_id, batch=batch,
                    model_version=model_version, status="failed" if error else "reviewed", error=error,
                    **contract_columns(contract))
        s.add(d)
    return get_dossier(engine, d.id)


def get_dossier(engine: Engine, dossier_id: int) -> DossierRow | None:
    with session(engine) as s:
        return s.get(DossierRow, dossier_id)


def dossiers(engine: Engine, *, session_id: int | None = None, batch: str | None = None,
             sampled: bool | None = None) -> list[DossierRow]:
    return select_rows(engine, DossierRow, session_id=session_id, batch=batch, sampled=sampled)


def batches(engine: Engine) -> list[str]:
    with session(engine) as s:
        return [b for b in s.scalars(select(DossierRow.batch).where(DossierRow.batch.is_not(None)).distinct()
                                     .order_by(DossierRow.batch))]
