"""How sure the text of a page is at a given place: confidence of OCR readings.

Checks that fail on numbers, dates or case numbers read by OCR quote those
readings as evidence; the confidence of exactly those characters (the worst
character of a date, of a page number) tells a sure reading from a guess.
Text-layer pages read 1.0 everywhere.
"""
from __future__ import annotations

import re
from itertools import product
from collections.abc import Iterable
from datetime import date

from ingest.datamodel import DECISIVE_READING_CONF, DatedEvent, Dossier, Page
from ingest.dates import WRAPPED_DAY, find_dates, find_monthless
from ingest.facts.outcome import issued_on


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
        out += ln.char_confs()
    return out


def may_hide(page: Page, words: Iterable[str], doubt: float = DECISIVE_READING_CONF) -> bool:
    """The page may hold one of ``words`` misread: a run of its text that keeps at least one of the
    word's characters and differs from it only in doubtful ones (鉴走 with a doubtful 走; two
    doubtful characters that share nothing with the word, 法去, are any word). Never on a
    text-layer page; always on an OCR page whose characters cannot be matched to its text, or
    that holds no text."""
    if not is_ocr(page):
        return False
    chars = page_char_conf(page)
    if chars is None or not page.text.strip():
        return True
    text = page.text

    def hides(i: int, w: str) -> bool:
        run = text[i:i + len(w)]
        return run != w and (len(w) == 1 or any(a == b for a, b in zip(run, w))) \
            and all(a == c or chars[i + j] < doubt for j, (a, c) in enumerate(zip(run, w)))
    return any(hides(i, w) for w in words for i in range(len(text) - len(w) + 1))


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


def _month_day_spans(page: Page, day: date) -> list[tuple[int, int]]:
    """Where `day` is written on the page: the month-and-day part of each place (after 年)."""
    text, spans = page.text, []
    for d, a, b in find_dates(text):
        if d == day:
            m = _YEAR_END.search(text, a, b)
            spans.append((m.end() if m else a, b))
    for m in WRAPPED_DAY.finditer(text):  # a toc cell whose 日 wrapped: its month and day numerals
        if (int(m[1]), int(m[2]), int(m[3])) == (day.year, day.month, day.day):
            spans.append((m.start(2), m.end(3)))
    return spans


def date_conf(page: Page, day: date, misreads_ruled_out: bool = False) -> float:
    """Confidence of the surest place on the page where `day` is written (0.0: not found).

    Only the month and day are scored: a misread year is caught by the plausibility check
    (event_conf), and the 〇 of 二〇二五 is the character OCR is least sure of while any
    reading of it (〇, 0, O, or none) gives the same year. ``misreads_ruled_out``: the caller has
    checked every date a dropped numeral could hide (misread_variants), so the cap on
    Chinese-numeral dates does not apply."""
    if not is_ocr(page):
        return 1.0
    text = page.text
    return max((min(span_conf(page, a, b), HAN_DATE_OCR_CONF)
                if not misreads_ruled_out and _HAN_MONTH_DAY.search(text, a, b) and not drop_safe(text[a:b])
                else span_conf(page, a, b) for a, b in _month_day_spans(page, day)), default=0.0)


MAX_DOUBTFUL = 2  # doubtful numerals of one date whose every reading is still tried
_ARABIC = "0123456789"
_DATE_MARKS = "年月日号〇○零 .-/．"  # what else a date's month and day part is written with


