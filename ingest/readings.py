"""How sure the text of a page is at a given place: confidence of OCR readings.

Checks that fail on numbers, dates or case numbers read by OCR quote those
readings as evidence; the confidence of exactly those characters (the worst
character of a date, of a page number) tells a sure reading from a guess.
Text-layer pages read 1.0 everywhere.
"""
from __future__ import annotations

import re
from datetime import date

from .datamodel import DatedEvent, Dossier, Page
from .dates import find_dates


def is_ocr(page: Page) -> bool:
    return page.text_source == "ocr"


def page_char_conf(page: Page) -> list[float] | None:
    """One confidence per character of page.text (None when text and lines disagree)."""
    if not page.lines or page.text != "\n".join(ln.text for ln in page.lines):
        return None
    out: list[float] = []
    for k, ln in enumerate(page.lines):
        if k:
            out.append(1.0)  # the joining newline
        out += ln.char_conf if len(ln.char_conf) == len(ln.text) else [ln.conf] * len(ln.text)
    return out


def span_conf(page: Page, start: int, end: int) -> float:
    """Lowest character confidence of page.text[start:end] (1.0 on text-layer pages)."""
    if not is_ocr(page):
        return 1.0
    chars = page_char_conf(page)
    if chars is None:  # text rebuilt elsewhere: fall back to the least sure line
        return min((ln.conf for ln in page.lines), default=0.0)
    part = chars[start:end]
    return min(part) if part else 0.0


_YEAR_END = re.compile(r"年|[.\-/]")


def date_conf(page: Page, day: date) -> float:
    """Confidence of the surest place on the page where `day` is written (0.0: not found).

    Only the month and day are scored: a misread year is caught by the plausibility check
    (event_conf), and the 〇 of 二〇二五 is the character OCR is least sure of while any
    reading of it (〇, 0, O, or none) gives the same year."""
    if not is_ocr(page):
        return 1.0
    text = page.text
    spans = []
    for d, a, b in find_dates(text):
        if d == day:
            m = _YEAR_END.search(text, a, b)
            spans.append((m.end() if m else a, b))
    return max((min(span_conf(page, a, b), HAN_DATE_OCR_CONF) if _HAN_MONTH_DAY.search(text, a, b)
                else span_conf(page, a, b) for a, b in spans), default=0.0)


# A month or day in Chinese numerals read by OCR: a dropped character still reads as a valid
# date (十二月 -> 十月, 二十五日 -> 十五日) and OCR gives the remaining ones full scores, so such a
# reading alone never decides a failure (below the engine's decisive 0.7).
HAN_DATE_OCR_CONF = 0.6
_HAN_MONTH_DAY = re.compile(r"[一二三四五六七八九十]\s*月")


def pattern_conf(page: Page, pattern: str | re.Pattern, worst: bool = False) -> float:
    """Confidence of the surest match of pattern (worst=True: of the least sure); 0.0 if none.

    worst=True when every match is decisive: a page flagged for a foreign case
    number has no matching one, and any of them may be ours misread.
    """
    if not is_ocr(page):
        return 1.0
    rx = re.compile(pattern) if isinstance(pattern, str) else pattern
    confs = [span_conf(page, m.start(), m.end()) for m in rx.finditer(page.text)]
    return (min if worst else max)(confs, default=0.0)


def text_conf(page: Page, needle: str) -> float:
    """Confidence of the surest occurrence of a literal text on the page; 0.0 if absent."""
    if not needle:
        return 0.0 if is_ocr(page) else 1.0
    return pattern_conf(page, re.escape(needle))


def digits_conf(page: Page, line_needle: str) -> float:
    """Confidence of the digits in the first line that contains line_needle (toc rows, fields).

    A toc row's decisive reading is its page range, not its title; rows read
    as separate cells fall back to the least sure digit-bearing line.
    """
    if not is_ocr(page):
        return 1.0
    with_digits = [ln for ln in page.lines if re.search(r"\d", ln.text)]
    for ln in with_digits:
        if line_needle and line_needle in re.sub(r"\s+", "", ln.text):
            return min((ln.span_conf(m.start(), m.end()) for m in re.finditer(r"\d+", ln.text)), default=ln.conf)
    return min((ln.conf for ln in with_digits), default=0.0)


