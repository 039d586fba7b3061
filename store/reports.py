"""Assemble export data (评查表, session summary, 提醒函) from the database."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy.engine import Engine

from store import agreement
from store import repo
from review.report import case_kind_name
from review.checklist import default_checklist
from store.sessions import BLIND_MARK, blind_terms, redact_text, risk_key


def review_form_data(engine: Engine, assignment_id: int, blind: bool | None = None) -> dict:
    a = repo.get_assignment(engine, assignment_id)
    d = a.dossier
    blind = a.session.blind if blind is None else blind
    score, grade, findings = repo.assignment_result(engine, assignment_id)
    decisions = repo.effective_decisions(engine, assignment_id)
    model = {f["item"]: f for f in (d.contract or {}).get("findings", [])}
    cl = default_checklist()
    terms = blind_terms(*repo.blind_names(d)) if blind else []
    items = []
    for f in findings:
        dec = decisions.get(f.item)
        items.append({"item": f.item, "title": cl.item(f.item).title, "model_status": model.get(f.item, {}).get("status"),
                      "final_status": f.status, "deduction": f.deduction, "veto": f.veto,
                      "action": dec.action if dec else None, "reason": dec.reason if dec else "",
                      "pages": f.pages, "message": redact_text(f.message, terms)})
    return {"session": a.session.name, "file_name": d.file_name, "case_no": d.case_no,
            "case_kind": case_kind_name(d.case_kind), "firm": BLIND_MARK if blind else (d.firm.name if d.firm else ""),
            "lawyer": BLIND_MARK if blind else d.lawyer, "reviewer": a.reviewer.display_name, "status": a.status,
            "model_score": d.model_score, "model_grade": d.model_grade, "score": score, "grade": grade,
            "signature_name": a.signature_name, "signed_at": a.signed_at, "items": items}


def session_agreement(engine: Engine, session_id: int) -> dict:
    """Kappas (items pooled, per item, grades), model-vs-reviewer, disagreements with adjudications."""
    pairs, grades, ids = repo.session_pairs(engine, session_id)
    adj = repo.adjudications(engine, session_id)
    names = {d.id: d.file_name for d in repo.dossiers(engine, session_id=session_id)}
    model: dict[int, dict[str, str]] = {}
    reviewer: dict[int, dict[str, str]] = {}
    for a in repo.assignments(engine, session_id=session_id):
        if a.status != "submitted":
            continue
        model[a.id] = {f["item"]: f["status"] for f in (a.dossier.contract or {}).get("findings", [])}
        reviewer[a.id] = repo.final_statuses(engine, a.id)
    dis = []
    for x in agreement.disagreements(pairs):
        j = adj.get((x.dossier, x.item))
        dis.append({"dossier_id": x.dossier, "file_name": names.get(x.dossier, ""), "item": x.item,
                    "first": x.first, "second": x.second, "adjudicated": j.decided_status if j else None,
                    "adjudication_reason": j.reason if j else None})
    return {"dossiers": len(pairs), "items_kappa": agreement.overall_item_kappa(pairs),
            "per_item": agreement.item_kappas(pairs), "grade_kappa": agreement.grade_kappa(grades) if grades else None,
            "model": agreement.model_agreement(model, reviewer), "disagreements": dis, "pairs": ids}


def model_reviewer_confusion(engine: Engine) -> dict[str, dict[tuple[str, str], int]]:
    """Model status vs the reviewer's final status per item over every submitted review."""
    model, reviewer = {}, {}
    for a in repo.assignments(engine):
        if a.status == "submitted":
            model[a.id] = {f["item"]: f["status"] for f in (a.dossier.contract or {}).get("findings", [])}
            reviewer[a.id] = repo.final_statuses(engine, a.id)
    return agreement.status_confusion(model, reviewer)


def page_type_confusion(engine: Engine) -> dict[tuple[str, str], int]:
    """Reviewers' document-type corrections as (model type, corrected type) -> pages."""
    out: dict[tuple[str, str], int] = {}
    for c in repo.corrections(engine):
        cell = (c.old_type or "other", c.new_type or "other")
        out[cell] = out.get(cell, 0) + c.last_page - c.first_page + 1
    return out


