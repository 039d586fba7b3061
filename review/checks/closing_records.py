"""FU-03 and FU-05: what the closing records state.

FU-03: the callback record says the client was reached (or the callback was
retried and closed) and any dissatisfaction was handled; FU-05: the closing
report states the outcome and whether the opinion was adopted. Both read
filled-in forms, so form captions and unticked options are removed before
matching. Every vocabulary lives in the item's ``params``
(review/checks/schemas.py).
"""
from __future__ import annotations

import re
from typing import Sequence, cast

from ingest.datamodel import Document, Dossier
from review.checklist import ChecklistItem
from review.checks.binding.page_flags import decisively_foreign
from review.checks.later import unreadable_in
from review.checks.registry import check
from review.checks.schemas import CallbackParams, ClosingReportParams
from review.checks.text import flat, page_of
from review.checks.titles import documents_headed_as
from review.confidence import level
from review.messages import message
from review.context import CheckContext
from review.findings import Evidence, Finding


def _without(text: str, words: list[str]) -> str:
    """Text with form captions removed (longest first), so 意见采纳情况 is not read as 采纳."""
    for w in sorted(words, key=len, reverse=True):
        text = text.replace(w, "")
    return text


def _hits(text: str, words: list[str]) -> list[str]:
    return [w for w in words if w in text]


# ------------------------------------------------------------------ FU-03
def _real_dissatisfaction(text: str, p: CallbackParams) -> list[str]:
    """Dissatisfaction cues that are not negated (无投诉) or captions (投诉电话)."""
    negated = re.compile(f"(?:{'|'.join(p['negated_before'])})$")
    caption = re.compile(f"^(?:{'|'.join(p['not_complaint_after'])})")
    out = []
    for w in p["dissatisfied"]:
        for m in re.finditer(re.escape(w), text):
            before, after = text[max(0, m.start() - 3):m.start()], text[m.end():m.end() + 4]
            if negated.search(before) or caption.match(after):
                continue
            out.append(w)
            break
    return out


def _callback_text(dossier: Dossier, docs: list[Document], p: CallbackParams) -> str:
    """The records' text as matched: planned-way fields, unticked options and captions removed."""
    raw = "\n".join(dossier.text_of(d) for d in docs)
    for rx in p["method_fields"]:  # 回访方式 上门回访 is the way tried, not that it reached anyone
        raw = re.sub(rx, "", raw)
    return _without(re.sub(p["unchecked_options"], "", flat(raw)), p["ignore"])


@check("callback_reached", params=CallbackParams)
def callback_reached(dossier: Dossier, item: ChecklistItem, ctx: CheckContext) -> Finding:
    """FU-03: the callback reached the client (or was retried and closed); complaints handled."""
    p = cast(CallbackParams, dict(item.params))
    rule = f"rule:{item.id}"
    # another case's callback bound here (BD-07) says nothing of this client's
    docs = [d for d in dossier.documents_of(*p["callback_types"]) if not decisively_foreign(dossier, d)]
    if not docs:
        return Finding(item.id, "not_applicable", level("source_absent"), message=message("closing.no_callback_record"), decided_by=rule)
    # a page typed as a callback that never mentions one (a closing report's 受援人评价：满意 page)
    # says nothing about whether the callback reached the client
    docs = [d for d in docs if any(c in flat(dossier.text_of(d)) for c in p["callback_cues"])] or docs
    pages = [d.first_page for d in docs]
    text = _callback_text(dossier, docs, p)
    failed = _hits(text, p["failed"])
    dissatisfied = _real_dissatisfaction(text, p)
    rest = _without(text, failed + list(p["dissatisfied"]))  # 未接通 / 不满意 contain the reached words
    reached = _hits(rest, p["reached"])
    closed = _hits(text, p["closed"])
    handled = _hits(text, p["handled"])

    def ev(words: list[str]) -> list[Evidence]:
        return [Evidence(page_of(dossier, docs[0], w), w, "callback_record") for w in words]

    if failed and not reached and not closed:
        return Finding(item.id, "fail", level("failure_stated"), pages=pages,
                       message=message("closing.callback_failed", words="、".join(failed)),
                       evidence=ev(failed), decided_by=rule)
    if dissatisfied and not handled:
        return Finding(item.id, "fail", level("complaint_unhandled"), pages=pages,
                       message=message("closing.complaint_unhandled", words="、".join(dissatisfied)),
                       evidence=ev(dissatisfied), decided_by=rule)
    if not failed and not reached and not closed:
        hidden = unreadable_in(dossier, docs)
        return Finding(item.id, "uncertain", level("not_stated"), pages=pages + hidden,
                       message=message("closing.callback_not_stated") + (message("closing.partly_unreadable") if hidden else ""),
                       decided_by=rule)
    how = "、".join(reached or closed)
    return Finding(item.id, "pass", level("stated_in_record"), pages=pages, message=message("closing.callback_stated", how=how),
                   evidence=ev(reached or closed), decided_by=rule)


