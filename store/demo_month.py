"""The demo's November: a center's monthly quality check (月度评查) of the demo dossiers.

The center staff's item decisions are recorded as adjudications (the center's own ruling), so
the demo database holds final grades of every band for the subsidy statement and failed items
for the month's 提醒函, without touching the demo peer-review session other pages show.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import update
from sqlalchemy.engine import Engine

from store import repo
from store.orm import Adjudication, DossierRow, ReviewSession
from review.checklist import default_checklist
from store.sessions import ItemDecision, rescore

MONTH_SESSION = "2026年11月案卷质量月度评查（演示）"
POOL_DAY = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)    # the Q4 session's pool is imported
CHECK_DAY = datetime(2026, 11, 9, 9, 0, tzinfo=timezone.utc)   # the month's dossiers are checked
RULING_DAY = datetime(2026, 11, 20, 15, 0, tzinfo=timezone.utc)
# the grade the center's ruling gives the i-th dossier of the month (None: the model's grade stands)
TARGETS = ("良好", "合格", "不合格")
ORDER = ("优秀", "良好", "合格", "不合格")


def create_session(engine: Engine, admin_id: int) -> ReviewSession:
    """Created before the demo's Q4 session so that one stays the newest (the admin page's default)."""
    return repo.create_review_session(engine, MONTH_SESSION, admin_id, sample_rate=1.0, seed=11, blind=False)


def fails_for(contract: dict, target: str) -> list[str]:
    """Items to rule failed so the rescored grade is ``target`` (largest deductions first, skipping
    any that would overshoot); [] when the target cannot be reached."""
    cl = default_checklist()
    passing = sorted((f["item"] for f in contract.get("findings", []) if f.get("status") == "pass"),
                     key=lambda i: (-cl.item(i).points, i))
    chosen: list[str] = []
    for item in passing:
        trial = chosen + [item]
        _, grade, _ = rescore(contract, {i: ItemDecision(i, "override", "fail") for i in trial})
        if grade == target:
            return trial
        if ORDER.index(grade) < ORDER.index(target):
            chosen = trial
    return []


def seed(engine: Engine, month: ReviewSession, q4_session_id: int, imported: list, admin_id: int) -> None:
    """``imported``: [(pdf, firm, contract, model_version)] of the Q4 pool, checked again this month."""
    with repo.session(engine) as s, s.begin():
        s.execute(update(DossierRow).where(DossierRow.session_id == q4_session_id).values(created_at=POOL_DAY))
    for i, (pdf, firm, contract, version) in enumerate(imported):
        d = repo.add_dossier(engine, pdf, contract, firm_id=firm.id, center_id=firm.center_id,
                             session_id=month.id, model_version=version)
        items = fails_for(contract, TARGETS[i]) if i < len(TARGETS) else []
        with repo.session(engine) as s, s.begin():
            s.get(DossierRow, d.id).created_at = CHECK_DAY + timedelta(days=i)
            for item in items:
                s.add(Adjudication(session_id=month.id, dossier_id=d.id, item_id=item, decided_status="fail",
                                   user_id=admin_id, reason=f"月度评查认定：{default_checklist().item(item).title}不符合要求",
                                   created_at=RULING_DAY))
    with repo.session(engine) as s, s.begin():
        s.get(ReviewSession, month.id).status = "closed"

