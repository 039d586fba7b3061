"""Printed (Arabic) page numbers read from the page margins.

Binding checks compare these with the physical order (gaps, repeats,
unnumbered pages) and with the toc ranges, so a number is only accepted when
the margin line is a page number and nothing else: dates, case numbers and
body text that happens to sit near the edge are ignored.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ingest.facts.casenumbers import YEAR_BRACKET_NUMBER_RE
from ingest.datamodel import Line, Page
from ingest.dates import find_dates, fix_ocr_digits
from ingest.readings import digit_lost

MARGIN = 0.12  # share of the page height at the top and bottom that counts as margin
_FW = str.maketrans("０１２３４５６７８９－—–－", "0123456789----")
_DASH = r"[-－—–~～·•]"
_PURE = re.compile(rf"^{_DASH}?\s*(\d{{1,3}})\s*{_DASH}?$")
_PAGE = re.compile(r"第\s*(\d{1,3})\s*页")
_PAGE_OF = re.compile(r"^(?:第\s*(\d{1,3})\s*页\s*[,，/、]?\s*共\s*\d{1,3}\s*页|共\s*\d{1,3}\s*页\s*[,，/、]?\s*第\s*(\d{1,3})\s*页)$")
_SLASH = re.compile(r"^(\d{1,3})\s*/\s*(\d{1,3})$")  # 12/40 page-of-pages
_PAGE_WORD = re.compile(r"^(?:页码|页号)\s*[:：]?\s*(\d{1,3})$")
_ANY_DIGIT = re.compile(r"\d")  # every page-number pattern needs an Arabic digit


def _clean(text: str) -> str:
    t = text.translate(_FW).strip()
    for m in reversed(list(YEAR_BRACKET_NUMBER_RE.finditer(t))):
        t = t[:m.start()] + " " + t[m.end():]
    for _, a, b in reversed(find_dates(t)):
        t = t[:a] + " " + t[b:]
    return re.sub(r"\s+", " ", t).strip()


_OF_TOTAL = re.compile(r"第\s*(\d{1,3})\s*页\s*[,，/、]?\s*共\s*(\d{1,3})\s*页|共\s*(\d{1,3})\s*页\s*[,，/、]?\s*第\s*(\d{1,3})\s*页")


def page_of_total(page: Page) -> tuple[int, int] | None:
    """(n, total) when the page carries its own document's pagination (第2页 共3页).

    Court judgments and other copies bound into a dossier keep their own footer;
    that number counts pages of the document, not of the dossier.
    """
    for ln in page.lines:
        m = _OF_TOTAL.search(fix_ocr_digits(ln.text.translate(_FW)))
        if m:
            n, total = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
            if 1 <= int(n) <= int(total):
                return int(n), int(total)
    return None


@lru_cache(maxsize=65536)
def number_in_line(text: str) -> tuple[int, int] | None:
    """(number, strength) if the line is a page-number line; strength 2 = explicit 第N页.

    Cached: blank/duplicate detection, page flags and the binding checks all ask
    this of every line, and most lines (no digit at all) are dismissed at once."""
    raw_t = fix_ocr_digits(text.translate(_FW)).strip()
    if not raw_t or len(raw_t) > 40 or not _ANY_DIGIT.search(raw_t):
        return None
    t = _clean(raw_t)
    if not t:
        return None
    for rx in (_PAGE_OF, _PAGE_WORD):
        m = rx.match(t)
        if m:
            return int(next(g for g in m.groups() if g)), 2
    m = _PAGE.fullmatch(t)
    if m:
        return int(m.group(1)), 2
    m = _SLASH.match(t)
    if m and int(m.group(1)) <= int(m.group(2)):
        return int(m.group(1)), 1
    m = _PURE.match(t)
    if m:
        return int(m.group(1)), 1
    # a header that also carries the number: "（2025）…号    12" (case no./date removed above)
    if t != raw_t:
        m = re.search(r"(?:^|\s)(?:第\s*(\d{1,3})\s*页|(\d{1,3}))$", t)
        rest = t[:m.start()] if m else t
        if m and not re.search(r"\d", rest):
            return int(m.group(1) or m.group(2)), 1
    return None


def printed_number(page: Page, margin: float = MARGIN) -> int | None:
    """The page number printed in the top/bottom margin, or None."""
    return read_printed_number(page, margin)[0]


def number_conf(line: Line, number: int) -> float:
    """Recognition confidence of the number's digits in its line (the last place it occurs)."""
    text = fix_ocr_digits(line.text.translate(_FW))
    at = text.rfind(str(number))
    return line.span_conf(at, at + len(str(number))) if at >= 0 else line.conf


def read_printed_number(page: Page, margin: float = MARGIN) -> tuple[int | None, float]:
    """(printed page number or None, confidence of its digits; 1.0 when there is none)."""
    h = page.height or 842.0
    # (dossier number, strength, position score, number, line): a 第1页 共2页 footer is the bound
    # document's own pagination (a judgment's), so any other number in the margin outranks it
    best: tuple[int, int, int, int, Line] | None = None
    for ln in page.lines:
        top_zone = ln.bottom <= h * margin
        bottom_zone = ln.top >= h * (1 - margin)
        if not (top_zone or bottom_zone):
            continue
        hit = number_in_line(ln.text)
        if not hit or not 0 < hit[0] < 1000:
            continue
        # top right is the prescribed place; outermost lines beat inner ones
        pos = (2 if top_zone else 1) + (1 if ln.x0 > (page.width or 595) * 0.5 else 0)
        own = _OF_TOTAL.search(fix_ocr_digits(ln.text.translate(_FW))) is not None
        cand = (0 if own else 1, hit[1], pos, hit[0], ln)
        if best is None or cand[:3] > best[:3]:
            best = cand
    return (best[3], number_conf(best[4], best[3])) if best else (None, 1.0)