# ------------------------------------------------------------------ FU-05
CAPTION_CONTENT_CHARS = 6  # a caption followed by this many characters of its own states something


def _captioned(text: str, captions: list[str], hollow: Sequence[str] = ()) -> list[str]:
    """Statements filled in after a form caption (案件结果：…移送审查起诉): the report states the
    outcome in its own words even when no outcome word of the list occurs. Hollow phrases
    (本案已办理完毕) say only that the case ended, so they state nothing."""
    out = []
    for cap in captions:
        for m in re.finditer(rf"{re.escape(cap)}[ \t\u3000]*[:：][ \t\u3000]*([^\n]+)", text):  # an empty
            # caption's line ends there: the next line's caption is no statement of this one
            own = re.split(r"[\u4e00-\u9fff]{2,8}[:：]", m.group(1))[0]  # up to the next caption
            content = re.sub(r"[\s_—\-/／无]+", "", own)
            for phrase in hollow:
                content = content.replace(phrase, "")
            if len(re.sub(r"[，。；、,.;]+", "", content)) >= CAPTION_CONTENT_CHARS:
                out.append(content[:20])
    return out


_NEXT_SECTION = re.compile(r"\n\s*(?:[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)])")


def _left_blank(text: str, captions: list[str]) -> bool:
    """A caption with nothing after it before the next numbered section (三、办理结果：\n四、…)
    or the end: the form's field was left empty."""
    return any(re.search(rf"{re.escape(cap)}[ \t\u3000]*[:：][ \t\u3000]*(?=$|{_NEXT_SECTION.pattern})", text)
               for cap in captions)


def _lacking(dossier: Dossier, ctx: CheckContext, p: ClosingReportParams, docs: list[Document],
             ) -> tuple[list[str], list[str], list[str]]:
    """(outcome statements, adoption statements, what the reports lack) of the closing reports."""
    raw = "\n".join(dossier.text_of(d) for d in docs)
    text = _without(flat(raw), p["ignore"])
    filled = _captioned(raw, p["outcome_captions"], p["hollow_statements"])
    if not filled and _left_blank(raw, p["outcome_captions"]):
        outcome = []  # the form's result field is empty: words elsewhere (取保候审 asked for) are no result
    else:
        outcome = _hits(text, p["outcome"]) or filled
        if not outcome and dossier.facts.value("outcome"):
            outcome = [str(dossier.facts.value("outcome"))]
    adoption = _hits(text, p["adoption"]) or _captioned(raw, p["adoption_captions"])
    kind = ctx.profile.case_kind
    need_adoption = kind is None or kind in p["adoption_required_for"]
    lacking = []
    if not outcome:
        lacking.append(message("closing.outcome"))
    if need_adoption and not adoption:
        lacking.append(message("closing.adoption"))
    return outcome, adoption, lacking


@check("closing_report_complete", params=ClosingReportParams)
def closing_report_complete(dossier: Dossier, item: ChecklistItem, ctx: CheckContext) -> Finding:
    """FU-05: the closing report states the outcome and whether the opinion was adopted."""
    p = cast(ClosingReportParams, dict(item.params))
    rule = f"rule:{item.id}"
    docs = documents_headed_as(dossier, *p["report_types"])  # a 征询意见表 is none
    if not docs:
        return Finding(item.id, "not_applicable", level("source_absent"), message=message("closing.no_report"), decided_by=rule)
    pages = [d.first_page for d in docs]
    outcome, adoption, lacking = _lacking(dossier, ctx, p, docs)
    if lacking:
        hidden = unreadable_in(dossier, docs)
        status, conf = ("uncertain", level("unreadable_may_hide")) if hidden else ("fail", level("statement_missing"))
        return Finding(item.id, status, conf, pages=pages + hidden,
                       message=message("closing.report_lacks", page=docs[0].first_page, lacking="、".join(lacking)),
                       evidence=[Evidence(docs[0].first_page, "、".join(lacking), "closing_report")],
                       decided_by=rule)
    return Finding(item.id, "pass", level("stated_in_record"), pages=pages,
                   message=message("closing.report_states", outcome=outcome[0])
                   + (message("closing.report_states_adoption", adoption=adoption[0]) if adoption else ""),
                   evidence=[Evidence(page_of(dossier, docs[0], w), w, "closing_report")
                             for w in outcome[:1] + adoption[:1]], decided_by=rule)
