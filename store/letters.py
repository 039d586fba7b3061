"""The monthly 提醒函 loop in the database: issue a month's letters per firm (numbers kept on
re-runs), record the firm's reply per point, list open points and overdue replies."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from store.letter_rules import LetterRules, days_overdue, is_open, load_letter_rules, point_state
from store import repo
from store.final_grades import FinalResult, final_results, latest_by_file
from store.orm import Letter, LetterPoint, utcnow
from store.reporting_period import Period
from review.checklist import default_checklist


class NothingToIssue(ValueError):
    """No dossier of the month has a failed item (message in Chinese and English)."""


@dataclass(frozen=True)
class PointView:
    point: LetterPoint
    letter: Letter
    state: str | None          # reply kind, 'rereview', or None
    open: bool
    label: str                 # Chinese state for the console


def month_results(engine: Engine, month: Period, center_id: int | None = None) -> list[FinalResult]:
    """The month's quality-checked dossiers (latest review of each file) that have a firm, of one
    center's firms when ``center_id`` is given."""
    return [r for r in latest_by_file(final_results(engine))
            if r.reviewed_on in month and r.dossier.firm_id is not None
            and center_id in (None, r.dossier.center_id)]


def issue_month_letters(engine: Engine, month: Period, center: str | None = None, today: date | None = None,
                        rules: LetterRules | None = None, center_id: int | None = None) -> list[Letter]:
    """One letter per firm with every failed item of the month's dossiers. A firm's letter of a
    month keeps its number, date and replies when re-run; points found since are added to it."""
    rules = rules or load_letter_rules()
    today = today or date.today()
    cl = default_checklist()
    failed: dict[int, list[tuple[FinalResult, dict]]] = defaultdict(list)
    for r in month_results(engine, month, center_id):
        for f in r.findings:
            if f.get("status") == "fail":
                failed[r.dossier.firm_id].append((r, f))
    if not failed:
        raise NothingToIssue(f"{month.zh}没有评查不符合的项目，无需出具提醒函 / "
                             f"no failed items in {month.label}: no letters to issue")
    with repo.session(engine) as s, s.begin():
        existing = {x.firm_id: x for x in s.scalars(select(Letter).where(Letter.month == month.label))}
        seq = s.scalar(select(func.max(Letter.seq)).where(Letter.month == month.label)) or 0
        names = {u.id: u.name for u in repo.units(engine, "firm")}
        for firm_id in sorted(failed, key=lambda i: names.get(i, "")):
            letter = existing.get(firm_id)
            if letter is None:
                seq += 1
                letter = Letter(firm_id=firm_id, month=month.label, seq=seq,
                                number=rules.number(month.start.year, month.start.month, seq),
                                center_name=center or rules.center, issued_on=today, due_on=rules.due(today))
                s.add(letter)
                s.flush()
            have = {(p.dossier_id, p.item_id) for p in s.scalars(select(LetterPoint)
                                                                 .where(LetterPoint.letter_id == letter.id))}
            for r, f in failed[firm_id]:
                if (r.dossier.id, f["item"]) in have:
                    continue
                s.add(LetterPoint(letter_id=letter.id, dossier_id=r.dossier.id, item_id=f["item"],
                                  title=cl.item(f["item"]).title if f["item"] in cl.ids else "",
                                  message=f.get("message") or "", pages=list(f.get("pages") or []),
                                  deduction=float(f.get("deduction") or 0), veto=bool(f.get("veto"))))
    return [x for x in letters(engine, month=month.label) if x.firm_id in failed]


def letters(engine: Engine, month: str | None = None, firm_id: int | None = None,
            center_id: int | None = None) -> list[Letter]:
    """Letters in month and number order (of one firm, or of one center's firms)."""
    with repo.session(engine) as s:
        q = select(Letter).order_by(Letter.month, Letter.seq)
        if month:
            q = q.where(Letter.month == month)
        if firm_id is not None:
            q = q.where(Letter.firm_id == firm_id)
        return [x for x in s.scalars(q).unique() if center_id in (None, x.firm.center_id)]


def points(engine: Engine, letter_id: int) -> list[LetterPoint]:
    with repo.session(engine) as s:
        return list(s.scalars(select(LetterPoint).where(LetterPoint.letter_id == letter_id)
                              .order_by(LetterPoint.dossier_id, LetterPoint.id)).unique())


