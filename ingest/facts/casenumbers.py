"""Case-number patterns and keys: the one home of every pattern that reads a case or document number.

Legal-aid case numbers come in three layouts (year bracket first, prefix first, kind marker
after the year); a key normalises them so that one case printed three ways still votes once.
Documents' own reference numbers (法援决字) and other issuers' 援 numbers (律援字, 公援字) are
told apart here, because they name no case. Court and organ numbers (刑初, 检…诉) only tell
the stage; the generic bracket-year number only keeps a header from being read as a page number.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ingest.facts.sources import ascii_digits, flat_text
from ingest.facts.wording import DOCUMENT_NUMBER_MARKERS, KIND_MARKERS, OTHER_ISSUER_BEFORE_AID

_OPEN, _CLOSE = r"[（(〔\[【［]", r"[）)〕\]】］]"
CASE_NO_RE = re.compile(
    rf"{_OPEN}\s*((?:19|20)\d\d)\s*{_CLOSE}\s*([\u4e00-\u9fff\dA-Za-z]{{0,12}}?援[\u4e00-\u9fff]{{0,4}}?)"
    r"\s*第?\s*(\d{1,6})\s*号")
# 苏0508法援刑（2025）123号: the year bracket after the prefix
CASE_NO_RE2 = re.compile(
    rf"((?:[\u4e00-\u9fff]\d{{2,6}})?[\u4e00-\u9fff]{{0,2}}援[\u4e00-\u9fff]{{0,4}}?)\s*"
    rf"{_OPEN}\s*((?:19|20)\d\d)\s*{_CLOSE}\s*第?\s*(\d{{1,6}})\s*号")
# 西湖法援（2025）刑代303号: the kind marker after the year bracket
CASE_NO_RE3 = re.compile(
    rf"((?:[\u4e00-\u9fff]\d{{2,6}})?[\u4e00-\u9fff]{{0,4}}援)\s*"
    rf"{_OPEN}\s*((?:19|20)\d\d)\s*{_CLOSE}\s*([\u4e00-\u9fff]{{1,3}}?)字?\s*第?\s*(\d{{1,6}})\s*号")
# Any issuer's number with a bracketed year ((2025)苏0508刑初123号, 〔2025〕第112号), 援 or not.
# It differs from the legal-aid patterns on purpose: it asks for no 援 and no prefix, and its
# brackets lack the full-width ［］, because it only removes numbers from margin lines and toc
# cells (a page number or a row's pages must not be read out of one) and marks a value as a
# number at all; it never tells which case a number is.
YEAR_BRACKET_NUMBER_RE = re.compile(r"[（(〔\[【]\s*(?:19|20)\d\d\s*[）)〕\]】][^\s，。；]{0,20}?第?\s*\d+\s*号")
# court / procuratorate / police case-number markers -> the stage they show
COURT_NUMBER_STAGES: list[tuple[str, re.Pattern]] = [
    ("retrial", re.compile(r"[刑民行]再\d+号|[刑民行]申\d+号")),
    ("appeal", re.compile(r"[刑民行]终\d+号")),
    ("first_instance", re.compile(r"[刑民行]初\d+号")),
    ("prosecution", re.compile(r"检[\u4e00-\u9fff]{0,4}诉\s*[（(〔\[]")),
    ("investigation", re.compile(r"公[\u4e00-\u9fff]{0,4}立字")),
]
# a generic 法援字 or 法援案字 number, as Zhengzhou numbers every case, matches any kind
GENERIC_KIND_MARKERS = ("字", "案", "")

_Hit = tuple[int, int, str, str, str]  # (start, end, year, prefix, number) in the wrap-joined text


def _iter_case_numbers(text: str, documents: bool = False) -> Iterator[_Hit]:
    """Spans refer to the text with line breaks removed (numbers wrap across lines).

    Legal-aid case numbers only, unless ``documents``: a document's own reference
    number (泉山法援决字〔2025〕第112号 on a decision, 法援指字 on an assignment) has a
    document infix after 援 and names the document, not a case.
    """
    t = ascii_digits(flat_text(text))
    hits = [(m.start(), m.end(), m.group(1), m.group(2), m.group(3)) for m in CASE_NO_RE.finditer(t)]
    hits += [(m.start(), m.end(), m.group(2), m.group(1), m.group(3)) for m in CASE_NO_RE2.finditer(t)]
    hits += [(m.start(), m.end(), m.group(2), m.group(1) + m.group(3), m.group(4)) for m in CASE_NO_RE3.finditer(t)]
    for hit in hits:
        if documents or not (is_document_number(hit[3]) or _other_issuer(t, hit[0], hit[3])):
            yield hit


def _around_aid(prefix: str) -> tuple[str, str]:
    """A number's prefix before and after its 援 (spaces dropped; without 援 all of it is after)."""
    flat = re.sub(r"\s", "", prefix)
    before, aid, after = flat.partition("援")
    return (before, after) if aid else ("", flat)


def _other_issuer(text: str, start: int, prefix: str) -> bool:
    """A number of another issuer that uses 援 too: a law firm's 律援字 letter, the police's
    公援字 notice, or the tail of a longer number whose department sits in brackets before 援
    (姑苏公（刑）援字（2024）184号 read from 援 on)."""
    before, _ = _around_aid(prefix)
    if before:
        return before[-1] in OTHER_ISSUER_BEFORE_AID
    return start > 0 and re.match(_CLOSE, text[start - 1]) is not None


def is_document_number(prefix: str) -> bool:
    """'泉山法援决字' -> True: the character after 援 is a document infix (决/指/函 ...), not a kind marker."""
    _, after = _around_aid(prefix)
    return bool(after) and after[0] in DOCUMENT_NUMBER_MARKERS and not any(after.startswith(m) for m, _ in KIND_MARKERS)


def _key(year: str, prefix: str, num: str) -> str:
    """year|area code|kind marker|number: document-specific infixes (决字, 指字) and 字/第 ignored."""
    prefix = re.sub(r"\s", "", prefix)
    area = "".join(re.findall(r"\d", prefix))
    after = prefix.split("援", 1)[1] if "援" in prefix else prefix
    marker = next((mk for mk, _ in KIND_MARKERS if after.startswith(mk)), after[:1])
    return f"{year}|{area}|{marker}|{int(num)}"


def case_no_key(s: str) -> str | None:
    """Normalised comparison key of a legal-aid case number (brackets/width/spaces/字/第 ignored)."""
    for _, _, y, pre, num in _iter_case_numbers(s):
        return _key(y, pre, num)
    return None


def find_case_numbers(text: str) -> list[tuple[str, str]]:
    """(as printed, key) for every legal-aid case number in text (court numbers lack 援; documents' own numbers skipped)."""
    return list(_case_numbers(text))


@lru_cache(maxsize=4096)
def _case_numbers(text: str) -> tuple[tuple[str, str], ...]:
    """Cached: the facts, BD-07 and BD-08 read the case numbers of the same pages."""
    flat = flat_text(text)
    return tuple((flat[a:b], _key(y, pre, num)) for a, b, y, pre, num in sorted(_iter_case_numbers(text)))


def key_marker(key: str) -> str:
    """The kind marker of a case-number key (刑, 民, 字 ...)."""
    return key.split("|")[2]


def same_kind(key_a: str, key_b: str) -> bool:
    """Two case-number keys of the same kind marker (a generic 法援字 or 法援案字 number, as
    Zhengzhou numbers every case, matches any kind)."""
    ma, mb = key_marker(key_a), key_marker(key_b)
    return ma == mb or ma in GENERIC_KIND_MARKERS or mb in GENERIC_KIND_MARKERS
