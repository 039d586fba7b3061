"""Reviewers' corrections of the model's document outline (page ranges retyped), and the
outline with them laid over it."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.engine import Engine

from store.dbsession import select_rows, session
from store.orm import DocumentCorrection


def add_correction(engine: Engine, dossier_id: int, first_page: int, last_page: int, old_type: str | None,
                   new_type: str, user_id: int | None) -> DocumentCorrection:
    if first_page < 1 or last_page < first_page:
        raise ValueError("页码范围无效")
    with session(engine) as s, s.begin():
        c = DocumentCorrection(dossier_id=dossier_id, first_page=first_page, last_page=last_page,
                               old_type=old_type, new_type=new_type, user_id=user_id)
        s.add(c)
    return c


def corrections(engine: Engine, dossier_id: int | None = None) -> list[DocumentCorrection]:
    return select_rows(engine, DocumentCorrection, dossier_id=dossier_id)


def corrected_documents(contract: dict, fixes: Iterable[DocumentCorrection]) -> list[dict]:
    """The contract's document outline with reviewer corrections laid over it (later wins)."""
    n = int(contract.get("pages") or 0)
    per_page: dict[int, tuple[str, bool, float]] = {}
    for doc in contract.get("documents", []):
        for p in range(doc["first_page"], doc["last_page"] + 1):
            per_page[p] = (doc["type"], p == doc["first_page"], doc.get("confidence", 1.0))
    for c in fixes:
        for p in range(c.first_page, min(c.last_page, n or c.last_page) + 1):
            per_page[p] = (c.new_type, p == c.first_page, 1.0)
        nxt = c.last_page + 1
        if nxt in per_page:
            t, _, conf = per_page[nxt]
            per_page[nxt] = (t, True, conf)
    out: list[dict] = []
    for p in sorted(per_page):
        t, start, conf = per_page[p]
        if out and not start and out[-1]["type"] == t and out[-1]["last_page"] == p - 1:
            out[-1]["last_page"] = p
        else:
            out.append({"type": t, "first_page": p, "last_page": p, "confidence": conf})
    return out