def physical_pages(pages: list[Page]) -> dict[int, int]:
    """Printed page number -> physical page, for numbers printed on exactly one page; a number
    that is only a bound document's own footer (第1页共3页 on a judgment whose dossier number a
    scan lost) places no toc row."""
    numbered = [pg for pg in pages if pg.printed_number is not None]
    seen = Counter(pg.printed_number for pg in numbered)
    return {pg.printed_number: pg.index for pg in numbered
            if seen[pg.printed_number] == 1 and not own_footer_only(pg)}


def with_lost_numbers(pages: list[Page], physical: dict[int, int]) -> dict[int, int]:
    """physical_pages plus the numbers OCR lost: a run of scanned pages flagged unnumbered that
    exactly fills the gap between the numbered pages around it (or before the first, from 1)
    carries the missing numbers in order (a notice numbered 1 whose corner OCR missed, before 2).
    A number the run fills is the run's even when a later scanned page reads it out of sequence
    (11 read as 1 between 9 and 12)."""
    out = dict(physical)
    misread = _read_out_of_sequence(pages)
    prev_n, run = 0, []
    for pg in pages:
        if pg.printed_number is not None:
            missing = list(range(prev_n + 1, pg.printed_number))
            if run and len(missing) == len(run) and all(p.text_source == "ocr" for p in run):
                out.update({n: p.index for n, p in zip(missing, run) if n not in out or out[n] in misread})
            prev_n, run = pg.printed_number, []
        elif "unnumbered" in pg.flags:
            run.append(pg)
    return out


def _read_out_of_sequence(pages: list[Page]) -> set[int]:
    """Scanned pages whose printed number is below a number printed on a page before them."""
    out, top = set(), 0
    for pg in pages:
        if pg.printed_number is None:
            continue
        if pg.printed_number < top and pg.text_source == "ocr":
            out.add(pg.index)
        top = max(top, pg.printed_number)
    return out


def own_footer_only(page: Page) -> bool:
    """The page's number was read from its document's own 第n页共m页 footer."""
    own = page_of_total(page)
    return own is not None and own[0] == page.printed_number


def assign_printed_numbers(pages: list[Page]) -> None:
    """Fill Page.printed_number for every page (OCR pages too, if they have lines)."""
    for pg in pages:
        pg.printed_number, pg.number_conf = read_printed_number(pg)
    repair_numbers(pages)


def repair_numbers(pages: list[Page]) -> None:
    """What the page-by-page reading missed or misread, seen from the sequence around it."""
    undo_doubled_digits(pages)
    numbers_run_into_lines(pages)


_TRAILING_NUMBER = re.compile(r"\s(\d{1,3})$")


def numbers_run_into_lines(pages: list[Page]) -> None:
    """A page without a number whose margin line ends in the number its neighbours leave
    (其他情况说明：______ 1 before a page numbered 2): a form filled to the bottom edge, whose
    last line text extraction ran together with the page number printed beside it."""
    for k, pg in enumerate(pages):
        if pg.printed_number is not None or not pg.lines:
            continue
        expected = set()
        if k > 0 and pages[k - 1].printed_number is not None:
            expected.add(pages[k - 1].printed_number + 1)
        if k + 1 < len(pages) and pages[k + 1].printed_number is not None:
            expected.add(pages[k + 1].printed_number - 1)
        h = pg.height or 842.0
        for ln in pg.lines:
            if not (ln.bottom <= h * MARGIN or ln.top >= h * (1 - MARGIN)):
                continue
            m = _TRAILING_NUMBER.search(fix_ocr_digits(ln.text.translate(_FW)).rstrip())
            if m and int(m.group(1)) in expected:
                pg.printed_number, pg.number_conf = int(m.group(1)), number_conf(ln, int(m.group(1)))
                break


RESTORED_NUMBER_CONF = 0.8  # a scanned number read with a digit doubled, the one fit restored


def undo_doubled_digits(pages: list[Page]) -> None:
    """A scanned page number outside its numbered neighbours (244 between 20 and 25) that is one
    of the numbers between them with a digit doubled or added (24) is that number, when exactly one
    fits: OCR stutters on a digit, and no dossier jumps to 244 and back to 25."""
    numbered = [pg for pg in pages if pg.printed_number is not None]
    for before, pg, after in zip(numbered, numbered[1:], numbered[2:]):
        n, lo, hi = pg.printed_number, before.printed_number, after.printed_number
        if pg.text_source != "ocr" or lo < n < hi or hi - lo < 2:
            continue
        fits = [c for c in range(lo + 1, hi) if digit_lost(c, n)]
        if len(fits) == 1:
            pg.printed_number, pg.number_conf = fits[0], min(pg.number_conf, RESTORED_NUMBER_CONF)


__all__ = ["printed_number", "read_printed_number", "own_footer_only", "assign_printed_numbers", "undo_doubled_digits", "number_in_line",
           "repair_numbers", "numbers_run_into_lines",
           "physical_pages", "with_lost_numbers"]
