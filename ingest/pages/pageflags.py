"""Page-level binding states: blank, rotated, duplicate, unnumbered, unreadable.

These are what a reviewer sees when leafing through the bound file; each is a
deduction in the binding checks (BD-*), so they are computed once here from
the extracted pages and read by the checks.
"""
from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from ingest.datamodel import Page
from ingest.dates import find_dates
from ingest.pages.pagenumbers import number_in_line, printed_number
from ingest.pages.picture import same_picture
from ingest.organs import ISSUER_LINE_ENDINGS, ORGAN_SUFFIXES, either

_MEANINGFUL = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_NOT_MEANINGFUL = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]+")
_WS = re.compile(r"\s+")
MIN_DUP_CHARS = 30  # shorter pages (a signature line, a stamp) are duplicates only next to their twin
MIN_SHORT_DUP = 4


def meaningful_chars(text: str) -> int:
    return len(_NOT_MEANINGFUL.sub("", text or ""))  # findall would build a list of every char


def has_meaningful(text: str) -> bool:
    """meaningful_chars(text) > 0, found at the first such char (blank checks ask it of every page)."""
    return _MEANINGFUL.search(text or "") is not None


BLANK_INK = 0.002  # share of dark pixels below which a scanned sheet is blank (ingest.pages.ocr_image.ink_share)


def is_blank(page: Page) -> bool:
    """No meaningful text and no image (a page number alone still counts as blank)."""
    if page.image_only:  # a scan: blank when OCR read nothing and the sheet has (almost) no ink
        return page.ink is not None and page.ink < BLANK_INK and not has_meaningful(page.text)
    body = [ln.text for ln in page.lines if number_in_line(ln.text) is None] if page.lines \
        else [page.text]
    return not has_meaningful("".join(body)) and not page.garbled


def _body(page: Page) -> str:
    if page.lines:
        body = "".join(ln.text for ln in page.lines if number_in_line(ln.text) is None)
    else:
        body = "\n".join(t for t in page.text.splitlines() if number_in_line(t) is None)
    return _WS.sub("", body)


def content_hash(page: Page, min_chars: int = MIN_DUP_CHARS) -> str | None:
    """Hash of the page text without whitespace and page-number lines; None if trivial."""
    body = _body(page)
    if meaningful_chars(body) < min_chars or page.garbled:
        return None
    return hashlib.sha1(body.encode("utf-8")).hexdigest()


def short_text(page: Page) -> str | None:
    """A short page's body, letters and digits only (a scan reads one caption's （ as ( on one
    copy and as （ on the other); None when trivial."""
    body = _NOT_MEANINGFUL.sub("", _body(page))
    return body if len(body) >= MIN_SHORT_DUP and not page.garbled else None


# A line that names the issuing body (the signature or the seal's ring) and numeral-only lines:
# a page bound twice may be a second stamped print whose seal landed elsewhere, so its ring
# text and the date it broke up sit on other lines than on the first print.
_ISSUER_LINE = re.compile(rf"^[\u4e00-\u9fff]{{4,}}(?:{either(ISSUER_LINE_ENDINGS)})$")
_NUMERALS = frozenset("〇零一二三四五六七八九十0123456789")
_DATE_CHARS = _NUMERALS | frozenset("年月日")


# 武侯 律援, 成 心, 江: a round seal's glyphs, spaced or short (a title such as 法律援助公函 is no scrap)
_SEAL_SCRAP = re.compile(r"^\s*[\u4e00-\u9fff★☆]{1,3}(?:\s+[\u4e00-\u9fff★☆]{1,3})*\s*$")
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,3}?[省市区县]")
_ORGAN_CHARS = frozenset("".join(ORGAN_SUFFIXES)) | frozenset("★☆")


def _ring_chars(text: str) -> frozenset[str]:
    """What a round seal's scattered glyphs may read (泉山 律援 / 徐 心): an organ's name, that is
    the characters of organ names' endings and of the places the page names (徐州市, 泉山区)."""
    return _ORGAN_CHARS.union(*(set(m.group()) for m in _PLACE.finditer(re.sub(r"\s+", "", text))))


def _is_page_number(line: str, page: Page) -> bool:
    """The line prints the page's own number (a seal-split year's 202 on a line of its own is no
    page number when the page is numbered 11)."""
    n = number_in_line(line)
    return n is not None and (page.printed_number is None or n[0] == page.printed_number)


def _line_texts(page: Page) -> list[str]:
    """The page's text lines: its laid-out lines, else its text's."""
    return [ln.text for ln in page.lines] if page.lines else page.text.splitlines()


