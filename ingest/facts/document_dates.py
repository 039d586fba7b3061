"""A document's own date: a labelled field, else its 落款, else (fragile) another date on it.

Each date carries how it was read (labelled, signature, fallback, quoted; sealed_/broken_ when
a seal crosses it) because the checks trust a failure only to a sure reading
(datamodel.DATE_READING_CONF). The toc's date cells witness a document whose own date is unsure.
"""
from __future__ import annotations

import re
from datetime import date

from ingest.datamodel import DATE_READING_CONF, DECISIVE_READING_CONF, Document, Dossier, Page, TocEntry
from ingest.facts.date_places import labelled_reading, placed_dates
from ingest.dates import DateReading, find_dates, find_yearless, make_date
from ingest.facts.sources import case_pages, line_at
from ingest.facts.seals import organ_names, seal_explains
from ingest.pages.titles import title_type
from ingest.readings import date_conf

Dated = tuple[date, int, str, str]  # (day, page, evidence line, how: see datamodel.DATE_READING_CONF)


def _written(pages: list[Page]) -> list[Page]:
    """Pages with Chinese text (a blank last page carries no date)."""
    return [p for p in pages if re.search(r"[\u4e00-\u9fff]", p.text)] or pages


def dated(r: DateReading, pg: Page, how: str, dossier: Dossier | None = None) -> Dated:
    """(day, page, line, how) of a reading: a broken one is `sealed_` when a seal explains its
    glyphs on a text layer (on a scan the seal may hide a digit: it stays `broken_`)."""
    if r.broken:
        sealed = pg.text_source != "ocr" and seal_explains(pg.text, r.start, r.end, r.glyphs,
                                                           organ_names(dossier) if dossier else ())
        how = f"{'sealed' if sealed else 'broken'}_{how}"
    return r.day, pg.index, line_at(pg.text, r.start), how


def signature_date(dossier: Dossier, doc: Document, fallback: Dated | None = None) -> Dated | None:
    """The 落款 date: the last signing-line date of the last written page that has one, else
    (fragile) a scanned signing line whose year a seal made unreadable.

    Dates quoted in the body (你于…提出的申请) are never the 落款, however late on the page."""
    pages = list(reversed(_written(case_pages(dossier, doc))))
    for pg in pages:
        signed = [r for r, place in placed_dates(pg.text) if place == "signature"]
        if signed:
            return dated(signed[-1], pg, "signature", dossier)
    for pg in pages:
        lines = find_yearless(pg.text) if pg.text_source == "ocr" else []
        day = _in_case_year(dossier, *lines[-1][:2]) if lines else None
        if day:
            return day, pg.index, line_at(pg.text, lines[-1][2]), "yearless"
    return fallback


def _in_case_year(dossier: Dossier, month: int, day: int) -> date | None:
    """The month and day in the year that puts them nearest the middle of the dates read in the
    dossier (a case runs months, not years); None when the dossier dates nothing else."""
    days = sorted(d for pg in dossier.pages for d, _, _ in find_dates(pg.text))
    if not days:
        return None
    mid = days[len(days) // 2]
    options = [d for y in (mid.year - 1, mid.year, mid.year + 1) if (d := make_date(y, month, day))]
    return min(options, key=lambda d: abs((d - mid).days), default=None)


def document_date(dossier: Dossier, doc: Document, labels: tuple[str, ...]) -> Dated | None:
    """The document's own date: a labelled field anywhere, else the 落款, else (fragile) the last
    unquoted date of its last (then first) page, else a date quoted in its body."""
    pages = case_pages(dossier, doc)
    for pg in pages:
        hit = labelled_reading(pg.text, labels)
        if hit:
            return dated(hit[0], pg, "labelled", dossier)
    signed = signature_date(dossier, doc)
    if signed:
        return signed
    written = _written(pages)
    ends = [written[-1], written[0]] if len(written) > 1 else written
    for places, how in ((("prose",), "fallback"), (("quoted",), "quoted"), (("field",), "fallback")):
        for pg in ends:
            found = [r for r, place in placed_dates(pg.text) if place in places]
            if found:
                return found[-1].day, pg.index, line_at(pg.text, found[-1].start), how
    return None


def toc_days(toc: list[TocEntry], physical: dict[int, int], types_at: dict[int, str] | None = None
             ) -> dict[int, TocEntry]:
    """Physical first page -> the dated toc row that lists a document starting there; not a row
    whose title names another type than that document's (``types_at``: physical first page ->
    type): a 委托代理协议 row whose wrong range starts on the meeting record dates no meeting."""
    out: dict[int, TocEntry] = {}
    for e in toc:
        at = physical.get(e.first) if e.first is not None and e.day is not None else None
        if at is None:
            continue
        named = title_type(e.title) if types_at else None
        if named is not None and types_at.get(at) not in (None, named):
            continue
        out.setdefault(at, e)
    return out


def against_toc(dossier: Dossier, got: Dated | None, row: TocEntry) -> tuple[Dated | None, str | None]:
    """A document's own date read against its toc row's date cell: (own reading, how the row's
    date joins the events or None).

    The row dates a document whose own date is unread or fragile (a seal over the signing line).
    On a scan, an own date that disagrees with the row is contested, and so is the row: OCR drops
    a 十 from 五月十三日, and the toc may be wrong too, so neither decides a failure alone."""
    if not got or DATE_READING_CONF.get(got[3], 0.5) < DECISIVE_READING_CONF:
        return got, "toc"
    own_page = dossier.page(got[1])
    if own_page.text_source != "ocr":
        return got, None
    own_sure = date_conf(own_page, got[0]) >= DECISIVE_READING_CONF
    row_sure = date_conf(dossier.page(row.page), row.day) >= DECISIVE_READING_CONF
    if got[0] != row.day:
        if row_sure and not own_sure:
            # OCR doubted the own date (二月 read as 三月 at 0.4) while the row is read surely
            return (got[0], got[1], got[2], "contested"), "toc"
        return (got[0], got[1], got[2], "contested"), "contested"
    # an own date OCR doubted (a Chinese-numeral 十月十七日 may have lost a 二) that the row
    # repeats: the row joins the events, and the two readings corroborate (readings.event_conf)
    return got, ("toc" if row_sure and not own_sure else None)
