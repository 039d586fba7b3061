"""What a review session's submitted work adds up to: its progress, the pairs of reviews of one
dossier (for agreement), and the adjudications that settle their disagreements."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.engine import Engine

from store.assignments import assignments
from store.decisions import assignment_result
from store.dbsession import session
from store.dossier_rows import dossiers
from store.orm import Adjudication, Assignment


def adjudicate(engine: Engine, session_id: int, dossier_id: int, item_id: str, status: str,
               user_id: int | None, reason: str = "") -> Adjudication:
    with session(engine) as s, s.begin():
        adj = Adjudication(session_id=session_id, dossier_id=dossier_id, item_id=item_id,
                           decided_status=status, user_id=user_id, reason=(reason or "").strip())
        s.add(adj)
    return adj


def adjudications(engine: Engine, session_id: int) -> dict[tuple[int, str], Adjudication]:
    with session(engine) as s:
        rows = s.scalars(select(Adjudication).where(Adjudication.session_id == session_id)
                         .order_by(Adjudication.id))
        return {(a.dossier_id, a.item_id): a for a in rows}


def session_progress(engine: Engine, session_id: int) -> dict:
    rows = assignments(engine, session_id=session_id)
    return {"pool": len(dossiers(engine, session_id=session_id)),
            "sampled": len(dossiers(engine, session_id=session_id, sampled=True)),
            "assignments": len(rows), "submitted": sum(a.status == "submitted" for a in rows)}


def final_statuses(engine: Engine, assignment_id: int) -> dict[str, str]:
    _, _, findings = assignment_result(engine, assignment_id)
    return {f.item: f.status for f in findings}


def session_pairs(engine: Engine, session_id: int) -> tuple[dict, dict, dict]:
    """(item pairs, grade pairs, assignment ids) for dossiers with two submitted assignments."""
    by_dossier: dict[int, list[Assignment]] = defaultdict(list)
    for a in assignments(engine, session_id=session_id):
        if a.status == "submitted":
            by_dossier[a.dossier_id].append(a)
    pairs, grades, ids = {}, {}, {}
    for d, rows in by_dossier.items():
        if len(rows) >= 2:
            a1, a2 = sorted(rows, key=lambda a: a.id)[:2]
            pairs[d] = (final_statuses(engine, a1.id), final_statuses(engine, a2.id))
            grades[d] = (a1.grade, a2.grade)
            ids[d] = (a1, a2)
    return pairs, grades, ids
