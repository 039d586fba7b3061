"""Repository functions: every write is its own committed transaction, so a closed
browser or a restarted app loses nothing that was clicked."""
from __future__ import annotations

import hashlib
import json
import os
import re
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Iterable

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ingest.pipeline import file_sha256
from store.passwords import hash_password, needs_rehash, verify_password
from store.orm import (ACTIONS, ROLES, Adjudication, Assignment, Decision, Dossier,
                                       DocumentCorrection, LoginEvent, ReviewSession, Unit, User, utcnow)
from store.sessions import (DossierRef, ItemDecision, ReviewerRef, assign_reviewers, default_checklist,
                             draw_sample, rescore)



def _now() -> datetime:
    return datetime.now(timezone.utc)


def session(engine: Engine) -> Session:
    return Session(engine, expire_on_commit=False)


# --- passwords and users ----------------------------------------------------------------------

def create_unit(engine: Engine, name: str, kind: str, center_id: int | None = None) -> Unit:
    if kind not in ("center", "firm"):
        raise ValueError(kind)
    with session(engine) as s, s.begin():
        unit = Unit(name=name, kind=kind, center_id=center_id)
        s.add(unit)
    return unit


def create_user(engine: Engine, username: str, password: str, role: str, display_name: str = "",
                unit_id: int | None = None, must_change_password: bool = False) -> User:
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    with session(engine) as s, s.begin():
        user = User(username=username, display_name=display_name or username, role=role, unit_id=unit_id,
                    password_hash=hash_password(password), must_change_password=must_change_password)
        s.add(user)
    return get_user(engine, user.id)


def get_user(engine: Engine, user_id: int) -> User | None:
    with session(engine) as s:
        return s.get(User, user_id)


MAX_FAILED_LOGINS = 5         # failed attempts in the window that lock an account
LOCKOUT_MINUTES = 15          # the window, and how long the lock lasts after the last failure


class LoginLocked(ValueError):
    """Too many failed attempts for this user name: even the right password is refused for now."""


