"""The final grade and findings of every reviewed dossier: what subsidies and letters go by.

A dossier's result is the adjudicated one where the center decided items (adjudications laid
over the reviewers' decisions), else the peer reviewers' where they submitted and agree, else the
model's. Two submitted reviews that disagree on an item nobody adjudicated have no final grade.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.engine import Engine

from store import repo
from store.dbsession import as_utc
from store.orm import Adjudication, DossierRow
from store.sessions import ItemDecision, rescore

MODEL, PEER, ADJUDICATED = "模型", "同行评查", "裁决"


@dataclass
class FinalResult:
    dossier: DossierRow
    grade: str | None
    grade_status: str              # final | provisional | pending
    source: str                    # MODEL | PEER | ADJUDICATED
    reviewed_at: datetime
    findings: list[dict] = field(default_factory=list)
    score: float | None = None

    @property
    def reviewed_on(self) -> date:
        return self.reviewed_at.date()

    @property
    def case_key(self) -> str:
        """One case across re-reviews: firm and normalised case number, else the file's hash."""
        no = re.sub(r"[\s（）()〔〕\[\]【】]", "", self.dossier.case_no or "")
        return f"{self.dossier.firm_id}:{no}" if no else f"sha:{self.dossier.sha256}"

    def status_of(self, item: str) -> str | None:
        return next((f.get("status") for f in self.findings if f.get("item") == item), None)


def final_results(engine: Engine) -> list[FinalResult]:
    """Every reviewed dossier (not failed files, not non-dossiers) with its final result."""
    subs: dict[int, list] = defaultdict(list)
    for a in repo.assignments(engine):
        if a.status == "submitted":
            subs[a.dossier_id].append(a)
    adj: dict[int, dict[str, Adjudication]] = defaultdict(dict)
    with repo.session(engine) as s:
        for x in s.scalars(select(Adjudication).order_by(Adjudication.id)):
            adj[x.dossier_id][x.item_id] = x  # latest per item wins
    out = []
    for d in repo.dossiers(engine):
        c = d.contract or {}
        if d.status != "reviewed" or not c or c.get("verdict") == "not_a_dossier":
            continue
        out.append(_result(engine, d, sorted(subs[d.id], key=lambda a: a.id), adj[d.id]))
    return out


def _result(engine: Engine, d: DossierRow, submitted: list, adjudicated: dict[str, Adjudication]) -> FinalResult:
    times = [as_utc(d.created_at)] + [as_utc(a.signed_at) for a in submitted if a.signed_at] \
        + [as_utc(x.created_at) for x in adjudicated.values()]
    when = max(times)
    c = d.contract or {}
    if not submitted and not adjudicated:
        status = c.get("grade_status") or "final"
        return FinalResult(d, c.get("grade"), status, MODEL, when, list(c.get("findings", [])), c.get("score"))
    statuses = [repo.final_statuses(engine, a.id) for a in submitted]
    unresolved = {i for st in statuses for i in st if len({x.get(i) for x in statuses}) > 1} - set(adjudicated)
    if unresolved:
        return FinalResult(d, None, "pending", PEER, when, list(c.get("findings", [])))
    decisions = repo.effective_decisions(engine, submitted[0].id) if submitted else {}
    for item, x in adjudicated.items():
        decisions[item] = ItemDecision(item, "override", x.decided_status, None, x.reason)
    score, grade, findings = rescore(c, decisions)
    out = [f.to_contract() for f in findings]
    for f in out:  # a failed item the center or a reviewer decided reads their reason, not the model's
        why = adjudicated[f["item"]].reason if f["item"] in adjudicated else getattr(decisions.get(f["item"]), "reason", "")
        if f["status"] == "fail" and f.get("decided_by") and why:
            f["message"] = why
    return FinalResult(d, grade, "final", ADJUDICATED if adjudicated else PEER, when, out, round(score, 1))


def latest_by_file(results: list[FinalResult]) -> list[FinalResult]:
    """One result per file (sha256): the same PDF imported twice is one dossier, its latest review."""
    best: dict[str, FinalResult] = {}
    for r in results:
        cur = best.get(r.dossier.sha256)
        if cur is None or (r.reviewed_at, r.dossier.id) > (cur.reviewed_at, cur.dossier.id):
            best[r.dossier.sha256] = r
    return list(best.values())
