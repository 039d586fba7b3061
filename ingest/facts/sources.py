"""Where a case fact is read from: wrap-joined text, the evidence line, this case's pages, a vote.

Every fact reader needs the same few steps (Chinese lines wrap mid-word, evidence is the
printed line, pages of another case bound into the file state nothing of ours), so they live
here once.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from ingest.datamodel import Document, Dossier, Fact, Page

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def ascii_digits(s: str) -> str:
    """Full-width digits as ASCII ones (number patterns match \\d on either, keys must not differ)."""
    return s.translate(_FULLWIDTH_DIGITS)


def flat_text(text: str) -> str:
    """Text with line breaks removed: Chinese lines wrap mid-word ('提起公' / '诉')."""
    return re.sub(r"[ \t]*\n[ \t]*", "", text)


def without_spaces(s: str) -> str:
    """s with all whitespace removed (OCR spaces glyphs apart)."""
    return re.sub(r"\s+", "", s)


def longest_first(words: Iterable[str]) -> str:
    """The words as one regex alternation, longest first (受援人姓名 is tried before 受援人)."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def line_at(text: str, pos: int) -> str:
    """The stripped line of text that holds offset pos: a fact's evidence as printed."""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return text[a:b if b >= 0 else len(text)].strip()


def vote(items: list[tuple[str, int, str, float]]) -> Fact | None:
    """items: (value, page, evidence, weight) -> the value with the highest total weight."""
    if not items:
        return None
    score: Counter = Counter()
    first: dict[str, tuple[int, str]] = {}
    for val, page, ev, w in items:
        score[val] += w
        first.setdefault(val, (page, ev))
    best = max(score, key=lambda v: (score[v], -first[v][0]))
    return Fact(best, first[best][0], first[best][1])


def case_pages(dossier: Dossier, doc: Document) -> list[Page]:
    """The document's pages that are this case's: a page of another case bound into it (BD-07)
    dates and states nothing of ours."""
    return [pg for pg in (dossier.page(i) for i in doc.pages if 1 <= i <= len(dossier.pages))
            if "other_case" not in pg.flags]
