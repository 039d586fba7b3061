"""Case facts read from a segmented dossier: case number, kind, people, dates.

The checks never read raw text for these; they read CaseFacts, so every
value carries the page and text it came from (a reviewer must be able to
verify it). Values voted over pages (case number, client) tolerate one
mistyped form; the cover is read separately because cover-vs-content
contradictions are themselves a checklist item.

Value conventions: case_kind is a case-kind code (criminal_defense ...),
stage is investigation|prosecution|trial|first_instance|appeal|retrial|
arbitration|mediation, outcome is a code from OUTCOMES (Chinese keyword in
.text). cover maps printed labels (案号, 受援人, 承办人, 结案日期 ...) and the
aliases case_no/client/lawyer/closing_date/cause/filing_date to the strings
as printed (parse dates with dates.parse_date).

This module runs the readers in their order; each kind of fact has its own module
(casenumbers, cover, people, other_case, case_kind, case_stage, case_flags, outcome,
document_dates, fact_events).
"""
from __future__ import annotations

from collections import Counter
from datetime import date

from ingest.facts.case_flags import read_case_flags
from ingest.facts.case_kind import case_kind
from ingest.facts.case_stage import stage
from ingest.facts.casenumbers import find_case_numbers
from ingest.facts.cover import read_cover
from ingest.datamodel import CaseFacts, Dossier, Fact, Page
from ingest.facts.document_dates import toc_days
from ingest.facts.events import read_events
from ingest.facts.sources import flat_text, vote
from ingest.facts.wording import CAUSE_LABELS, CLIENT_LABELS, LAWYER_LABELS
from ingest.facts.other_case import flag_other_case
from ingest.facts.outcome import outcome
from ingest.pages.pagenumbers import physical_pages, with_lost_numbers
from ingest.facts.people import firm, labelled_text, person
from ingest.documents.toc import is_toc_page, parse_toc, pin_lost_page_cells


def extract_facts(dossier: Dossier) -> CaseFacts:
    """Fill CaseFacts from dossier.documents (types set) and page texts; sets `other_case` flags."""
    f = CaseFacts()
    pages = dossier.pages
    # only a page recognised as the cover is read as one (a missing cover must not
    # turn the toc's rows into "cover fields")
    cover_pages = [dossier.page(i) for d in dossier.documents_of("cover") for i in d.pages]
    cover_idx = {p.index for p in cover_pages}
    read_cover(f, cover_pages)
    f.client = person(pages, cover_idx, dossier, CLIENT_LABELS, client=True)
    case_key = _read_case_number(f, pages, cover_idx)
    f.lawyer = person(pages, cover_idx, dossier, LAWYER_LABELS, client=False)
    f.firm = firm(pages)
    f.cause = labelled_text(pages, cover_idx, CAUSE_LABELS)
    # a cover that disagrees is a cover defect (BD-08), not another case's page; flagged before
    # anything is read from documents, so another case's page dates no event of ours
    flag_other_case(dossier, f, case_key)
    f.case_kind = case_kind(dossier, f, case_key)
    f.stage = stage(pages, cover_idx, f.case_kind.value if f.case_kind else None)
    read_case_flags(dossier, f)
    outcome_day = _read_outcome(dossier, f)
    physical = with_lost_numbers(pages, physical_pages(pages))
    f.toc = parse_toc(_toc_pages(dossier))
    types_at = {d.first_page: d.type for d in dossier.documents}
    pin_lost_page_cells(f.toc, physical, types_at)
    # the toc rows' date cells witness documents whose own date is unread or seal-broken
    read_events(dossier, f, toc_days(f.toc, physical, types_at), outcome_day)
    return f


def _read_case_number(f: CaseFacts, pages: list[Page], cover_idx: set[int]) -> str | None:
    """Vote the case number over pages (the cover counts triple, a page naming the client a
    little more: of two numbers printed once, the one beside our client's name is ours, the
    other an identity copy of another case); set f.case_no as most often printed and return its key."""
    items = []
    printed: dict[str, Counter] = {}
    client = f.client.value if f.client and len(f.client.value) >= 2 else None
    for pg in pages:
        ours = 0.5 if client and client in flat_text(pg.text) else 0.0
        for raw_no, key in find_case_numbers(pg.text):
            items.append((key, pg.index, raw_no, (3.0 if pg.index in cover_idx else 1.0) + ours))
            printed.setdefault(key, Counter())[raw_no] += 3 if pg.index in cover_idx else 1
    best = vote(items)
    if best:
        raw_no = printed[best.value].most_common(1)[0][0]
        f.case_no = Fact(raw_no, best.page, best.text)
    return best.value if best else None


def _read_outcome(dossier: Dossier, f: CaseFacts) -> date | None:
    """Set f.outcome from the closing report and return the day it names for it."""
    got = outcome(dossier, f.case_kind.value if f.case_kind else None)
    f.outcome, outcome_day = got if got else (None, None)
    if f.outcome and f.case_kind and f.case_kind.value == "non_litigation" and f.outcome.value == "mediation":
        f.outcome.value = "agreement"  # out of court, a mediated settlement is an agreement
    return outcome_day


def _toc_pages(dossier: Dossier) -> list[Page]:
    """The toc document's pages, else a 卷内目录 page among the first four."""
    toc_pages = [dossier.page(i) for d in dossier.documents_of("toc") for i in d.pages]
    return toc_pages or [p for p in dossier.pages[:4] if is_toc_page(p)]

