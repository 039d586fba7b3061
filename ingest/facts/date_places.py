"""Where a date sits on a page (signing line, quoted in prose, a field) and labelled dates.

A document's own date is its 落款 or a labelled field; a date quoted in its body
(你于2025年3月3日提出的申请) is another event's. The wording is data (data/date_wording.yaml).
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from ingest.dates import DateReading, find_date_readings
from ingest.facts.sources import longest_first, without_spaces
from ingest.facts.wording import load_wording
from ingest.facts.seals import seal_explains

DATE_WORDING_FILE = Path(__file__).resolve().parents[1] / "data" / "date_wording.yaml"
_DW = load_wording(DATE_WORDING_FILE)


_QUOTE_BEFORE = re.compile(rf"(?:{longest_first(_DW['quote_before'])})$")
_QUOTE_AFTER = re.compile(rf"^(?:{longest_first(_DW['quote_after'])})")
_SIGNING = re.compile(longest_first(_DW["signing_words"]))
_SIGNING_LABEL = re.compile(rf"(?:^|[\s（(）)])(?:{longest_first(_DW['signing_labels'])})[:：]?$")
_OTHER_LABEL = re.compile(r"(?:日期|时间|生日|出生|[年月日])[:：]?$")
_TIME_OF_DAY = re.compile(r"^(?:[上下]午|晚上?|凌晨|中午|早上)?(?:\d{1,2}\s*[时点:：]\s*(?:\d{1,2}\s*分?)?)?(?:许|左右)?")
_SENTENCE_END = re.compile(r"[。；;！？!?]")
_WRAP = 16  # a neighbouring line this long is running prose that may wrap around a date
Place = str  # 'signature' | 'quoted' | 'field' | 'prose'


def date_place(text: str, r: DateReading) -> Place:
    """Where a date sits in a page's text: why it is (not) the document's own date.

    quoted: inside a sentence, after 于/自/在 or before 提出/申请/起 (the wrapped
    neighbour line counts when it is running prose); signature: alone on its
    line, or after a signer, a seal holder or a signing label (the 落款);
    field: after another field label (出生日期); prose: any other running text.
    """
    a = text.rfind("\n", 0, r.start) + 1
    b = text.find("\n", r.end)
    b = len(text) if b < 0 else b
    left, right = without_spaces(text[a:r.start]), without_spaces(text[r.end:b])
    prev = without_spaces(text[text.rfind("\n", 0, max(a - 1, 0)) + 1:max(a - 1, 0)]) if a else ""
    nxt_end = text.find("\n", b + 1)
    nxt = without_spaces(text[b + 1:nxt_end if nxt_end >= 0 else len(text)]) if b < len(text) else ""
    before = left or (prev if len(prev) >= _WRAP and not _SENTENCE_END.search(prev[-1:]) else "")
    after = right or (nxt if len(left) >= _WRAP else "")
    if _QUOTE_BEFORE.search(before[-4:]) or _QUOTE_AFTER.search(after[:4]):
        return "quoted"
    tail = right[_TIME_OF_DAY.match(right).end():].strip("，,。.；;")
    if re.fullmatch(r"[\u4e00-\u9fff★]{1,6}", tail) and seal_explains(text, r.start, r.end, tail):
        tail = ""  # seal glyphs landed after the date on its line (二〇二五年六月二十七日 沧 李 区 人)
    head = _SENTENCE_END.split(left)[-1].strip("，,：:")
    if tail and not _SIGNING.search(tail):
        return "prose"
    raw_head = _SENTENCE_END.split(text[a:r.start])[-1].rstrip()  # spaces kept: 签名 戴红贵 日期
    if len(head) <= 2 or _SIGNING_LABEL.search(raw_head):
        return "signature"
    if _OTHER_LABEL.search(head):
        return "field"
    if len(head) <= 30 and not re.search(r"[，,]", head) and _SIGNING.search(head):
        return "signature"
    return "prose"


def placed_dates(text: str) -> list[tuple[DateReading, Place]]:
    """Every date of a page's text with where it sits, in text order."""
    return [(r, date_place(text, r)) for r in find_date_readings(text)]


def labelled_reading(text: str, labels: tuple[str, ...]) -> tuple[DateReading, int] | None:
    """The date right after one of the labels ('会见时间：2025年6月3日上午', spans in `text`) and
    the label's offset; label order = priority."""
    for lab in labels:
        # a generic label (时间, 日期) must stand alone: not 出生日期, 案发时间
        guard = r"(?<![\u4e00-\u9fff])" if len(lab) <= 2 else ""
        for m in re.finditer(rf"{guard}{re.escape(lab)}\s*[:：]?\s*", text):
            hits = find_date_readings(text[m.end():m.end() + 28])
            if hits and hits[0].start <= 2:
                return replace(hits[0], start=m.end() + hits[0].start, end=m.end() + hits[0].end), m.start()
    return None


RECOUNT_REACH = 30  # characters after a date in which what it recounts (提出…申请) must be said


def recounted_reading(text: str, phrases: tuple[re.Pattern, ...]) -> DateReading | None:
    """The first date that prose recounts as the day of an act: 于<date> followed by one of the
    phrases (你于2024年5月20日提出的法律援助申请: 提出…申请)."""
    for r in find_date_readings(text):
        if r.start and text[r.start - 1] == "于" and any(
                ph.match(text, r.end, r.end + RECOUNT_REACH) for ph in phrases):
            return r
    return None


def labelled_date(text: str, labels: tuple[str, ...]) -> tuple[date, int] | None:
    """The date right after one of the labels and the label's offset (see labelled_reading)."""
    hit = labelled_reading(text, labels)
    return (hit[0].day, hit[1]) if hit else None