def _line_readings(page: Page) -> list[tuple[str, list[float]]]:
    """The page's text lines, each with its characters' confidences (a text layer's are sure)."""
    if not page.lines:
        return [(t, [1.0] * len(t)) for t in page.text.splitlines()]
    return [(ln.text, ln.char_confs()) for ln in page.lines]


def print_key(page: Page, min_chars: int = MIN_DUP_CHARS) -> str | None:
    """Hash of what a second print of the page shares with the first: its text lines without
    page numbers, punctuation, seal ring text and date fragments (whose numerals still count,
    in any order); None if trivial. Two notices to different addressees differ in a line that
    is none of these (曾庆宇：), two signing dates in their numerals."""
    texts = [t for t in _line_texts(page) if not _is_page_number(t, page)]
    flat = [_NOT_MEANINGFUL.sub("", t) for t in texts]
    loose = set(_DATE_CHARS).union(*(set(t) for t in flat if _ISSUER_LINE.match(t)))
    ring = _ring_chars(page.text)
    kept, numerals = [], []
    for raw, t in zip(texts, flat):
        if set(t) <= loose:
            numerals += [c for c in t if c in _NUMERALS]
        elif not (_SEAL_SCRAP.match(raw) and set(t) <= ring):
            kept.append(t)
    body = "".join(kept)
    if len(body) < min_chars or page.garbled:
        return None
    return hashlib.sha1(f"{body}|{''.join(sorted(numerals))}".encode("utf-8")).hexdigest()


# Two scans of one sheet OCR a little differently (a speckle read as 朔, a doubtful 己/已): a
# scanned page is a second print of an earlier one when their bodies align except for short
# runs that OCR itself doubted. Two notices to different addressees differ in surely read names.
NEAR_DUP_MIN_CHARS = 120   # long enough that a few doubtful characters cannot make pages alike
NEAR_DUP_MAX_RUN = 2       # a longer differing run is content, not a misread character
NEAR_DUP_DOUBT = 0.9       # characters read below this confidence may differ between two scans
NEAR_DUP_MAX_RUNS = 4
NEAR_DUP_MAX_ONE_SIDED = 1  # characters one scan doubted and the other read surely as another


def _body_reading(page: Page) -> list[tuple[str, float]]:
    """The page body as in _body, each character with its OCR confidence."""
    out: list[tuple[str, float]] = []
    for ln in page.lines:
        if number_in_line(ln.text) is not None:
            continue
        out += [(ch, c) for ch, c in zip(ln.text, ln.char_confs()) if not ch.isspace()]
    return out


def _differs_only_in_doubt(a: list[tuple[str, float]], b: list[tuple[str, float]]) -> bool:
    """True if a and b align except for at most a few short runs of doubtful characters, and
    at most one character that one scan doubted and the other read otherwise (a check box read
    as a doubtful 日 on one scan, as 回 on the other); never a numeral, which tells sheets apart."""
    sa, sb = "".join(ch for ch, _ in a), "".join(ch for ch, _ in b)
    sm = difflib.SequenceMatcher(None, sa, sb, autojunk=False)
    runs = [op for op in sm.get_opcodes() if op[0] != "equal"]
    if len(runs) > NEAR_DUP_MAX_RUNS:
        return False
    one_sided = 0
    for op, i0, i1, j0, j1 in runs:
        if max(i1 - i0, j1 - j0) > NEAR_DUP_MAX_RUN:
            return False
        sure = [any(_doubt(r, k) >= NEAR_DUP_DOUBT and _MEANINGFUL.match(r[k][0]) for k in range(lo, hi))
                for r, lo, hi in ((a, i0, i1), (b, j0, j1))]
        if not any(sure):
            continue
        if all(sure) or op != "replace" or i1 - i0 != 1 or j1 - j0 != 1 \
                or sa[i0] in _NUMERALS or sb[j0] in _NUMERALS:
            return False
        one_sided += 1
        if one_sided > NEAR_DUP_MAX_ONE_SIDED:
            return False
    return True


def _doubt(reading: list[tuple[str, float]], k: int) -> float:
    """Confidence of reading[k], or of its doubled neighbour: OCR's stutter 物业业自住 aligns its
    extra 业 with either copy, so a run of one character is as sure as its least sure copy."""
    ch, conf = reading[k]
    for step in (-1, 1):
        j = k + step
        while 0 <= j < len(reading) and reading[j][0] == ch:
            conf = min(conf, reading[j][1])
            j += step
    return conf