def misread_variants(dossier: Dossier, event: DatedEvent) -> set[date] | None:
    """The days an event's date may be under OCR's usual slips on its month and day: a dropped
    Chinese numeral (十月十七日 may be 十二月十七日 or 十月二十七日), an Arabic digit lost under a
    seal (5月2日 may be 5月27日), or any other reading of the numerals OCR doubted (below
    DECISIVE_READING_CONF: a doubtful 6 of 6月 may be any digit); the read day included, {day} on
    a text layer. None when too much is doubtful to list."""
    out = {event.day}
    if event.page is None or not 1 <= event.page <= len(dossier.pages):
        return out
    page = dossier.page(event.page)
    if not is_ocr(page):
        return out
    chars = page_char_conf(page)
    spans = _month_day_spans(page, event.day)
    if chars is None or not spans:
        return None
    a, b = max(spans, key=lambda s: span_conf(page, *s))  # the place date_conf scores
    m = _HAN_PARTS.search(page.text, a, b)
    for field_, part, top in ((("month", m.group(1), 12), ("day", m.group(2), 31)) if m else ()):
        out |= {d for v in one_numeral_more(part, top) if (d := _replaced(event.day, field_, v))}
    # a seal over 5月27日 may leave 5月2日 read with full confidence: any digit lost anywhere
    for field_, value in ((("month", event.day.month), ("day", event.day.day)) if m is None else ()):
        out |= {d for v in _one_digit_more(value) if (d := _replaced(event.day, field_, v))}
    doubtful = [i for i in range(a, b) if chars[i] < DECISIVE_READING_CONF and page.text[i] in _ARABIC + _HAN_NUMERALS]
    # a seal glyph inside the month or day (十泽月) may be what is left of a numeral it covered
    doubtful += [i for i in range(a, b) if page.text[i] not in _ARABIC + _HAN_NUMERALS + _DATE_MARKS]
    if len(doubtful) > MAX_DOUBTFUL:
        return None
    start = page.text.rfind("\n", 0, a) + 1  # the year before the month and day, for parsing
    for combo in product(*(_ARABIC if _arabic_slot(page.text, i) else _HAN_NUMERALS for i in doubtful)):
        text = list(page.text[start:b])
        for i, c in zip(doubtful, combo):
            text[i - start] = c
        out |= {d for d, _, end in find_dates("".join(text)) if end == b - start and d.year == event.day.year}
    return out


def _arabic_slot(text: str, i: int) -> bool:
    """An Arabic digit, or a glyph beside one (a slot in 5月2泽日 takes Arabic digits)."""
    return text[i] in _ARABIC or (text[i] not in _HAN_NUMERALS and any(
        0 <= j < len(text) and text[j] in _ARABIC for j in (i - 1, i + 1)))


def _one_digit_more(value: int) -> set[int]:
    """Numbers that ``value`` becomes with one digit added anywhere (2 -> 12, 20..29, 32 ...)."""
    v = str(value)
    return {int(v[:i] + c + v[i:]) for i in range(len(v) + 1) for c in _ARABIC}


def _replaced(day: date, field_: str, value: int) -> date | None:
    try:
        return day.replace(**{field_: value})
    except ValueError:  # 二月三十日
        return None


def one_numeral_more(part: str, top: int) -> list[int]:
    """Values from 1 to top that a Chinese numeral becomes with one numeral added anywhere (what
    it may have been before OCR dropped one); [] for Arabic digits."""
    found = (han_small(part[:i] + c + part[i:]) for i in range(len(part) + 1) for c in _HAN_NUMERALS)
    return [v for v in found if v is not None and 1 <= v <= top]


# A month or day in Chinese numerals read by OCR: a dropped character still reads as a valid
# date (十二月 -> 十月, 二十五日 -> 十五日) and OCR gives the remaining ones full scores, so such a
# reading alone never decides a failure (below the engine's decisive 0.7).
HAN_DATE_OCR_CONF = 0.6
_HAN_MONTH_DAY = re.compile(r"[一二三四五六七八九十]\s*月")
_HAN_NUMERALS = "一二三四五六七八九十"
_HAN_SMALL = re.compile(r"([二三]?)十([一二三四五六七八九]?)|([一二三四五六七八九])")
_HAN_PARTS = re.compile(r"([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,4})\s*日")


