"""Dated events of the case (application, decision, meetings, judgment, closing ...) and their witnesses.

Each event is dated by its own document first; the toc's date cell, a later document that
restates the day (the closing report's 指派日期) and the report's stated outcome day only
stand in, or contest, where the own reading is unsure, because a seal or OCR can lose a digit.
"""
from __future__ import annotations

from datetime import date

from ingest.datamodel import CaseFacts, DatedEvent, Document, Dossier, TocEntry
from ingest.facts.date_places import labelled_reading, recounted_reading
from ingest.dates import MonthlessDate, find_monthless, make_date, parse_date
from ingest.facts.document_dates import Dated, against_toc, dated, document_date, signature_date
from ingest.facts.process_order import order_window, surely_dated
from ingest.facts.sources import case_pages, line_at
from ingest.facts.wording import COVER_ALIASES, EVENT_SOURCES, EVENT_WITNESSES, PROCESS_ORDER
from ingest.readings import digit_lost, misread_variants, one_numeral_more


def read_events(dossier: Dossier, f: CaseFacts, toc_day: dict[int, TocEntry], outcome_day: date | None) -> None:
    """Append every dated event to f.events: documents' own dates, then witnesses and fallbacks."""
    for kind, (types, labels) in EVENT_SOURCES.items():
        for doc in dossier.documents_of(*types):
            _document_events(dossier, f, kind, doc, labels, toc_day, outcome_day)
    _contest_outcome_dates(dossier, f, outcome_day)
    _complete_broken_judgment(dossier, f, outcome_day)
    _contest_bitten_in_document(dossier, f)
    _corroborate_broken(dossier, f)
    _witnessed_events(dossier, f)
    _dated_by_order(dossier, f)
    _stated_outcome(dossier, f, outcome_day)
    if not f.first_date("closing"):
        _closing_from_judgment_or_cover(f)
    _filing_from_cover(f)


def _document_events(dossier: Dossier, f: CaseFacts, kind: str, doc: Document, labels: tuple[str, ...],
                     toc_day: dict[int, TocEntry], outcome_day: date | None) -> None:
    """One document's event, its toc row's date where that stands in or contests."""
    got = document_date(dossier, doc, labels)
    row = toc_day.get(doc.first_page)
    if kind == "closing":
        _closing_events(dossier, f, doc, got, row, outcome_day)
        return
    if row is not None:
        got, toc_how = against_toc(dossier, got, row)
        if toc_how:
            f.events.append(DatedEvent(kind, row.day, row.page, f"{row.title} {row.day.isoformat()}", toc_how))
    if got:
        f.events.append(DatedEvent(kind, *got))


def _closing_events(dossier: Dossier, f: CaseFacts, doc: Document, got: Dated | None, row: TocEntry | None,
                    outcome_day: date | None) -> None:
    """The closing report's events: the closing (its 结案日期 field, else the outcome's day it
    states) and the report's own date, which its toc row witnesses when it writes the same day
    (a doubtful 2024.1?.11 beside a row's 2024.11.11) or stands in for when it is unread."""
    report = signature_date(dossier, doc, got) if got else None
    if got:
        if got[3].endswith("labelled"):
            f.events.append(DatedEvent("closing", *got))
        elif outcome_day and f.outcome:
            f.events.append(DatedEvent("closing", outcome_day, f.outcome.page, f.outcome.text, "stated"))
        f.events.append(DatedEvent("closing_report", *report))
    if row is not None and (report is None or report[0] == row.day):
        f.events.append(DatedEvent("closing_report", row.day, row.page, f"{row.title} {row.day.isoformat()}", "toc"))


def _closing_from_judgment_or_cover(f: CaseFacts) -> None:
    """No closing date in the report: the last judgment's, else the cover's.

    Content before the cover: a falsified cover date must stay detectable (BD-08)."""
    jd = f.dates("judgment")[-1] if f.dates("judgment") else None
    cf = f.cover.get("closing_date")
    day = parse_date(cf.value) if cf else None
    if jd:
        f.events.append(DatedEvent("closing", jd.day, jd.page, jd.text, jd.how))
    elif day:
        f.events.append(DatedEvent("closing", day, cf.page, cf.text, "cover"))