def plausible_day(day: date, others: list[date], slack_days: int = 300) -> bool:
    """A date lies near the other dates of the case (a misread year lands a year away).

    With fewer than two other dates there is no range to compare with: plausible.
    """
    if len(others) < 2:
        return True
    lo, hi = min(others), max(others)
    return (lo - day).days <= slack_days and (day - hi).days <= slack_days


def event_conf(dossier: Dossier, event: DatedEvent) -> float | None:
    """Confidence of the date behind a dated event: its OCR score, 0.0 when implausible
    (far from the dates read on the other pages: a birth date taken for a decision date).

    None when the event names no page (nothing to assess).
    """
    if event.page is None or not 1 <= event.page <= len(dossier.pages):
        return None
    page = dossier.page(event.page)
    if not is_ocr(page):
        return 1.0
    others = [e.day for e in dossier.facts.events if e.page != event.page]  # other readings only
    if not plausible_day(event.day, others):
        return 0.0
    if quoted_in_prose(page, event.day):
        # a date inside prose ("申请人于……日向本委申请仲裁") is often quoted from the
        # narrative: on a scan the document's own date line may have been lost under a seal
        return 0.0
    conf = date_conf(page, event.day)
    if 0.0 < conf <= HAN_DATE_OCR_CONF and event.day in printed_days(dossier):
        return CORROBORATED_CONF  # the same date printed on a page with a text layer: two sources agree
    return conf


# an OCR'd Chinese-numeral date that a page with a text layer also prints: a dropped or misread
# character would have to land on exactly a date the dossier states elsewhere
CORROBORATED_CONF = 0.8


def printed_days(dossier: Dossier) -> frozenset[date]:
    """Every date written on the dossier's pages that have a text layer (not OCR), computed once
    per dossier (kept in the instance's __dict__, next to the pages it is read from)."""
    cached = dossier.__dict__.get("_printed_days")
    if cached is None:
        cached = frozenset(d for pg in dossier.pages if not is_ocr(pg) for d, _, _ in find_dates(pg.text))
        dossier.__dict__["_printed_days"] = cached
    return cached


_FIELD_LABEL = re.compile(r"^[\u4e00-\u9fff]{0,6}(?:时间|日期)[:：]?$")  # 会见时间： / 指派日期


def quoted_in_prose(page: Page, day: date, max_len: int = 24) -> bool:
    """`day` is written only inside sentences ("经审理查明：2025年5月13日晚……", "申请人于……日
    向本委申请仲裁"), never on a short line of its own ("二〇二四年十月十六日", "指派日期 2023-09-21")
    or after a date/time field label ("会见时间 2023年7月18日10时10分至11时29分")."""
    places = [(t, a) for t in (re.sub(r"\s+", "", ln.text) for ln in page.lines)
              for d, a, _ in find_dates(t) if d == day]
    return bool(places) and all(len(t) > max_len and not _FIELD_LABEL.match(t[:a]) for t, a in places)


def reading_checks(ocr: Page, twin: Page) -> list[tuple[str, bool, float]]:
    """(kind, read right, confidence) for the page number and each date OCR read on a page,
    judged against the page's digital twin: the data the decisive-confidence threshold is set on.

    kind is "page_number", "date" or "page_number_missed" (twin has a number, OCR none; conf 0).
    """
    from .pagenumbers import read_printed_number

    out: list[tuple[str, bool, float]] = []
    (n, conf), want = read_printed_number(ocr), read_printed_number(twin)[0]
    if n is not None:
        out.append(("page_number", n == want, conf))
    elif want is not None:
        out.append(("page_number_missed", False, 0.0))
    twin_days = {d for d, _, _ in find_dates(twin.text)}
    out += [("date", d in twin_days, span_conf(ocr, a, b)) for d, a, b in find_dates(ocr.text)]
    return out