def record_reply(engine: Engine, point_id: int, reply: str, note: str = "", user_id: int | None = None,
                 file_name: str | None = None, data: bytes | None = None,
                 rules: LetterRules | None = None) -> LetterPoint:
    """The firm's written answer to one point; an uploaded reply file is kept under the data dir.
    Explaining or disputing needs the firm's reasons in the note."""
    rules = rules or load_letter_rules()
    if reply not in rules.replies:
        raise ValueError(f"回复类型须为：{'、'.join(rules.replies.values())}")
    note = (note or "").strip()
    if reply != "rectified" and not note and not data:
        raise ValueError(f"「{rules.replies[reply]}」须填写说明或上传回复函")
    stored = str(repo.store_upload(file_name or "回复函", data)) if data else None
    with repo.session(engine) as s, s.begin():
        p = s.get(LetterPoint, point_id)
        if p is None:
            raise KeyError(point_id)
        p.reply, p.reply_note, p.replied_at, p.replied_by_id = reply, note, utcnow(), user_id
        if stored:
            p.reply_file = stored
    return p


def _later_status(results: list[FinalResult], point: LetterPoint) -> str | None:
    """The item's status in the latest review of the same case after the reviewed dossier."""
    mine = next((r for r in results if r.dossier.id == point.dossier_id), None)
    if mine is None:
        return None
    later = [r for r in results if r.case_key == mine.case_key and r.dossier.id != mine.dossier.id
             and (r.reviewed_at, r.dossier.id) > (mine.reviewed_at, mine.dossier.id)]
    if not later:
        return None
    return max(later, key=lambda r: (r.reviewed_at, r.dossier.id)).status_of(point.item_id) or "pass"


def point_views(engine: Engine, month: str | None = None, firm_id: int | None = None,
                rules: LetterRules | None = None, center_id: int | None = None) -> list[PointView]:
    """Every point with its state: the reply, or rectified by a later review that no longer fails it."""
    rules = rules or load_letter_rules()
    results = final_results(engine)
    out = []
    for letter in letters(engine, month, firm_id, center_id):
        for p in points(engine, letter.id):
            state = point_state(p.reply, _later_status(results, p))
            out.append(PointView(p, letter, state, is_open(state, rules), rules.label(state)))
    return out


def rectified_dossiers(engine: Engine, rules: LetterRules | None = None) -> set[int]:
    """Dossiers whose every letter point is closed as rectified (reply or re-review)."""
    by_dossier: dict[int, list[PointView]] = defaultdict(list)
    for v in point_views(engine, rules=rules):
        by_dossier[v.point.dossier_id].append(v)
    return {d for d, vs in by_dossier.items() if all(v.state in ("rectified", "rereview") for v in vs)}


@dataclass(frozen=True)
class Overdue:
    letter: Letter
    unanswered: int
    days: int


def overdue_letters(engine: Engine, today: date | None = None, rules: LetterRules | None = None,
                    center_id: int | None = None) -> list[Overdue]:
    """Letters past their reply deadline with points the firm has not answered, longest overdue first."""
    rules = rules or load_letter_rules()
    today = today or date.today()
    per_letter: dict[int, list[PointView]] = defaultdict(list)
    for v in point_views(engine, rules=rules, center_id=center_id):
        per_letter[v.letter.id].append(v)
    out = []
    for vs in per_letter.values():
        letter = vs[0].letter
        unanswered = sum(v.state is None for v in vs)
        days = days_overdue(letter.issued_on, unanswered, today, rules)
        if days:
            out.append(Overdue(letter, unanswered, days))
    return sorted(out, key=lambda o: (-o.days, o.letter.number))


def letter_content(engine: Engine, letter: Letter) -> list[dict]:
    """The letter's points grouped per dossier, in the shape reminder_letter_docx takes."""
    results = {r.dossier.id: r for r in final_results(engine)}
    grouped: dict[int, list[LetterPoint]] = defaultdict(list)
    for p in points(engine, letter.id):
        grouped[p.dossier_id].append(p)
    out = []
    for dossier_id, ps in grouped.items():
        d, r = ps[0].dossier, results.get(dossier_id)
        out.append({"file_name": d.file_name, "case_no": d.case_no, "lawyer": d.lawyer,
                    "score": r.score if r and r.score is not None else "—",
                    "grade": (r.grade if r else None) or "待裁决",
                    "problems": [{"item": p.item_id, "title": p.title, "pages": p.pages or [],
                                  "message": p.message, "deduction": p.deduction, "veto": p.veto} for p in ps]})
    return out