def _filing_from_cover(f: CaseFacts) -> None:
    """Every filing date the cover prints (立卷日期, 归档日期 ...) is a filing event."""
    for lab in COVER_ALIASES["filing_date"]:
        cf = f.cover.get(lab)
        day = parse_date(cf.value) if cf else None
        if day:
            f.events.append(DatedEvent("filing", day, cf.page, cf.text, "cover"))


def _contest_outcome_dates(dossier: Dossier, f: CaseFacts, outcome_day: date | None) -> None:
    """A scanned judgment dated a lost digit away from the day the closing report says it was
    given (法院于2025年5月13日作出…) is contested: a seal over 5月13日 leaves 5月3日 read with full
    confidence. Other differences are real (an agreement reached on 10日, its 调解书 of 20日)."""
    judged = [e for e in f.events if e.kind == "judgment"]
    if outcome_day is None or any(e.day == outcome_day for e in judged):
        return
    for e in judged:
        if e.page and dossier.page(e.page).text_source == "ocr" and not e.fragile and _seal_bitten(e.day, outcome_day):
            e.how = "contested_report"


def _complete_broken_judgment(dossier: Dossier, f: CaseFacts, outcome_day: date | None) -> None:
    """A scanned judgment's seal-broken date (二〇二四年十泽月二十五日) that, with a numeral under
    the seal's glyph, is the day the closing report says it was given (于2024年11月25日作出…判决)
    is that day: the two readings agree. So is a signing line whose month the seal took whole
    when its year and day are the report's. Any other day stays a broken reading."""
    if outcome_day is None:
        return
    for e in f.events:
        if e.kind == "judgment" and e.how.startswith("broken_") and e.page \
                and outcome_day in (misread_variants(dossier, e) or set()):
            e.day, e.how = outcome_day, "report_corroborated"
    if any(e.kind == "judgment" and surely_dated(dossier, e) for e in f.events):
        return
    # the seal took the whole month (二0二四年湖月二十五日): the year, the day and what is left of
    # the month agree with the report's day
    hit = _monthless_line(dossier, "judgment")
    if hit is not None:
        read, pg, line = hit
        if read.year == outcome_day.year and read.day == outcome_day.day and read.month_may_be(outcome_day.month):
            f.events.append(DatedEvent("judgment", outcome_day, pg, line, "report_corroborated"))


def _contest_bitten_in_document(dossier: Dossier, f: CaseFacts) -> None:
    """A scanned date a lost digit away from a labelled date of the same document (a closing
    report signed 2025年1月8日 under its own 结案日期2025年12月8日: the seal took the 2 of 12) is
    contested: OCR reads what is left with full confidence."""
    doc_at = dossier.documents_by_page()
    labelled = [e for e in f.events if e.how == "labelled" and e.page]
    for e in f.events:
        doc = doc_at.get(e.page) if e.page else None
        if doc is None or e.fragile or e.how == "labelled" or dossier.page(e.page).text_source != "ocr":
            continue
        if any(o.page in doc.pages and _seal_bitten(e.day, o.day) for o in labelled):
            e.how = "contested"


def _stated_outcome(dossier: Dossier, f: CaseFacts, outcome_day: date | None) -> None:
    """A bound judgment whose own date is not surely read (only the hearing date its body quotes,
    a seal over the 落款) is dated by the day the closing report says it was given (于…作出…判决)."""
    if outcome_day is None or f.outcome is None or not dossier.documents_of("judgment"):
        return
    if not any(e.kind == "judgment" and surely_dated(dossier, e) for e in f.events):
        f.events.append(DatedEvent("outcome", outcome_day, f.outcome.page, f.outcome.text, "stated"))


