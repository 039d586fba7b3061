"""What the trainer sees and exports: every decision and adjudication next to the model's
finding, the overrides, and corrected pages as training rows, with the case's names replaced."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.engine import Engine

from store.corrections import corrections
from store.dbsession import session
from store.dossier_rows import get_dossier
from store.orm import Adjudication, Assignment, Decision, DossierRow


def decision_log(engine: Engine) -> list[dict]:
    """Every reviewer decision (accepts included) and every adjudication, oldest first, with the
    model's status for the item: what a trainer needs to see where model and people disagree.
    Reasons are depersonalised (the log is exported)."""
    out = []
    with session(engine) as s:
        rows = s.execute(select(Decision, Assignment).join(Assignment, Decision.assignment_id == Assignment.id)
                         .order_by(Decision.id)).unique()
        for dec, a in rows:
            contract = a.dossier.contract or {}
            model = next((f for f in contract.get("findings", []) if f["item"] == dec.item_id), {})
            out.append({"kind": "decision", "session_id": a.session_id, "dossier_id": a.dossier_id,
                        "file_name": a.dossier.file_name, "item": dec.item_id, "action": dec.action,
                        "new_status": dec.new_status, "points": dec.points,
                        "reason": depersonalise(dec.reason or "", contract), "model_status": model.get("status"),
                        "model_confidence": model.get("confidence"), "reviewer_id": a.reviewer_id,
                        "at": dec.created_at.isoformat() if dec.created_at else None})
        for adj in s.scalars(select(Adjudication).order_by(Adjudication.id)):
            d = s.get(DossierRow, adj.dossier_id)
            contract = (d.contract if d else None) or {}
            model = next((f for f in contract.get("findings", []) if f["item"] == adj.item_id), {})
            out.append({"kind": "adjudication", "session_id": adj.session_id, "dossier_id": adj.dossier_id,
                        "file_name": d.file_name if d else "", "item": adj.item_id, "action": "adjudicate",
                        "new_status": adj.decided_status, "points": None,
                        "reason": depersonalise(adj.reason or "", contract), "model_status": model.get("status"),
                        "model_confidence": model.get("confidence"), "reviewer_id": adj.user_id,
                        "at": adj.created_at.isoformat() if adj.created_at else None})
    return out


def overrides(engine: Engine) -> list[dict]:
    """Every override / added deduction with its dossier and the model finding (trainer view)."""
    out = []
    with session(engine) as s:
        rows = s.execute(select(Decision, Assignment).join(Assignment, Decision.assignment_id == Assignment.id)
                         .where(Decision.action.in_(("override", "add_deduction"))).order_by(Decision.id)).unique()
        for dec, a in rows:
            model = next((f for f in (a.dossier.contract or {}).get("findings", []) if f["item"] == dec.item_id), {})
            out.append({"decision_id": dec.id, "dossier_id": a.dossier_id, "file_name": a.dossier.file_name,
                        "file_path": a.dossier.file_path, "item": dec.item_id, "action": dec.action,
                        "new_status": dec.new_status, "points": dec.points, "reason": dec.reason,
                        "model_status": model.get("status"), "model_confidence": model.get("confidence"),
                        "model_message": model.get("message", ""), "pages": model.get("pages", []),
                        "evidence": model.get("evidence", []), "reviewer": a.reviewer.display_name,
                        "at": dec.created_at})
    return out


def _people_named(contract: dict | None) -> dict[str, str]:
    """Names the contract knows (client, lawyer, firm) -> the placeholder that replaces them."""
    case = (contract or {}).get("case") or {}
    out = {}
    for key, placeholder in (("client", "〔受援人〕"), ("lawyer", "〔承办律师〕"), ("firm", "〔律师事务所〕")):
        name = str(case.get(key) or "").strip()
        if len(name) >= 2:
            out[name] = placeholder
    return out


def depersonalise(text: str, contract: dict | None) -> str:
    """Text that leaves the system (training data, exports): the case's names replaced by their
    role, ID numbers, phones and addresses masked (store.masking)."""
    from store.masking import mask_text

    for name, placeholder in sorted(_people_named(contract).items(), key=lambda kv: -len(kv[0])):
        text = text.replace(name, placeholder)
    return mask_text(text)


def correction_training_rows(engine: Engine, page_text: Callable[[str, int], str]) -> list[dict]:
    """One training row per corrected page: {text, label, start, source} (page_text(path, page)).
    The text is depersonalised: it leaves the system."""
    rows = []
    for c in corrections(engine):
        d = get_dossier(engine, c.dossier_id)
        for p in range(c.first_page, c.last_page + 1):
            if d.pages and p > d.pages:
                break
            rows.append({"text": depersonalise(page_text(d.file_path, p), d.contract), "label": c.new_type,
                         "start": p == c.first_page,
                         "source": f"{d.file_name}#page={p}", "old_label": c.old_type,
                         "dossier_sha256": d.sha256, "correction_id": c.id})
    return rows
