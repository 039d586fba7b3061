"""FU-02 and FU-04: requests made to the lawyer in writing have a later reply.

FU-02: a reminder letter or rectification notice from the center is answered
point by point; FU-04: a court's or another organ's request (补充材料, 出庭通知,
书面意见) has a recorded response. Every vocabulary lives in the item's
``params`` (review/checks/schemas.py).
"""
from __future__ import annotations

import re
from typing import cast

from ingest.datamodel import Document, Dossier
from ingest.doctypes import type_name
from review.checklist import ChecklistItem
from review.checks.later import flat_texts, is_later, later_texts
from review.checks.registry import check
from review.checks.schemas import OrganRequestParams, ReminderParams
from review.checks.text import bigrams, count_points, flat, page_of, split_points, unreadable_pages
from review.checks.titles import documents_headed_as
from review.confidence import level
from review.messages import message
from review.context import CheckContext
from review.findings import Evidence, Finding


# ------------------------------------------------------------------ FU-02
def _points_replied(letter_text: str, reply_text: str, n: int, p: ReminderParams) -> int:
    """How many of the letter's ``n`` points the reply answers: its own numbered points, or the
    letter's points whose content the reply shares (``reply_overlap`` of their bigrams)."""
    patterns = list(p["point_patterns"])
    m = count_points(reply_text, patterns)
    if m < n:
        need = float(p["reply_overlap"])
        reply_grams = bigrams(reply_text)
        covered = sum(1 for pt in split_points(letter_text, patterns)
                      if bigrams(pt) and len(bigrams(pt) & reply_grams) / len(bigrams(pt)) >= need)
        m = max(m, covered)
    return m


@check("reminders_answered", params=ReminderParams)
def reminders_answered(dossier: Dossier, item: ChecklistItem, ctx: CheckContext) -> Finding:
    """FU-02: every reminder letter / rectification notice has a later reply covering each point."""
    p = cast(ReminderParams, dict(item.params))
    rule = f"rule:{item.id}"
    letters = dossier.documents_of(*p["letter_types"])
    if not letters:
        return Finding(item.id, "not_applicable", level("source_absent"), message=message("replies.no_letter"), decided_by=rule)
    replies = dossier.documents_of(*p["reply_types"])
    used: set[int] = set()
    problems: list[tuple[Document, str]] = []
    for letter in letters:
        reply = next((r for r in replies if id(r) not in used and is_later(ctx, letter, r)), None)
        text = dossier.text_of(letter)
        n = max(1, count_points(text, list(p["point_patterns"])))
        if reply is None:
            problems.append((letter, message("replies.no_reply", page=letter.first_page, type=type_name(letter.type),
                                             points=n)))
            continue
        used.add(id(reply))
        m = _points_replied(text, dossier.text_of(reply), n, p)
        if m < n:
            problems.append((letter, message("replies.partly_replied", page=letter.first_page,
                                             type=type_name(letter.type), points=n,
                                             reply_page=reply.first_page, replied=m)))
    hidden = [i for i in unreadable_pages(dossier) if any(i >= d.first_page for d, _ in problems)]
    if problems and hidden:  # the letter, or a reply after it, may be on a page we cannot read
        return Finding(item.id, "uncertain", level("unreadable_may_hide"),
                       pages=[d.first_page for d, _ in problems] + hidden,
                       message="；".join(m for _, m in problems) + message("replies.unreadable",
                                                                             pages="、".join(map(str, hidden[:10]))),
                       evidence=[Evidence(d.first_page, m, d.type) for d, m in problems], decided_by=rule)
    if problems:
        return Finding(item.id, "fail", level("rule_fail"), pages=[d.first_page for d, _ in problems],
                       message="；".join(m for _, m in problems),
                       evidence=[Evidence(d.first_page, m, d.type) for d, m in problems],
                       occurrences=len(problems), decided_by=rule)
    return Finding(item.id, "pass", level("rule_pass"), pages=[d.first_page for d in letters],
                   message=message("replies.all_replied"), decided_by=rule)


# ------------------------------------------------------------------ FU-04
def _organ_requests(dossier: Dossier, p: OrganRequestParams) -> list[tuple[Document, str, str]]:
    """(document, kind, cue) of every request kind a court/organ document names."""
    requests: list[tuple[Document, str, str]] = []
    for doc in dossier.documents_of(*p["source_types"]):
        text = flat(dossier.text_of(doc))
        for kind, spec in p["request_kinds"].items():
            cue = next((w for w in spec["request"] if w in text), None)
            if cue:
                requests.append((doc, kind, cue))
    return requests


def _unanswered_organ_requests(dossier: Dossier, ctx: CheckContext, p: OrganRequestParams,
                               requests: list[tuple[Document, str, str]]) -> list[tuple[Document, str, str]]:
    """The requests no later document answers (``answer`` regexes) and no answering type settles."""
    kinds = p["request_kinds"]
    exclude = set(p["non_answer_types"])
    open_: list[tuple[Document, str, str]] = []
    texts = flat_texts(dossier)
    for doc, kind, cue in requests:
        spec = kinds[kind]
        same_kind = tuple(d for d, k, _ in requests if k == kind)
        later = later_texts(dossier, ctx, doc, exclude, texts, same_kind)
        by_words = any(re.search(w, t) for _, t in later for w in spec["answer"])  # answers are regexes
        by_type = dossier.has(*spec["answer_types"]) if spec["answer_types"] else False
        if not (by_words or by_type):
            open_.append((doc, kind, cue))
    return open_


@check("organ_requests_answered", params=OrganRequestParams)
def organ_requests_answered(dossier: Dossier, item: ChecklistItem, ctx: CheckContext) -> Finding:
    """FU-04: each court/organ request (补充材料, 出庭通知, 书面意见) has a recorded response."""
    p = cast(OrganRequestParams, dict(item.params))
    rule = f"rule:{item.id}"
    requests = _organ_requests(dossier, p)
    if not requests:
        return Finding(item.id, "not_applicable", level("nothing_to_check"), message=message("replies.no_organ_request"),
                       decided_by=rule)
    open_ = _unanswered_organ_requests(dossier, ctx, p, requests)
    if not open_:
        return Finding(item.id, "pass", level("answer_words_found"), pages=[d.first_page for d, _, _ in requests],
                       message=message("replies.organ_answered"), decided_by=rule)
    pages = [page_of(dossier, d, cue) for d, _, cue in open_]
    msgs = [message("replies.organ_unanswered", type=type_name(d.type), page=pg, kind=p["request_kinds"][k]["label"])
            for (d, k, _), pg in zip(open_, pages)]
    records = p["answer_record_types"]
    if records and not documents_headed_as(dossier, *records):
        # the response is written in the report that is missing (MD-13 counts that):
        # its absence is no evidence that the request went unanswered
        return Finding(item.id, "uncertain", level("answer_record_missing"), pages=pages,
                       message="；".join(msgs) + message("replies.record_missing",
                                                         types="、".join(type_name(t) for t in records)),
                       evidence=[Evidence(pg, cue, d.type, note=message("replies.record_missing_note"))
                                 for (d, _, cue), pg in zip(open_, pages)],
                       occurrences=len(open_), decided_by=rule + "+fragile")
    return Finding(item.id, "fail", level("no_answer_words"), pages=pages, message="；".join(msgs),
                   evidence=[Evidence(pg, cue, d.type) for (d, _, cue), pg in zip(open_, pages)],
                   occurrences=len(open_), decided_by=rule)