def session_final_results(engine: Engine, session_id: int) -> list[dict]:
    """Per dossier of the session: its final score and grade after peer review and adjudication
    (store.final_grades), or 待裁决 while the reviewers disagree on an unruled item."""
    from store.final_grades import final_results

    ids = {d.id for d in repo.dossiers(engine, session_id=session_id)}
    out = []
    for r in final_results(engine):
        if r.dossier.id not in ids:
            continue
        out.append({"dossier_id": r.dossier.id, "file_name": r.dossier.file_name, "model_score": r.dossier.model_score,
                    "model_grade": r.dossier.model_grade, "score": r.score,
                    "grade": r.grade if r.grade_status == "final" else "待裁决" if r.grade_status == "pending" else "待复核",
                    "source": r.source})
    return sorted(out, key=lambda x: x["dossier_id"])


def session_summary_data(engine: Engine, session_id: int) -> dict:
    rs = repo.get_review_session(engine, session_id)
    rows = [{"dossier_id": a.dossier_id, "file_name": a.dossier.file_name, "case_no": a.dossier.case_no,
             "reviewer": a.reviewer.display_name, "status": "已提交" if a.status == "submitted" else "草稿",
             "model_score": a.dossier.model_score, "score": a.score, "grade": a.grade,
             "signed_at": a.signed_at.strftime("%Y-%m-%d %H:%M") if a.signed_at else None,
             "signature_name": a.signature_name} for a in repo.assignments(engine, session_id=session_id)]
    agr = session_agreement(engine, session_id)
    kappas = {"全部项目（合并）": agr["items_kappa"], "等级": agr["grade_kappa"], "模型-评查人": agr["model"]["kappa"]}
    kappas |= {f"项目 {k}": v for k, v in agr["per_item"].items()}
    extra = {"抽样比例": rs.sample_rate, "随机种子": rs.seed, "盲评": "是" if rs.blind else "否",
             **repo.session_progress(engine, session_id)}
    extra["双人均已提交的案卷数"] = agr["dossiers"]
    return {"session_name": rs.name, "assignments": rows, "kappas": kappas,
            "disagreements": agr["disagreements"], "extra": extra,
            "finals": session_final_results(engine, session_id)}


def problems_of(contract: dict) -> list[dict]:
    cl = default_checklist()
    out = []
    for f in contract.get("findings", []):
        if f.get("status") in ("fail", "uncertain"):
            out.append({"item": f["item"], "title": cl.item(f["item"]).title if f["item"] in cl.ids else "",
                        "pages": f.get("pages", []), "deduction": f.get("deduction", 0),
                        "veto": f.get("veto", False),
                        "message": (f.get("message") or "") + ("（待人工复核）" if f.get("status") == "uncertain" else "")})
    return out


def selfcheck_rows(engine: Engine, batch: str) -> list[dict]:
    """Rows of a self-check batch sorted by risk (veto, low score, many uncertain)."""
    rows = []
    for d in repo.dossiers(engine, batch=batch):
        c = d.contract or {}
        findings = c.get("findings", [])
        rows.append({"id": d.id, "file_name": d.file_name, "firm": d.firm.name if d.firm else "未指定",
                     "case_no": d.case_no, "lawyer": d.lawyer, "status": d.status, "error": d.error,
                     "veto": bool(c.get("veto")) or any(f.get("veto") and f.get("status") == "fail" for f in findings),
                     "score": c.get("score"), "grade": c.get("grade"),
                     "fails": sum(f.get("status") == "fail" for f in findings),
                     "uncertain": sum(f.get("status") == "uncertain" for f in findings),
                     "_key": risk_key(c) if d.status == "reviewed" else (-1, 0, 0)})
    rows.sort(key=lambda r: r["_key"])
    return rows


def reminders_by_firm(engine: Engine, batch: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for d in repo.dossiers(engine, batch=batch):
        if d.status != "reviewed":
            continue
        c = d.contract or {}
        probs = problems_of(c)
        if probs:
            out[d.firm.name if d.firm else "未指定律师事务所"].append(
                {"file_name": d.file_name, "case_no": d.case_no, "lawyer": d.lawyer, "score": c.get("score"),
                 "grade": c.get("grade"), "problems": probs})
    return dict(out)
