"""Decide which documents a dossier holds, with their dates and follow-up data.

Output is the list of Doc skeletons in the prescribed binding order (before any
MD removal or BD reordering); text is written later by templates.
"""
from __future__ import annotations

import random
from datetime import timedelta

from .case import Case, person_name
from .checklist import BINDING_ORDER
from .templates.common import Doc
from .templates.followups import REMINDER_POINTS
from .templates.requests import VALID_KINDS
from .timeline import Timeline


def order_key(kind: str, doc: Doc) -> int:
    """Position in the prescribed order; court requests (`other`) sit just before
    the first of defense_opinion/hearing_record."""
    order = BINDING_ORDER[kind]
    if doc.type == "other":
        return min(order.index(t) for t in ("defense_opinion", "hearing_record") if t in order) * 10 - 5
    return order.index(doc.type) * 10


def plan_documents(rng: random.Random, c: Case, tl: Timeline, removed: set[str], opts: dict) -> list[Doc]:
    """opts: n_meetings, post_meeting, callback_mode, reminder (None|'full'|'no_reply'|'partial_reply'),
    court_request (None|'answered'|'unanswered'), n_answered (answered client requests)."""
    docs: list[Doc] = []
    _add(docs, "cover", tl.filing)
    _add(docs, "toc", tl.filing)
    _plan_intake(rng, c, tl, docs)
    _plan_case_work(rng, c, tl, docs)
    if opts.get("court_request"):
        _plan_court_request(rng, c, tl, docs, opts["court_request"])
    _plan_conclusion(rng, c, tl, docs, opts)
    docs = [d for d in docs if d.type not in removed]
    docs.sort(key=lambda d: (order_key(c.kind, d), d.date or tl.start, d.key))
    _plan_answered_requests(rng, c, docs, opts.get("n_answered", 0))
    _plan_court_answer(rng, c, docs)
    return docs


def _add(docs: list[Doc], t: str, d, **data) -> Doc:
    """Append a skeleton of type t; its key numbers the documents of that type from 1."""
    doc = Doc(t, f"{t}#{sum(1 for x in docs if x.type == t) + 1}", d, dict(data))
    docs.append(doc)
    return doc


def _plan_intake(rng: random.Random, c: Case, tl: Timeline, docs: list[Doc]) -> None:
    """Application or court notice, approval, assignment and the lawyer's credentials."""
    k = c.kind
    if c.appointed:
        _add(docs, "court_notice", tl.start)
        _add(docs, "identity", tl.start)
    else:
        _add(docs, "application", tl.start)
        _add(docs, "identity", tl.start)
        if not c.means_exempt:
            _add(docs, "financial_status", tl.start)
    if rng.random() < (0.85 if not c.appointed else 0.6):
        _add(docs, "approval", tl.approval)
    if not c.appointed:
        _add(docs, "decision", tl.decision)
    _add(docs, "assignment", tl.assignment)
    if k != "non_litigation" and (c.appointed or rng.random() < 0.75):
        _add(docs, "aid_letter", tl.aid_letter)
    if k != "non_litigation" and rng.random() < 0.7:
        _add(docs, "rights_notice", tl.rights)
    if not c.appointed:
        _add(docs, "power_of_attorney", tl.poa)


def _plan_case_work(rng: random.Random, c: Case, tl: Timeline, docs: list[Doc]) -> None:
    """Meetings, file review, investigation, pleadings and evidence."""
    k = c.kind
    for i, d in enumerate(tl.meetings):
        _add(docs, "meeting_record", d, index=i + 1, witness=person_name(rng))
    if tl.post_meeting:
        _add(docs, "meeting_record", tl.post_meeting, index=len(tl.meetings) + 1, post=True, witness=person_name(rng))
    if c.file_review:
        _add(docs, "file_review_record", tl.file_review)
    if rng.random() < 0.3:
        _add(docs, "investigation", tl.investigation)
    if k == "criminal_defense":
        if c.stage == "trial" and rng.random() < 0.9 or c.outcome == "indictment":
            _add(docs, "pleading", tl.pleading if c.stage == "trial" else tl.outcome)
        if c.pleaded_guilty:
            _add(docs, "plea_agreement", tl.plea)
        if rng.random() < 0.2:
            _add(docs, "collective_discussion", tl.collective)
    elif k != "non_litigation" and rng.random() < 0.9:
        _add(docs, "pleading", tl.pleading)
    if k in ("civil", "arbitration", "administrative", "criminal_agency", "non_litigation") and rng.random() < 0.7:
        _add(docs, "evidence", tl.pleading if k != "non_litigation" else tl.investigation)
        for _ in range(rng.choice([0, 1, 1, 2])):
            _add(docs, "evidence", tl.pleading if k != "non_litigation" else tl.investigation, copy=True)


