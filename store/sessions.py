"""Peer cross-evaluation (同行交叉评估): sampling, assignment, blind view, rescoring.

Pure functions over plain values; persistence and UI call them. Nothing here
touches a database or Streamlit.
"""
from __future__ import annotations

import copy
import math
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from review.checklist import Checklist, default_checklist
from review.conditions import CaseProfile
from review.context import is_veto
from review.findings import Evidence, Finding
from review.scoring import deduction_for, grade_of, score_of

BLIND_MARK = "＊＊＊"


class AssignmentError(ValueError):
    """Not enough eligible reviewers for a dossier."""


@dataclass(frozen=True)
class DossierRef:
    id: int
    center: int | str | None
    firm: int | str | None
    key: str = ""  # stable ordering key (e.g. sha256); id when empty
    names: frozenset[str] = frozenset()  # firms and lawyers the dossier itself names (conflict check)


@dataclass(frozen=True)
class ReviewerRef:
    id: int
    unit: int | str | None
    center: int | str | None = None  # the center the reviewer's unit belongs to, if any
    names: frozenset[str] = frozenset()  # the reviewer's own name and firm name


def draw_sample(dossiers: Sequence[DossierRef], rate: float, seed: int) -> list[int]:
    """Reproducible sample: per center ceil(rate * n) dossiers, at least 1 per center.

    The same pool, rate and seed always give the same ids (order of the input
    does not matter).
    """
    if not 0 < rate <= 1:
        raise ValueError("sample rate must be in (0, 1]")
    by_center: dict[str, list[DossierRef]] = defaultdict(list)
    for d in dossiers:
        by_center[str(d.center)].append(d)
    chosen: list[int] = []
    for center in sorted(by_center):
        pool = sorted(by_center[center], key=lambda d: (d.key or f"{d.id:012d}", d.id))
        k = min(len(pool), max(1, math.ceil(rate * len(pool) - 1e-9)))
        rng = random.Random(f"{seed}:{center}")
        chosen += [d.id for d in rng.sample(pool, k)]
    return sorted(chosen)


MIN_CONFLICT_NAME = 2  # characters of a name compared in the conflict check


def eligible(dossier: DossierRef, reviewer: ReviewerRef) -> bool:
    """A reviewer never reviews a dossier of their own firm or center, whether the database
    records it so or the dossier names their firm or them (a firm's seal on the agreement,
    the lawyer who handled the case)."""
    own = {u for u in (dossier.firm, dossier.center) if u is not None}
    if reviewer.unit in own:
        return False
    return not any(a in b or b in a for a in reviewer.names for b in dossier.names
                   if len(a) >= MIN_CONFLICT_NAME and len(b) >= MIN_CONFLICT_NAME)


def assign_reviewers(dossiers: Sequence[DossierRef], reviewers: Sequence[ReviewerRef],
                     per_dossier: int = 2, seed: int = 1,
                     existing_load: Mapping[int, int] | None = None) -> list[tuple[int, int]]:
    """(dossier_id, reviewer_id) pairs: ``per_dossier`` distinct eligible reviewers each,
    least-loaded first (ties broken reproducibly by the seed).

    Raises AssignmentError when a dossier has fewer eligible reviewers than needed.
    """
    load = defaultdict(int, existing_load or {})
    rng = random.Random(seed)
    tiebreak = {r.id: rng.random() for r in sorted(reviewers, key=lambda r: r.id)}
    pairs: list[tuple[int, int]] = []
    # most constrained dossiers first, so scarce reviewers go where they are needed
    n_eligible = {d.id: sum(eligible(d, r) for r in reviewers) for d in dossiers}
    for d in sorted(dossiers, key=lambda d: (n_eligible[d.id], d.id)):
        cands = [r for r in reviewers if eligible(d, r)]
        if len(cands) < per_dossier:
            raise AssignmentError(f"案卷 {d.id} 可分配的评查人不足 {per_dossier} 人（需来自其他单位）")
        cands.sort(key=lambda r: (load[r.id], tiebreak[r.id], r.id))
        for r in cands[:per_dossier]:
            pairs.append((d.id, r.id))
            load[r.id] += 1
    return sorted(pairs)


# --- blind mode -----------------------------------------------------------------------------

def blind_terms(*names: str | None) -> list[str]:
    """The identifying strings a blind reviewer must not see (longest first): firm, lawyer and
    client as recorded and as the dossier itself names them."""
    terms = {t.strip() for t in names if t and len(t.strip()) >= 2 and t.strip() != BLIND_MARK}
    return sorted(terms, key=len, reverse=True)


# any law firm named in the text (the dossier's own pages may name a firm the database does not know)
FIRM_PATTERN = r"[\u4e00-\u9fa5（）()]{2,24}律师事务所"


