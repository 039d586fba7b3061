"""Review sessions (评查会) and their sample: created once per name and center, listed, and
the reproducible sample of a session's pool drawn (store.sessions.draw_sample)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Engine

from store.dbsession import session
from store.orm import Assignment, DossierRow, ReviewSession, Unit, User
from store.sessions import DossierRef, draw_sample


def create_review_session(engine: Engine, name: str, created_by: int | None, sample_rate: float = 0.05,
                          seed: int = 1, blind: bool = True) -> ReviewSession:
    if not name.strip():
        raise ValueError("评查会名称不能为空")
    with session(engine) as s, s.begin():
        center = _center_of_user(s, created_by)
        for other in s.scalars(select(ReviewSession).where(ReviewSession.name == name.strip())):
            if _center_of_user(s, other.created_by_id) == center:
                raise ValueError(f"本中心已有名为「{name.strip()}」的评查会，请换一个名称")
        rs = ReviewSession(name=name.strip(), created_by_id=created_by, sample_rate=sample_rate, seed=seed,
                           blind=blind, status="open")
        s.add(rs)
    return rs


def _center_of_user(s, user_id: int | None) -> int | None:
    """The center a user belongs to (a firm's user: the firm's center); None for none."""
    user = s.get(User, user_id) if user_id is not None else None
    if user is None or user.unit_id is None:
        return None
    unit = s.get(Unit, user.unit_id)
    return unit.id if unit.kind == "center" else unit.center_id


def review_sessions(engine: Engine) -> list[ReviewSession]:
    with session(engine) as s:
        return list(s.scalars(select(ReviewSession).order_by(ReviewSession.id.desc())))


def get_review_session(engine: Engine, session_id: int) -> ReviewSession | None:
    with session(engine) as s:
        return s.get(ReviewSession, session_id)


class ResampleRefused(ValueError):
    """Re-sampling would orphan tasks already handed to reviewers."""


def draw_session_sample(engine: Engine, session_id: int) -> list[int]:
    """Mark the reproducible sample of a session's pool; returns the sampled dossier ids.

    Once reviewers have tasks the sample is fixed: re-sampling would leave tasks on dossiers that
    are no longer sampled. Withdraw the open tasks first (``withdraw_open_assignments``)."""
    with session(engine) as s, s.begin():
        rs = s.get(ReviewSession, session_id)
        handed = list(s.scalars(select(Assignment).where(Assignment.session_id == session_id)).unique())
        if handed:
            raise ResampleRefused(f"本评查会已分配 {len(handed)} 条评查任务，不能重新抽样；"
                                  "如需重新抽样，请先撤回未提交的任务")
        pool = list(s.scalars(select(DossierRow).where(DossierRow.session_id == session_id,
                                                    DossierRow.status == "reviewed")).unique())
        refs = [DossierRef(d.id, d.center_id, d.firm_id, d.sha256) for d in pool]
        chosen = set(draw_sample(refs, rs.sample_rate, rs.seed)) if refs else set()
        for d in pool:
            d.sampled = d.id in chosen
    return sorted(chosen)
