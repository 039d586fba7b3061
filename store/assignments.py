"""Review tasks: a session's sampled dossiers handed to reviewers of other units (two each, none
from a firm or person the dossier names), withdrawn before a re-sample, listed."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.engine import Engine

from store.dbsession import select_rows, session
from store.orm import Assignment, Decision, DossierRow, ReviewSession, Unit, User
from store.review_sessions import ResampleRefused
from store.sessions import DossierRef, ReviewerRef, assign_reviewers


def assign_session(engine: Engine, session_id: int, per_dossier: int = 2) -> list[Assignment]:
    """Create assignments for sampled dossiers that have none yet (two reviewers from other units)."""
    with session(engine) as s, s.begin():
        rs = s.get(ReviewSession, session_id)
        sampled = list(s.scalars(select(DossierRow).where(DossierRow.session_id == session_id,
                                                       DossierRow.sampled.is_(True))).unique())
        existing = list(s.scalars(select(Assignment).where(Assignment.session_id == session_id)).unique())
        done = {a.dossier_id for a in existing}
        load: dict[int, int] = defaultdict(int)
        for a in existing:
            load[a.reviewer_id] += 1
        reviewers = list(s.scalars(select(User).where(User.role == "reviewer")).unique())
        unit_center = {u.id: u.center_id for u in s.scalars(select(Unit))}
        unit_name = {u.id: u.name for u in s.scalars(select(Unit))}
        refs = [DossierRef(d.id, d.center_id, d.firm_id, d.sha256, names=_named_in(d)) for d in sampled
                if d.id not in done]
        rrefs = [ReviewerRef(u.id, u.unit_id, unit_center.get(u.unit_id),
                             names=frozenset(x for x in (unit_name.get(u.unit_id), _person(u.display_name)) if x))
                 for u in reviewers]
        pairs = assign_reviewers(refs, rrefs, per_dossier, rs.seed, load)
        created = [Assignment(session_id=session_id, dossier_id=d, reviewer_id=r, status="draft")
                   for d, r in pairs]
        s.add_all(created)
    return created


def withdraw_open_assignments(engine: Engine, session_id: int) -> int:
    """Delete a session's tasks that were not submitted (drafts keep no decisions worth keeping
    once the sample changes); submitted tasks stay. Returns how many were withdrawn."""
    with session(engine) as s, s.begin():
        open_ = [a for a in s.scalars(select(Assignment).where(Assignment.session_id == session_id)).unique()
                 if a.status != "submitted"]
        if any(a.status == "submitted" for a in s.scalars(select(Assignment).where(
                Assignment.session_id == session_id)).unique()):
            raise ResampleRefused("已有评查人提交了评查表，不能撤回全部任务后重新抽样")
        for a in open_:
            for dec in s.scalars(select(Decision).where(Decision.assignment_id == a.id)):
                s.delete(dec)
            s.delete(a)
    return len(open_)


def _named_in(d: DossierRow) -> frozenset[str]:
    """The firm and lawyer the dossier's own review read (contract ``case``)."""
    case = (d.contract or {}).get("case") or {}
    return frozenset(str(v) for v in (case.get("firm"), case.get("lawyer")) if v)


def blind_names(d: DossierRow) -> tuple[str, ...]:
    """Firm, lawyer and client of a dossier, as the database records them and as the dossier's own
    review read them: what blind mode hides in text and on page images."""
    case = (d.contract or {}).get("case") or {}
    names = (d.firm.name if d.firm else None, d.lawyer, d.client, case.get("firm"), case.get("lawyer"),
             case.get("client"))
    return tuple(str(n) for n in names if n)


def _person(display_name: str | None) -> str | None:
    """A display name as a person's name (王律师, a title, is no name to compare)."""
    name = (display_name or "").strip()
    return None if not name or name.endswith(("律师", "主任", "工程师", "老师")) else name


def assignments(engine: Engine, *, reviewer_id: int | None = None, session_id: int | None = None,
                dossier_id: int | None = None) -> list[Assignment]:
    return select_rows(engine, Assignment, reviewer_id=reviewer_id, session_id=session_id, dossier_id=dossier_id)


def get_assignment(engine: Engine, assignment_id: int) -> Assignment | None:
    with session(engine) as s:
        return s.get(Assignment, assignment_id)
