"""The outcome the closing report names (judgment, mediation, withdrawal ...) and the day it came.

The report's result field is read first; without one, the last outcome keyword in the report.
The outcome's day is the event's (于2025年6月3日作出判决), not the report's own signing date,
and not a term the outcome sets (自2025年8月3日起每月支付).
"""
from __future__ import annotations

import re
from datetime import date

from ingest.datamodel import Document, Dossier, Fact
from ingest.dates import find_dates
from ingest.facts.sources import case_pages, flat_text, line_at
from ingest.facts.wording import ISSUING_VERBS, OUTCOMES, OUTCOMES_BY_KIND, RESULT_HEADS

_RESULT_HEAD = re.compile(rf"(?:{RESULT_HEADS})\s*[:：]?\s*")
_TERM_BEFORE = re.compile(r"[自从]\s*$")
_TERM_AFTER = re.compile(r"^\s*(?:起|之前|以前|前)")


def _event_dates(text: str) -> list[tuple[date, int, int]]:
    """Dates of events, not the terms an outcome sets (自2025年8月3日起每月支付, 于8月30日前付清)."""
    return [(d, a, b) for d, a, b in find_dates(text)
            if not (_TERM_BEFORE.search(text[max(0, a - 2):a]) or _TERM_AFTER.match(text[b:b + 3]))]


def issued_on(text: str, b: int) -> bool:
    """The date ending at ``b`` is the day something was issued (于2025年8月20日作出裁定)."""
    return text[b:b + 4].lstrip(" ，,").startswith(ISSUING_VERBS)


def _outcome_day(text: str, dates: list[tuple[date, int, int]], last: bool = False) -> date | None:
    """Of a result sentence's dates, the one an issuing verb follows; else the first (``last``: the last)."""
    issued = [d for d, _, b in dates if issued_on(text, b)]
    if issued:
        return issued[-1] if last else issued[0]
    return (dates[-1][0] if last else dates[0][0]) if dates else None


def _allowed(code: str, kind: str | None) -> bool:
    """An outcome that can close a case of this kind (a civil report's 向法院起诉 is no indictment)."""
    return not (kind in OUTCOMES_BY_KIND and code not in OUTCOMES_BY_KIND[kind])


def _classify(text: str, kind: str | None) -> tuple[str, int] | None:
    """(outcome code, position) of the earliest-listed outcome keyword in text."""
    for code, words in OUTCOMES:
        if not _allowed(code, kind):
            continue
        hits = [text.find(w) for w in words if w in text]
        if hits:
            return code, min(hits)
    return None


def outcome(dossier: Dossier, kind: str | None = None) -> tuple[Fact, date | None] | None:
    """Outcome named in the closing report and the date of that closing event.

    The result field/heading is read first ('处理结果：…于2025年6月3日作出判决'); without
    one, the last outcome keyword in the report. The date is the one in the
    result text (the closing event), not the report's own signature date.
    """
    for doc in dossier.documents_of("closing_report"):
        pages = case_pages(dossier, doc)
        text = "\n".join(p.text for p in pages)
        offsets, pos = [], 0
        for p in pages:
            offsets.append((pos, p.index))
            pos += len(p.text) + 1
        page_at = lambda i: max((pi for off, pi in offsets if off <= i), default=doc.first_page)  # noqa: E731
        windows = [(m.end(), flat_text(text[m.end():m.end() + 140])) for m in _RESULT_HEAD.finditer(text)]
        for start, window in windows:
            hit = _classify(window, kind)
            if hit:
                at = start + hit[1]
                dates = [x for x in _event_dates(window) if x[1] < hit[1] + 30]
                return Fact(hit[0], page_at(at), line_at(text, at)), _outcome_day(window, dates)
        found = _last_keyword(doc, text, kind)
        if found:
            return found
    return None


def _last_keyword(doc: Document, text: str, kind: str | None) -> tuple[Fact, date | None] | None:
    """Without a result field: the outcome keyword latest in the report, with its sentence's last event date."""
    best = None
    for code, words in OUTCOMES:
        if not _allowed(code, kind):
            continue
        for w in words:
            at = flat_text(text).rfind(w)
            if at >= 0 and (best is None or at > best[1]):
                best = (code, at)
    if not best:
        return None
    flat = flat_text(text)
    a = max(flat.rfind("。", 0, best[1]), flat.rfind("，", 0, best[1] - 25)) + 1
    sentence = flat[a:best[1] + 10]
    return Fact(best[0], doc.first_page, sentence), _outcome_day(sentence, _event_dates(sentence), last=True)