def _plan_court_request(rng: random.Random, c: Case, tl: Timeline, docs: list[Doc], mode: str) -> None:
    """A court's request to the lawyer ('other'), answered or left unanswered per mode."""
    req = "materials" if mode == "unanswered" else rng.choice(
        ["materials", "opinion"] + (["appear"] if c.had_hearing else []))
    _add(docs, "other", tl.court_request, req=req, deadline=tl.court_request + timedelta(days=rng.randint(7, 15)),
         answered=mode == "answered")


def _plan_conclusion(rng: random.Random, c: Case, tl: Timeline, docs: list[Doc], opts: dict) -> None:
    """Opinion, hearing, outcome, closing, callback, supervision reminder and the backup sheet."""
    k = c.kind
    if k != "non_litigation":
        _add(docs, "defense_opinion", tl.opinion)
    if c.had_hearing:
        _add(docs, "hearing_record", tl.hearing)
    if c.outcome_doc:
        _add(docs, "judgment", tl.outcome)
    _add(docs, "closing_report", tl.closing_report)
    if k != "non_litigation" and c.organ.endswith(("法院", "委员会")) and rng.random() < 0.35:
        _add(docs, "opinion_form", tl.opinion_form)
    _add(docs, "callback_record", tl.callback, mode=opts.get("callback_mode", "reached"))
    if opts.get("reminder"):
        pts = sorted(rng.sample(range(len(REMINDER_POINTS)), rng.randint(2, 4)))
        _add(docs, "reminder_letter", tl.reminder, points=pts)
        if opts["reminder"] == "full":
            _add(docs, "rectification_reply", tl.reply, points=pts)
        elif opts["reminder"] == "partial_reply":
            drop = rng.choice(pts)
            _add(docs, "rectification_reply", tl.reply, points=[p for p in pts if p != drop], dropped=drop)
    _add(docs, "backup_sheet", tl.filing)


def _plan_answered_requests(rng: random.Random, c: Case, docs: list[Doc], n: int) -> None:
    """Put n client requests in meeting records, each answered by a later document."""
    meetings = [d for d in docs if d.type == "meeting_record"]
    hosts_types = ("meeting_record", "closing_report", "defense_opinion", "investigation", "hearing_record")
    used: set[str] = set()
    for _ in range(n):
        if not meetings:
            return
        m = rng.choice(meetings)
        kinds = [k for k in VALID_KINDS[c.kind] if k not in used and (k == "appeal") == bool(m.data.get("post"))]
        if not kinds:
            continue
        kind = rng.choice(kinds)
        pos = docs.index(m)
        hosts = [d for d in docs if d.type in hosts_types and d is not m and d.date and d.date >= m.date
                 and docs.index(d) > pos and not (d.type == "meeting_record" and d.data.get("post") and kind != "appeal")]
        if kind not in ("evidence", "witness", "appraisal") or c.kind == "non_litigation":
            hosts = [d for d in hosts if d.type != "investigation"]
        if kind == "appeal":  # a hearing of this instance cannot act on an appeal
            hosts = [d for d in hosts if d.type != "hearing_record"]
        if not hosts:
            continue
        host = rng.choice(hosts)
        used.add(kind)
        m.data.setdefault("requests", []).append(kind)
        when = max(m.date, host.date - timedelta(days=rng.randint(0, max(0, (host.date - m.date).days))))
        host.data.setdefault("answers", []).append((kind, when))


def _plan_court_answer(rng: random.Random, c: Case, docs: list[Doc]) -> None:
    from .templates.followups import court_answer
    from .phrasing import Phraser, fmt_date
    for d in docs:
        if d.type == "other" and d.data.get("answered"):
            later = [x for x in docs if x.type == "closing_report"]
            if later:
                ph = Phraser(rng, c.family)
                later[0].data.setdefault("court_answers", []).append(
                    court_answer(ph, c, d.data["req"], fmt_date(d.data["deadline"] - timedelta(days=rng.randint(1, 5)), "ymd")))