def han_small(s: str) -> int | None:
    """A Chinese numeral from 1 to 39 written the standard way (十二, 二十五); None otherwise."""
    m = _HAN_SMALL.fullmatch(s)
    if m is None:
        return None
    if m.group(3):
        return _HAN_NUMERALS.index(m.group(3)) + 1
    tens = _HAN_NUMERALS.index(m.group(1)) + 1 if m.group(1) else 1
    return tens * 10 + (_HAN_NUMERALS.index(m.group(2)) + 1 if m.group(2) else 0)


def drop_safe(date_text: str) -> bool:
    """A Chinese-numeral month and day that no single dropped character can explain: every
    way of adding one numeral back (五月二十二日 -> 十五月, 二十二十) is no date, so the
    reading is not a shortened other date as 十月 may be 十二月 and 十五日 二十五日."""
    m = _HAN_PARTS.search(date_text)
    if m is None or han_small(m.group(1)) is None or han_small(m.group(2)) is None:
        return False
    return not one_numeral_more(m.group(1), 12) and not one_numeral_more(m.group(2), 31)


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


def event_conf(dossier: Dossier, event: DatedEvent, misreads_ruled_out: bool = False) -> float | None:
    """Confidence of the date behind a dated event: its OCR score, 0.0 when implausible
    (far from the dates read on the other pages: a birth date taken for a decision date).

    None when the event names no page (nothing to assess). ``misreads_ruled_out``: the caller found
    the same verdict for every day misread_variants lists, so the reading decides (see date_conf).
    """
    if event.page is None or not 1 <= event.page <= len(dossier.pages):
        return None
    page = dossier.page(event.page)
    if not is_ocr(page):
        return 1.0
    others = [e.day for e in dossier.facts.events if e.page != event.page]  # other readings only
    if not plausible_day(event.day, others):
        return 0.0
    if event.how != "toc" and quoted_in_prose(page, event.day) and not (
            event.how == "stated" and written_as_issued(page, event.day)):
        # a date inside prose ("申请人于……日向本委申请仲裁") is often quoted from the
        # narrative: on a scan the document's own date line may have been lost under a seal.
        # An outcome the closing report states as issued that day (法院于…日作出…判决) is read there.
        # A toc row (7 法律援助受援人权利义务告知书 2025年5月15日 8) is a table's cells, however long.
        return 0.0
    if event.how == "report_corroborated":  # not written whole on its page: the report's statement completes it
        return CORROBORATED_CONF
    conf = monthless_conf(page, event.day) if event.how == "ordered" else date_conf(page, event.day, misreads_ruled_out)
    if misreads_ruled_out and 0.0 < conf < DECISIVE_READING_CONF:
        return CORROBORATED_CONF  # every other reading of the doubtful numerals was tried: the verdict holds
    if 0.0 < conf < DECISIVE_READING_CONF and (
            (conf <= HAN_DATE_OCR_CONF and event.day in printed_days(dossier)) or _read_again(dossier, event)):
        return CORROBORATED_CONF  # two sources agree: a text layer, or another page's reading of it
    return conf


def monthless_conf(page: Page, day: date) -> float:
    """Confidence of the year and day numerals of a signing line whose month a seal covered
    (find_monthless), read as ``day``; 0.0 when there is none. The month comes from the order of
    the acts around it, and a day that lost a numeral was ruled out there (facts.events)."""
    chars = page_char_conf(page) if is_ocr(page) else None
    best = 0.0
    for hit in find_monthless(page.text):
        if (hit.year, hit.day) == (day.year, day.day) and hit.month_may_be(day.month):
            confs = [chars[i] if chars else 1.0 for i in range(hit.start, hit.end) if page.text[i] in _NUMERAL_CHARS]
            best = max(best, min(confs, default=0.0))
    return best


_NUMERAL_CHARS = frozenset(_ARABIC + "〇○零OＯ" + _HAN_NUMERALS)