def _scanned_twin(page: Page, earlier: list[list[tuple[str, float]]]) -> bool:
    """Whether an OCR'd page repeats an earlier OCR'd page (their readings in `earlier`) up to
    doubtful characters; a page that repeats none joins `earlier`."""
    body = _body_reading(page)
    if len(body) < NEAR_DUP_MIN_CHARS or page.garbled:
        return False
    for other in earlier:
        if abs(len(other) - len(body)) <= NEAR_DUP_MAX_RUN * NEAR_DUP_MAX_RUNS \
                and _differs_only_in_doubt(other, body):
            return True
    earlier.append(body)
    return False


# A second scanned print whose seal landed elsewhere loses other characters of its signing
# block (20年9第日 on one print, 2025年月2日 on the other): its body, without the signing block,
# is the first print's, and the digits each print kept of the date fit one date.
_ADDRESSEE = re.compile(r"[:：]\s*$")
REPRINT_MIN_CHARS = 60  # the body must be the same to the character, so shorter than NEAR_DUP_MIN_CHARS
REPRINT_MAX_UNREAD = 1  # date numerals OCR doubted (0 for 9 under the seal): unread, never compared
DATE_YEARS = range(2000, 2040)  # the years a dossier's signing dates are tried in
_ZEROS = str.maketrans("〇零", "00")
_HAN_DIGITS = "〇一二三四五六七八九"


def _date_line(text: str) -> bool:
    """A short line that is mostly a date's characters (a signing date a seal broke up)."""
    flat = _NOT_MEANINGFUL.sub("", text)
    return 0 < len(flat) <= 14 and bool(re.search("[年月日]", flat)) \
        and sum(c in _DATE_CHARS for c in flat) * 3 >= len(flat) * 2


class Print(NamedTuple):
    """What two prints of one sheet share and what a seal may change between them."""
    body: str            # the text without page numbers, issuer lines, seal scraps and date lines
    numerals: str        # the date lines' numerals, Arabic or Chinese, in order
    whole: bool          # every date line reads as a whole date
    scraps: frozenset[str]  # characters of short spaced lines (德 和 师 事): a seal's ring, or a name
    seal: frozenset[str]    # what this print's seal may read: its scraps, issuer lines, organ and place names


def scan_print(page: Page) -> Print | None:
    """The page as a print (Print); None when the body is short. A seal scrap (德 和 师 事) counts
    as the seal's only when the other print's seal can read it; a short line that is a name
    (张伟) is content: same_print tells the two apart. The numerals are Arabic or Chinese
    (二〇二四年九月八日 tells two sheets apart as 2024年9月8日 does), with a lone numeral the seal
    split off the date (二〇二五年 / 十 / 月十四日); one numeral OCR doubted is unread, not compared
    (None when more are)."""
    read = [(t, c) for t, c in _line_readings(page) if number_in_line(t) is None]
    body, digits, whole, scraps, unread = [], [], True, [], 0
    seal = set(_ring_chars(page.text))
    for t, confs in read:
        flat = _NOT_MEANINGFUL.sub("", t)
        if _date_line(t) or (flat and len(flat) <= 2 and set(flat) <= _NUMERALS and _SEAL_SCRAP.match(t)):
            sure = [ch for ch, cf in zip(t, confs) if ch in _NUMERALS and cf >= NEAR_DUP_DOUBT]
            missed = sum(ch in _NUMERALS for ch in t) - len(sure)
            unread += missed
            digits += sure
            whole = whole and not missed and bool(find_dates(t))
        elif _ISSUER_LINE.match(flat) and not _ADDRESSEE.search(t):
            seal |= set(flat)  # an organ addressed (成都市武侯区人民法院：) is content, not a seal's ring
        elif _SEAL_SCRAP.match(t):
            scraps.append(flat)
        else:
            body.append(flat)
    joined = "".join(body)
    if len(joined) < REPRINT_MIN_CHARS or page.garbled or unread > REPRINT_MAX_UNREAD:
        return None
    scrap_chars = frozenset("".join(scraps))
    return Print(joined, "".join(digits), whole, scrap_chars, frozenset(seal | scrap_chars))


def _subsequence(part: str, whole: str) -> bool:
    it = iter(whole)
    return all(c in it for c in part)


def _han(n: int) -> str:
    """1..31 in Chinese numerals (十七, 二十, 三十一)."""
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else _HAN_DIGITS[tens] + "十")) + \
        ("" if ones == 0 else _HAN_DIGITS[ones])