def authenticate(engine: Engine, username: str, password: str) -> User | None:
    """The user for a right password; every attempt is recorded (login_events). After
    MAX_FAILED_LOGINS failures within LOCKOUT_MINUTES the name is locked (LoginLocked), so a
    password cannot be guessed by trying quickly."""
    name = username.strip()
    now = utcnow()
    since = now - timedelta(minutes=LOCKOUT_MINUTES)
    wait = 0
    with session(engine) as s, s.begin():
        failed = list(s.scalars(select(LoginEvent.at).where(
            LoginEvent.username == name, LoginEvent.ok.is_(False), LoginEvent.at >= since)))
        user, ok = None, False
        if len(failed) >= MAX_FAILED_LOGINS:
            last = max(_aware(t) for t in failed)
            wait = max(1, int((last + timedelta(minutes=LOCKOUT_MINUTES) - now).total_seconds() // 60) + 1)
        else:
            user = s.scalar(select(User).where(User.username == name))
            ok = user is not None and user.active and verify_password(password, user.password_hash)
            if ok and needs_rehash(user.password_hash):  # scrypt of an earlier release -> argon2id
                user.password_hash = hash_password(password)
        s.add(LoginEvent(username=name, ok=ok, at=now))  # the refused attempt is logged too
    if wait:
        raise LoginLocked(f"登录失败次数过多，该账号已暂时锁定，请约 {wait} 分钟后再试")
    return user if ok else None


def _aware(t: datetime) -> datetime:
    """SQLite returns naive datetimes for timezone-aware columns: they are UTC."""
    return t if t.tzinfo is not None else t.replace(tzinfo=timezone.utc)


def login_events(engine: Engine, username: str | None = None) -> list[LoginEvent]:
    """The login audit trail, newest first."""
    with session(engine) as s:
        q = select(LoginEvent).order_by(LoginEvent.id.desc())
        if username is not None:
            q = q.where(LoginEvent.username == username)
        return list(s.scalars(q))


def units(engine: Engine, kind: str | None = None) -> list[Unit]:
    with session(engine) as s:
        q = select(Unit).order_by(Unit.id)
        if kind:
            q = q.where(Unit.kind == kind)
        return list(s.scalars(q))


def users(engine: Engine, role: str | None = None) -> list[User]:
    with session(engine) as s:
        q = select(User).order_by(User.id)
        if role:
            q = q.where(User.role == role)
        return list(s.scalars(q).unique())


def is_empty(engine: Engine) -> bool:
    """No account and no stored dossier: the only database the demo may be seeded into."""
    with session(engine) as s:
        return not s.scalar(select(func.count(User.id))) and not s.scalar(select(func.count(Dossier.id)))


def has_accounts(engine: Engine) -> bool:
    with session(engine) as s:
        return bool(s.scalar(select(func.count(User.id))))


# --- dossiers ---------------------------------------------------------------------------------

def data_dir() -> Path:
    d = Path(os.environ.get("JUANPING_DATA_DIR") or "data") / "dossiers"
    d.mkdir(parents=True, exist_ok=True)
    return d


def store_upload(name: str, data: bytes) -> Path:
    """Keep an uploaded PDF under the data dir (content-addressed) and return its path."""
    sha = hashlib.sha256(data).hexdigest()
    out = data_dir() / f"{sha[:16]}_{Path(name).name}"
    if not out.exists():
        out.write_bytes(data)
    return out


_STORED_PREFIX = re.compile(r"^[0-9a-f]{16}_")


def human_name(path: Path | str) -> str:
    """The name a user gave the file: the store's content-hash prefix removed (store_upload)."""
    return _STORED_PREFIX.sub("", Path(path).name)


def contract_columns(contract: dict | None) -> dict:
    """The dossier columns a contract fills (case fields, pages, model score and grade, the JSON
    itself): one mapping for the console's import, the CLI store and the review API."""
    c = contract or {}
    case = c.get("case") or {}
    return dict(lawyer=case.get("lawyer"), client=case.get("client"), case_no=case.get("case_no"),
                case_kind=case.get("case_kind"), pages=int(c.get("pages") or 0),
                model_score=c.get("score"), model_grade=c.get("grade"),
                contract=json.loads(json.dumps(contract, ensure_ascii=False)) if contract else None)


def add_dossier(engine: Engine, path: Path | str, contract: dict | None, *, firm_id: int | None = None,
                center_id: int | None = None, session_id: int | None = None, batch: str | None = None,
                model_version: str | None = None, error: str | None = None) -> Dossier:
    path = Path(path)
    with session(engine) as s, s.begin():
        d = Dossier(file_name=human_name(path), file_path=str(path.resolve()),
                    sha256=file_sha256(path) if path.is_file() else hashlib.sha256(str(path).encode()).hexdigest(),
                    firm_id=firm_id, center_id=center_id, session_id=session_id, batch=batch,
                    model_version=model_version, status="failed" if error else "reviewed", error=error,
                    **contract_columns(contract))
        s.add(d)
    return get_dossier(engine, d.id)


def _rows(engine: Engine, model, **equal) -> list:
    """Rows of `model` in id order, filtered by column == value for every value that is not None."""
    with session(engine) as s:
        q = select(model).order_by(model.id)
        for column, value in equal.items():
            if value is not None:
                q = q.where(getattr(model, column) == value)
        return list(s.scalars(q).unique())


def get_dossier(engine: Engine, dossier_id: int) -> Dossier | None:
    with session(engine) as s:
        return s.get(Dossier, dossier_id)


def dossiers(engine: Engine, *, session_id: int | None = None, batch: str | None = None,
             sampled: bool | None = None) -> list[Dossier]:
    return _rows(engine, Dossier, session_id=session_id, batch=batch, sampled=sampled)


def batches(engine: Engine) -> list[str]:
    with session(engine) as s:
        return [b for b in s.scalars(select(Dossier.batch).where(Dossier.batch.is_not(None)).distinct()
                                     .order_by(Dossier.batch))]


# --- sessions, sample, assignment ---------------------------------------------------------------

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
        pool = list(s.scalars(select(Dossier).where(Dossier.session_id == session_id,
                                                    Dossier.status == "reviewed")).unique())
        refs = [DossierRef(d.id, d.center_id, d.firm_id, d.sha256) for d in pool]
        chosen = set(draw_sample(refs, rs.sample_rate, rs.seed)) if refs else set()
        for d in pool:
            d.sampled = d.id in chosen
    return sorted(chosen)


def assign_session(engine: Engine, session_id: int, per_dossier: int = 2) -> list[Assignment]:
    """Create assignments for sampled dossiers that have none yet (two reviewers from other units)."""
    with session(engine) as s, s.begin():
        rs = s.get(ReviewSession, session_id)
        sampled = list(s.scalars(select(Dossier).where(Dossier.session_id == session_id,
                                                       Dossier.sampled.is_(True))).unique())
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


def _named_in(d: Dossier) -> frozenset[str]:
    """The firm and lawyer the dossier's own review read (contract ``case``)."""
    case = (d.contract or {}).get("case") or {}
    return frozenset(str(v) for v in (case.get("firm"), case.get("lawyer")) if v)


def blind_names(d: Dossier) -> tuple[str, ...]:
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
    return _rows(engine, Assignment, reviewer_id=reviewer_id, session_id=session_id, dossier_id=dossier_id)


def get_assignment(engine: Engine, assignment_id: int) -> Assignment | None:
    with session(engine) as s:
        return s.get(Assignment, assignment_id)


# --- decisions --------------------------------------------------------------------------------

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
        a.score, a.grade, a.updated_at = score, grade, _now()
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
    with session(engine) as s:
        q = select(Decision).order_by(Decision.id)
        if assignment_id is not None:
            q = q.where(Decision.assignment_id == assignment_id)
        return list(s.scalars(q))


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
        a.signed_at = a.updated_at = _now()
    return get_assignment(engine, assignment_id)


# --- corrections and adjudication ---------------------------------------------------------------

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
    with session(engine) as s:
        q = select(DocumentCorrection).order_by(DocumentCorrection.id)
        if dossier_id is not None:
            q = q.where(DocumentCorrection.dossier_id == dossier_id)
        return list(s.scalars(q))


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


# --- session analytics ------------------------------------------------------------------------

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
            d = s.get(Dossier, adj.dossier_id)
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