def _read_again(dossier: Dossier, event: DatedEvent, level: float = 0.5) -> bool:
    """Another page dates the same event to the same day, itself read fairly surely (the
    archive form's 立卷日期 and the cover's 归档日期): two misreads landing on one day are rare."""
    for other in dossier.facts.events:
        if other.kind == event.kind and other.day == event.day and other.page not in (None, event.page) \
                and 1 <= other.page <= len(dossier.pages) and not other.fragile \
                and date_conf(dossier.page(other.page), other.day) >= level:
            return True
    return False


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


# 会见时间： / 指派日期, also as the second field of a row (收案日期2025.3.3 结案日期2025.5.28)
_FIELD_LABEL = re.compile(r"(?:^|[\d.\-/日）)])[\u4e00-\u9fff]{0,6}(?:时间|日期)[:：|｜]?$")


def written_as_issued(page: Page, day: date) -> bool:
    """The page writes ``day`` with an issuing verb after it (于2025年8月20日作出裁定)."""
    flat = re.sub(r"\s+", "", page.text)
    return any(d == day and issued_on(flat, b) for d, _, b in find_dates(flat))


def quoted_in_prose(page: Page, day: date, max_len: int = 24) -> bool:
    """`day` is written only inside sentences ("经审理查明：2025年5月13日晚……", "申请人于……日
    向本委申请仲裁"), never on a short line of its own ("二〇二四年十月十六日", "指派日期 2023-09-21")
    or after a date/time field label ("会见时间 2023年7月18日10时10分至11时29分")."""
    places = [(t, a) for t in (re.sub(r"\s+", "", ln.text) for ln in page.lines)
              for d, a, _ in find_dates(t) if d == day]
    return bool(places) and all(len(t) > max_len and not _FIELD_LABEL.search(t[:a]) for t, a in places)


def reading_checks(ocr: Page, twin: Page) -> list[tuple[str, bool, float]]:
    """(kind, read right, confidence) for the page number and each date OCR read on a page,
    judged against the page's digital twin: the data the decisive-confidence threshold is set on.

    kind is "page_number", "date" or "page_number_missed" (twin has a number, OCR none; conf 0).
    """
    from ingest.pages.pagenumbers import read_printed_number

    out: list[tuple[str, bool, float]] = []
    (n, conf), want = read_printed_number(ocr), read_printed_number(twin)[0]
    if n is not None:
        out.append(("page_number", n == want, conf))
    elif want is not None:
        out.append(("page_number_missed", False, 0.0))
    twin_days = {d for d, _, _ in find_dates(twin.text)}
    out += [("date", d in twin_days, span_conf(ocr, a, b)) for d, a, b in find_dates(ocr.text)]
    return out


def reading(page: Page, needle: str) -> list[tuple[str, float]]:
    """Characters of the surest occurrence of needle on the page (whitespace between its
    characters allowed), each with its confidence; [] if it is not on the page."""
    chars = page_char_conf(page) if is_ocr(page) else None
    best: list[tuple[str, float]] = []
    for m in re.finditer(r"\s*".join(map(re.escape, needle)), page.text):
        got = [(ch, chars[i] if chars else (1.0 if not is_ocr(page) else 0.0))
               for i, ch in enumerate(page.text[m.start():m.end()], m.start()) if not ch.isspace()]
        if not best or min(c for _, c in got) > min(c for _, c in best):
            best = got
    return best


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def beyond_misreading(read: list[tuple[str, float]], ours: str, margin: int = 2) -> bool:
    """True when a reading stays at least `margin` edits from ours even if every character
    OCR doubted (below DECISIVE_READING_CONF) was misread: 212 read with a doubtful 2 is still not 75.
    A single edit never counts: OCR misreads one character with full confidence too."""
    doubtful = sum(c < DECISIVE_READING_CONF for _, c in read)
    return edit_distance("".join(ch for ch, _ in read), ours) - doubtful >= margin


def digit_lost(read: int, true: int) -> bool:
    """The reading is the true number with one digit dropped (7 for 17, 3 for 13): what a seal
    or a margin over one digit leaves, read with full confidence."""
    want = str(true)
    return any(want[:i] + want[i + 1:] == str(read) for i in range(len(want)))