@lru_cache(maxsize=1)
def _dates_written() -> tuple[str, ...]:
    """Every date of DATE_YEARS as its numerals are written: 2025年9月2日, 2025.09.02 and
    二〇二五年九月二日 (〇 and 零 as 0, as OCR reads them too)."""
    out = []
    for y in DATE_YEARS:
        han_year = "".join(_HAN_DIGITS[int(c)] for c in str(y))
        for m in range(1, 13):
            for d in range(1, 32):
                try:
                    date(y, m, d)
                except ValueError:
                    continue
                out += [f"{y}{m}{d}", f"{y}{m:02d}{d:02d}", f"{han_year}{_han(m)}{_han(d)}".translate(_ZEROS)]
    return tuple(out)


def _one_date_explains(a: str, b: str) -> bool:
    """Some date, written out, holds each print's numerals in order (20 9 of 20年9第日 and 20252 of
    2025年月2日 are both in 202592); 十七 and 十八 are never one day's."""
    a, b = a.translate(_ZEROS), b.translate(_ZEROS)
    return any(_subsequence(a, w) and _subsequence(b, w) for w in _dates_written())


def same_print(a: Print, b: Print) -> bool:
    """Two prints of one sheet: one body, short spaced lines that each print's seal can read on
    the other, and date numerals that one date explains (each print's numerals in order within
    it); two whole dates that differ are two sheets, and a whole date is that date: the other
    print's numerals lie in it in order."""
    if a.body != b.body or not (a.scraps <= b.seal and b.scraps <= a.seal):
        return False
    if a.numerals == b.numerals:
        return True
    if a.whole and b.whole:
        return False
    if a.whole or b.whole:
        whole, part = (a.numerals, b.numerals) if a.whole else (b.numerals, a.numerals)
        return _subsequence(part.translate(_ZEROS), whole.translate(_ZEROS))
    return _one_date_explains(a.numerals, b.numerals)


def _reprint(page: Page, earlier: list[Print]) -> bool:
    """Whether a page is a second print of an earlier one (same_print): a scan, or a text layer
    whose seal landed elsewhere (its ring glyphs and the date it broke on other lines); a page
    that is none joins ``earlier``."""
    mine = scan_print(page)
    if mine is None:
        return False
    if any(same_print(other, mine) for other in earlier):
        return True
    earlier.append(mine)
    return False


def flag_pages(pages: list[Page], exempt: Iterable[int] = (), first_numbered: int | None = None) -> None:
    """Set Page.flags on every page (1-based indexes in `exempt` are cover/toc pages).

    `unnumbered` applies to non-blank pages after the last exempt page (or from
    `first_numbered`) that carry no printed number.
    """
    exempt = set(exempt)
    if first_numbered is None:
        first_numbered = (max(exempt) + 1) if exempt else 1
    seen: dict[str, int] = {}
    seen_print: set[str] = set()
    scanned: list[list[tuple[str, float]]] = []
    prints: list[Print] = []
    prev: Page | None = None
    for pg in pages:
        flags = pg.flags
        for f in ("blank", "rotated", "duplicate", "unnumbered", "unreadable"):
            flags.discard(f)
        if pg.printed_number is None and pg.lines:
            pg.printed_number = printed_number(pg)
        blank = is_blank(pg)
        if blank:
            flags.add("blank")
        if pg.rotation % 360 in (90, 180, 270):
            flags.add("rotated")
        if pg.image_only and pg.text_source in ("none", "") or (pg.garbled and not pg.readable) \
                or (pg.garbled and meaningful_chars(pg.text) < 10):
            flags.add("unreadable")
        h, second = content_hash(pg), print_key(pg)
        if h is not None or second is not None:
            if h in seen or second in seen_print:
                flags.add("duplicate")
            elif (pg.text_source == "ocr" and _scanned_twin(pg, scanned)) or _reprint(pg, prints):
                flags.add("duplicate")
            if h is not None:
                seen.setdefault(h, pg.index)
            if second is not None:
                seen_print.add(second)
        elif prev is not None and not blank:
            # a short page (a signature/date tail) counts only when it repeats the page before it:
            # a dated tail, or a caption whose embedded images (a scan's picture) are the same too
            # (repeated captions such as '（照片）' over different photos are normal)
            short = short_text(pg)
            if short is not None and short == short_text(prev) and (
                    find_dates(pg.text) or (pg.image_key is not None and pg.image_key == prev.image_key)
                    or (pg.picture is not None and prev.picture is not None and same_picture(pg.picture, prev.picture))):
                flags.add("duplicate")
        if not blank:
            prev = pg
        if (not blank and pg.index not in exempt and pg.index >= first_numbered
                and pg.printed_number is None and "unreadable" not in flags):
            flags.add("unnumbered")