def redact_text(text: str | None, terms: Iterable[str]) -> str:
    out = text or ""
    for t in terms:
        out = out.replace(t, BLIND_MARK)
    return re.sub(FIRM_PATTERN, BLIND_MARK, out) if terms else out


def blind_contract(contract: dict, *names: str | None) -> dict:
    """A copy of a contract with firm, lawyer and client (``names``) removed everywhere a reviewer reads."""
    terms = blind_terms(*names) or [BLIND_MARK]
    out = copy.deepcopy(contract)
    case = out.setdefault("case", {})
    for key in ("lawyer", "client", "firm"):
        if case.get(key):
            case[key] = BLIND_MARK
    for f in out.get("findings", []):
        f["message"] = redact_text(f.get("message"), terms)
        for ev in f.get("evidence", []) or []:
            ev["text"] = redact_text(ev.get("text"), terms)
    return out


# --- live rescoring after reviewer decisions ------------------------------------------------

@dataclass(frozen=True)
class ItemDecision:
    """The effective reviewer decision on one item (latest wins)."""

    item: str
    action: str  # accept | override | add_deduction
    new_status: str | None = None
    points: float | None = None
    reason: str = ""


def finding_from_contract(f: dict) -> Finding:
    ev = [Evidence(e.get("page"), e.get("text", ""), e.get("source", "")) for e in f.get("evidence", []) or []]
    return Finding(item=f["item"], status=f.get("status", "uncertain"), confidence=f.get("confidence", 1.0),
                   pages=list(f.get("pages", [])), message=f.get("message", ""), evidence=ev,
                   occurrences=int(f.get("occurrences", 0) or 0), deduction=float(f.get("deduction", 0) or 0),
                   veto=bool(f.get("veto", False)))


def _veto_for(item, contract: dict, model: dict | None) -> bool:
    """The engine's veto rule (review.context.is_veto) on the profile the contract carries."""
    if model and model.get("status") == "fail" and "veto" in model:
        return bool(model.get("veto"))
    return is_veto(item, CaseProfile.from_contract(contract))


def apply_decisions(contract: dict, decisions: Mapping[str, ItemDecision],
                    checklist: Checklist | None = None) -> list[Finding]:
    """The findings after a reviewer's decisions, with deductions recomputed (review.scoring)."""
    checklist = checklist or default_checklist()
    model = {f["item"]: f for f in contract.get("findings", [])}
    out: list[Finding] = []
    for item_id in checklist.ids:
        item = checklist.item(item_id)
        raw = model.get(item_id, {"item": item_id, "status": "uncertain", "confidence": 0.0})
        f = finding_from_contract(raw)
        d = decisions.get(item_id)
        if d is not None and d.action == "override" and d.new_status:
            f.status = d.new_status
            f.occurrences = max(1, f.occurrences) if d.new_status == "fail" else 0
            f.deduction = deduction_for(item, f)
            f.veto = f.status == "fail" and _veto_for(item, contract, raw)
            f.decided_by = "reviewer"
        elif d is not None and d.action == "add_deduction":
            f.status = "fail"
            f.occurrences = max(1, f.occurrences)
            pts = float(d.points if d.points is not None else item.points)
            f.deduction = max(0.0, min(pts, item.max_deduction))
            f.veto = _veto_for(item, contract, raw)
            f.decided_by = "reviewer"
        else:
            if f.status == "fail" and not raw.get("deduction"):
                f.deduction = deduction_for(item, f)
                f.veto = _veto_for(item, contract, raw)
            elif f.status != "fail":
                f.deduction = 0.0
            if d is not None:
                f.decided_by = "reviewer"
        out.append(f)
    return out


def rescore(contract: dict, decisions: Mapping[str, ItemDecision],
            checklist: Checklist | None = None) -> tuple[float, str, list[Finding]]:
    """(score, grade, findings) after decisions, by review.scoring."""
    checklist = checklist or default_checklist()
    findings = apply_decisions(contract, decisions, checklist)
    score = score_of(findings, checklist.grades)
    return score, grade_of(findings, score, checklist.grades), findings


def risk_key(contract: dict) -> tuple:
    """Sort key for self-check tables: veto first, then low score, then many uncertain items."""
    findings = contract.get("findings", [])
    veto = any(f.get("veto") and f.get("status") == "fail" for f in findings)
    unsure = sum(1 for f in findings if f.get("status") == "uncertain")
    return (0 if veto else 1, float(contract.get("score", 100.0)), -unsure)


def review_order(findings: Sequence[dict]) -> list[dict]:
    """Items a reviewer should look at first: uncertain, then fails, then low confidence."""
    rank = {"uncertain": 0, "fail": 1, "pass": 2, "not_applicable": 3}
    return sorted(findings, key=lambda f: (rank.get(f.get("status"), 4), f.get("confidence", 1.0),
                                           f.get("item", "")))
