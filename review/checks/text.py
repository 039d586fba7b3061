"""Small text helpers shared by the checks (no domain decisions here)."""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
import unicodedata

from ingest.datamodel import Document, Dossier
from review.messages import message

_SENT_SPLIT = re.compile(r"(?<=[。！？!?；;])|\n")
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def normalize(text: str) -> str:
    """NFKC (full-width -> half-width), unify brackets, drop whitespace."""
    t = unicodedata.normalize("NFKC", text or "")
    t = t.replace("〔", "(").replace("〕", ")").replace("[", "(").replace("]", ")")
    t = t.replace("【", "(").replace("】", ")")
    return re.sub(r"\s+", "", t)


def flat(text: str) -> str:
    """Text with all whitespace removed, so a cue broken across lines still matches."""
    return re.sub(r"\s+", "", text or "")


def sentences(text: str) -> list[str]:
    """Split into sentences/lines, stripped, non-empty."""
    return [s.strip() for s in _SENT_SPLIT.split(text or "") if s and s.strip()]


def lines(text: str) -> list[str]:
    return [ln.strip() for ln in (text or "").splitlines() if ln.strip()]


def bigrams(text: str) -> frozenset[str]:
    return _bigrams(text or "")


@lru_cache(maxsize=8192)
def _bigrams(text: str) -> frozenset[str]:
    """Cached: the toc alignment compares every row with every document title."""
    t = _PUNCT.sub("", normalize(text))
    return frozenset({t[i:i + 2] for i in range(len(t) - 1)} if len(t) > 1 else ({t} if t else set()))


def dice(a: str, b: str) -> float:
    """Character-bigram Dice similarity in [0, 1]."""
    ba, bb = bigrams(a), bigrams(b)
    if not ba or not bb:
        return 0.0
    return 2 * len(ba & bb) / (len(ba) + len(bb))


def snippet(text: str, limit: int = 80) -> str:
    t = re.sub(r"\s+", " ", text or "").strip()
    return t if len(t) <= limit else t[: limit - 1] + "…"


def _cn_number(s: str) -> int | None:
    """Chinese numerals of dates: 二〇二五 -> 2025, 十二 -> 12, 三十一 -> 31."""
    if s.isdigit():
        return int(s)
    if all(c in _CN_DIGITS for c in s):
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    if "十" in s:
        head, _, tail = s.partition("十")
        tens = _CN_DIGITS.get(head, None) if head else 1
        ones = _CN_DIGITS.get(tail, None) if tail else 0
        if tens is None or ones is None:
            return None
        return tens * 10 + ones
    return None


_DATE_PATTERNS = (
    re.compile(r"(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})"),
    re.compile(r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"),
)


def parse_date(value: object) -> dt.date | None:
    """A date from a date object or common Chinese date text, else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = unicodedata.normalize("NFKC", str(value or ""))
    for pat in _DATE_PATTERNS:
        m = pat.search(text)
        if m:
            nums = [_cn_number(g) for g in m.groups()]
            if None in nums:
                continue
            try:
                return dt.date(*nums)  # type: ignore[arg-type]
            except ValueError:
                continue
    return None


def count_points(text: str, patterns: list[str]) -> int:
    """Number of numbered points (一、 / 1. / （一）), by the most used numbering style."""
    best = 0
    for pat in patterns:
        rx = re.compile(pat, re.MULTILINE)
        best = max(best, len(rx.findall(text or "")))
    return best


_PARAGRAPH_END = re.compile(r"[。；;！!]\s*(\n|$)")


def split_points(text: str, patterns: list[str]) -> list[str]:
    """The bodies of the numbered points in the dominant numbering style."""
    best: list[str] = []
    for pat in patterns:
        rx = re.compile(pat, re.MULTILINE)
        starts = [m.start() for m in rx.finditer(text or "")]
        if len(starts) > len(best):
            bounds = starts + [len(text)]
            best = [text[a:b] for a, b in zip(bounds, bounds[1:])]
    if best:  # the last point ends with its paragraph, not with the letter's closing formula and signature
        end = _PARAGRAPH_END.search(best[-1])
        best[-1] = best[-1][:end.end()] if end else best[-1]
    return best


def unreadable_pages(dossier: Dossier) -> list[int]:
    """Pages whose text could not be read (not blank pages): they may hide a document."""
    out = []
    for p in dossier.pages:
        if "blank" in p.flags:
            continue
        if "unreadable" in p.flags or not p.readable:
            out.append(p.index)
    return out


def doc_label(doc: Document) -> str:
    """``会见笔录（第9-11页）``: a document named for a reviewer."""
    from ingest.doctypes import type_name
    rng = (message("common.page", page=doc.first_page) if doc.first_page == doc.last_page
           else message("common.page_range", first=doc.first_page, last=doc.last_page))
    return message("common.document", type=type_name(doc.type), pages=rng)


def page_of(dossier: Dossier, doc: Document, needle: str) -> int:
    """The page of ``doc`` whose text contains ``needle`` (first page if none does)."""
    for i in doc.pages:
        if needle and needle in dossier.page(i).text:
            return i
    return doc.first_page
