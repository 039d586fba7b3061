"""A reviewer's decisions on checklist items: each saved at once (the draft score refreshed),
read back as the effective decision per item, and the signed submission that freezes them."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from review.checklist import default_checklist
from store.assignments import get_assignment
from store.dbsession import select_rows, session
from store.orm import ACTIONS, Assignment, Decision, utcnow
from store.sessions import ItemDecision, rescore


def record_decision(engine: Engine, assignment_id: int, item_id: str, action: str, *, user_id: int | None,
                    new_status: str | None = None, points: float | None = None, reason: str = "") -> Decision:
    """Save one decision at once and refresh the draft score. Override and added deductions
    need a reason; a submitted assignment is read-only."""
    if action not in ACTIONS:
        raise ValueError(f"action must be one of {ACTIONS}")
    reason = (reason or "").strip()
    if action in ("override", "add_deduction") and not reason:
        raise ValueError("改判或增加扣分必须填写理由")
    if action == "override" and new_status not in ("pass", "fail", "not_applicable", "uncertain"):
        raise ValueError("改判须选择新的结论")
    if action == "add_deduction" and points is not None:
        item = default_checklist().item(item_id)
        if not 0 < float(points) <= item.max_deduction:
            raise ValueError(f"{item_id}增加扣分须大于0且不超过该项最高扣分{item.max_deduction:g}分")
    with session(engine) as s, s.begin():
        a = s.get(Assignment, assignment_id)
        if a is None:
            raise KeyError(assignment_id)
        if a.status == "submitted":
            raise ValueError("评查表已提交，不能再修改")
        dec = Decision(assignment_id=assignment_id, item_id=item_id, action=action, new_status=new_status,
                       points=points, reason=reason, user_id=user_id)
        s.add(dec)
        s.flush()
        score, grade, _ = rescore(a.dossier.contract or {}, _effective(s, assignment_id))
        a.score, a.grade, a.updated_at = score, grade, utcnow()
    return dec


def _effective(s: Session, assignment_id: int) -> dict[str, ItemDecision]:
    out: dict[str, ItemDecision] = {}
    for d in s.scalars(select(Decision).where(Decision.assignment_id == assignment_id).order_by(Decision.id)):
        out[d.item_id] = ItemDecision(d.item_id, d.action, d.new_status, d.points, d.reason)
    return out


def effective_decisions(engine: Engine, assignment_id: int) -> dict[str, ItemDecision]:
    with session(engine) as s:
        return _effective(s, assignment_id)


def decision_history(engine: Engine, assignment_id: int | None = None) -> list[Decision]:
    return select_rows(engine, Decision, assignment_id=assignment_id)


def assignment_result(engine: Engine, assignment_id: int):
    """(score, grade, findings) of an assignment with its decisions applied."""
    a = get_assignment(engine, assignment_id)
    return rescore(a.dossier.contract or {}, effective_decisions(engine, assignment_id))


def submit_assignment(engine: Engine, assignment_id: int, signature_name: str) -> Assignment:
    if not (signature_name or "").strip():
        raise ValueError("请填写签名")
    with session(engine) as s, s.begin():
        a = s.get(Assignment, assignment_id)
        score, grade, _ = rescore(a.dossier.contract or {}, _effective(s, assignment_id))
        a.score, a.grade = score, grade
        a.status = "submitted"
        a.signature_name = signature_name.strip()
        a.signed_at = a.updated_at = utcnow()
    return get_assignment(engine, assignment_id)