def _witnessed_events(dossier: Dossier, f: CaseFacts) -> None:
    """Events whose own document gives no sure date (none, seal-broken, or an unsure OCR reading),
    dated by a later document's labelled field that restates it or its prose that recounts it
    (EVENT_WITNESSES: the closing report's 指派日期, the decision's 你于…提出的法律援助申请); two
    readings of one day corroborate each other (readings.event_conf)."""
    for kind, (types, labels, phrases) in EVENT_WITNESSES.items():
        if any(e.kind == kind and surely_dated(dossier, e) for e in f.events):
            continue
        for doc in dossier.documents_of(*types):
            for pg in case_pages(dossier, doc):
                hit = labelled_reading(pg.text, labels)
                reading = hit[0] if hit else recounted_reading(pg.text, phrases)
                if reading and not reading.broken:
                    f.events.append(DatedEvent(kind, *dated(reading, pg, "reported", dossier)))
                    break


def _dated_by_order(dossier: Dossier, f: CaseFacts) -> None:
    """An early act whose own signing line lost its month under the seal (骑年压月: 二〇二四年法月
    十三日) and that nothing else dates surely is the one day with that year and day between the
    sure dates of the acts before and after it (PROCESS_ORDER): decided 13th, applied 8-12,
    assigned 8-22, so decided 8-13. Two possible days, or an open side, leave it undated."""
    for tier in PROCESS_ORDER:
        for kind in tier:
            if any(e.kind == kind and surely_dated(dossier, e) for e in f.events):
                continue
            hit = _monthless_line(dossier, kind)  # rare: only then is the window worth reading
            if hit is None:
                continue
            lo, hi = order_window(dossier, f.events, kind)
            if lo is None or hi is None:
                continue
            read, pg, line = hit
            days = _days_between(read, read.day, lo, hi)
            # 十三 may be 二十三 with its 二 dropped: only when no such day fits either
            if len(days) == 1 and not any(_days_between(read, v, lo, hi) for v in one_numeral_more(read.day_text, 31)):
                f.events.append(DatedEvent(kind, days[0], pg, line, "ordered"))


def _days_between(read: MonthlessDate, day: int, lo: date, hi: date) -> list[date]:
    """The days numbered ``day`` of the reading's year from lo to hi, one per month that has such
    a day and that what is left of the month (8 of 8进) may be."""
    return [d for m in range(1, 13) if read.month_may_be(m) and (d := make_date(read.year, m, day)) and lo <= d <= hi]


def _monthless_line(dossier: Dossier, kind: str) -> tuple[MonthlessDate, int, str] | None:
    """(reading, page, line) of the last scanned signing line of the event's own document that
    lost its month (ingest.dates.find_monthless)."""
    for doc in dossier.documents_of(*EVENT_SOURCES[kind][0]):
        for pg in reversed(case_pages(dossier, doc)):
            hits = find_monthless(pg.text) if pg.text_source == "ocr" else []
            if hits:
                return hits[-1], pg.index, line_at(pg.text, hits[-1].start)
    return None


def _corroborate_broken(dossier: Dossier, f: CaseFacts) -> None:
    """A seal-broken date that a surely read date of the same document repeats (the closing
    report's 落款 under the seal, its own 结案日期 field above) is that day: two readings agree."""
    doc_at = dossier.documents_by_page()
    for e in f.events:
        doc = doc_at.get(e.page) if e.page else None
        if doc is None or not e.how.startswith("broken_"):
            continue
        if any(o is not e and o.day == e.day and not o.fragile and o.page in doc.pages for o in f.events):
            e.how = "corroborated"


def _seal_bitten(read: date, said: date) -> bool:
    """read is said with one digit of its month or day lost."""
    return read.year == said.year and (
        (read.month == said.month and digit_lost(read.day, said.day))
        or (read.day == said.day and digit_lost(read.month, said.month)))
