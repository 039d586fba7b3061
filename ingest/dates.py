"""Dates as written in Chinese legal documents, in Arabic or Chinese numerals.

Deadlines (assignment within 3 days, filing within 30 days) are computed
from these, so an impossible date (2025年2月30日) is rejected, not clamped.
Electronic seals put their glyphs into the text layer, often inside the
signing line (二〇二五年苏三月四日, 2025年3月州4日): such a date is still read, as
`broken` (a fragile reading a failure cannot rest on alone).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "o": 0, "0": 0, "◯": 0, "一": 1, "壹": 1, "二": 2, "贰": 2,
             "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6,
             "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
_CN = "〇○◯零ＯOo0一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾"
_FW = str.maketrans("０１２３４５６７８９．－／", "0123456789.-/")

_SP = r"[ \t\u3000]*"
_S1 = r"[ \u3000]?"  # OCR splits a digit run into two boxes: "20 25年", "1 5日"
# 2025年6月3日 / 2025 年 6 月 3 日 / 20 25年6月1 5日 (号 accepted as in spoken style)
_RE_YMD_CN = re.compile(
    rf"(?<!\d)((?:19|20){_S1}\d{_S1}\d){_SP}年{_SP}(\d{_S1}\d|\d){_SP}月{_SP}(\d{_S1}\d|\d){_SP}[日号]")
# OCR look-alikes of digits, fixed only inside a digit run (see fix_ocr_digits)
_LOOKALIKE = {"O": "0", "o": "0", "Ｏ": "0", "l": "1", "I": "1", "|": "1", "ｌ": "1", "Ｉ": "1"}
_RUN = re.compile(r"(?<![A-Za-z])[\dOoＯlI|ｌＩ]{2,}(?![A-Za-z])")
_YEAR_AFTER_RULE = re.compile(r"(?:19|2[\dOoＯ])[\dOoＯ]{2}(?:年|[.\-/．](?=\d))")
# 2025.6.3 / 2025-06-03 / 2025/6/3 (same separator twice)
_RE_YMD_SEP = re.compile(r"(?<![\d.\-/])((?:19|20)\d\d)([.\-/])(\d{1,2})\2(\d{1,2})(?![\d])")
# 二〇二五年六月三日, 二零二五年十二月二十一日
_RE_YMD_HAN = re.compile(  # a spaced-out year (二○ 二四年, justified text) is one year
    rf"((?:[{_CN[:-2]}]{_S1}){{3}}[{_CN[:-2]}]){_SP}年{_SP}([{_CN}]{{1,3}}){_SP}月{_SP}([{_CN}]{{1,4}}){_SP}[日号]")

# OCR drops the small 〇 of 二〇二四: "二二四年八月十八日" is read as 2024 (years 2010-2039 only)
_RE_YMD_HAN3 = re.compile(
    rf"(?<![{_CN}])(二[一二三][{_CN[:-2]}]){_SP}年{_SP}([{_CN}]{{1,3}}){_SP}月{_SP}([{_CN}]{{1,4}}){_SP}[日号]")


def _cn_number(s: str) -> int | None:
    """Chinese numeral up to 99: 三, 十, 十二, 二十, 二十一, 三十 (also 贰拾壹)."""
    s = s.replace("拾", "十")
    if not s:
        return None
    if "十" in s:
        head, _, tail = s.partition("十")
        tens = _CN_DIGIT.get(head, None) if head else 1
        ones = _CN_DIGIT.get(tail, None) if tail else 0
        if tens is None or ones is None or "十" in tail:
            return None
        return tens * 10 + ones
    if len(s) == 1:
        return _CN_DIGIT.get(s)
    if len(s) == 2 and all(c in _CN_DIGIT for c in s):  # 一二 (rare, digit by digit)
        return _CN_DIGIT[s[0]] * 10 + _CN_DIGIT[s[1]]
    return None


def fix_ocr_digits(text: str) -> str:
    """Read O/o as 0 and l/I/| as 1 where they sit in a run of digits ("2O25" -> "2025").

    Length-preserving, so spans found in the result index the original text.
    Only runs that hold at least as many real digits as look-alikes and touch
    no other Latin letter change: "ISO9001", "OK" and "Il" stay as they are.
    """
    def fix(m: re.Match) -> str:
        run = m.group(0)
        digits = sum(ch.isdigit() for ch in run)
        if digits == 0 or digits < len(run) - digits:
            return run
        if run[0] == "|" and _YEAR_AFTER_RULE.match(m.string, m.start() + 1):
            run = run[1:]  # a table's rule before a year (谈话时间|2024年8月31日), not a 1: no year has five digits
            return "|" + "".join(_LOOKALIKE.get(ch, ch) for ch in run)
        return "".join(_LOOKALIKE.get(ch, ch) for ch in run)

    return _RUN.sub(fix, text)


def _digits(s: str) -> int:
    return int(re.sub(r"\s", "", s))


def make_date(y: int, m: int, d: int) -> date | None:
    """The date, or None for an impossible one (2025年2月30日 is rejected, not clamped)."""
    try:
        return date(y, m, d)
    except ValueError:
        return None


@dataclass(frozen=True)
class DateReading:
    """One date read from text: its span, and the seal glyphs that interrupted it (if any)."""

    day: date
    start: int
    end: int
    glyphs: str = ""  # stray characters inside the date (a seal over the signing line)

    @property
    def broken(self) -> bool:
        return bool(self.glyphs)

    @property
    def conf(self) -> float:
        return BROKEN_CONF if self.broken else 1.0


BROKEN_CONF = 0.5
# Seal glyphs: CJK characters that are not numerals, date markers, or words that join dates
# and months in prose (至/到/或/及/份/度/旬 ...: 2025年3月至4月, 2025年度, 3月份, 3月上旬).
_NOT_STRAY = set(_CN + "十拾年月日号至到或和及与的前后底初末份度第每旬起止间内以来")  # 中/上 stay: 中心, 上海 seals
_STRAY = rf"(?:(?![{''.join(sorted(_NOT_STRAY))}])[\u4e00-\u9fff★☆])"
# an optional gap of 1-3 stray glyphs; with a glyph the gap may span lines (a seal character
# grouped as a line of its own splits the date: "2025年\n区\n5月9日")
_WS = r"[ \t\u3000]*(?:\r?\n[ \t\u3000]*)?"
_GLYPHS = rf"{_STRAY}(?:[ \t\u3000]?{_STRAY}){{0,2}}"  # 1-3 seal glyphs, maybe spaced ("区 法")
_G = rf"(?:{_SP}(?:{_WS}{_GLYPHS}{_WS})?)"
_HAN_Y, _HAN = f"[{_CN[:-2]}]", f"[{_CN}]"
_RE_BROKEN = [
    re.compile(rf"(?<![\d.])(?P<y>\d(?:{_G}\d){{3}}){_G}年{_G}(?P<mo>\d(?:{_G}\d)?){_G}月{_G}(?P<d>\d(?:{_G}\d)?){_G}[日号]"),
    re.compile(rf"(?<![\d.\-/])(?P<y>\d(?:{_G}\d){{3}}){_G}(?P<sep>[.\-/]){_G}(?P<mo>\d(?:{_G}\d)?){_G}(?P=sep)"
               rf"{_G}(?P<d>\d(?:{_G}\d)?)(?![\d.\-/])"),
    re.compile(rf"(?<!{_HAN})(?P<y>{_HAN_Y}(?:{_G}{_HAN_Y}){{3}}){_G}年{_G}(?P<mo>{_HAN}(?:{_G}{_HAN}){{0,2}}){_G}月"
               rf"{_G}(?P<d>{_HAN}(?:{_G}{_HAN}){{0,3}}){_G}[日号]"),
]
MAX_STRAY = 3
MAX_STRAY_OWN_LINES = 6  # a seal's column: every glyph on a line of its own between the date's parts


def _seal_column(span: str) -> bool:
    """A round seal's column crosses the date's lines: each glyph on a line of its own between the
    date's parts ("2025年\n区\n5月"), or a glyph at every line break of a date over 3+ lines
    ("202水\n4年\n区11法月律\n22日": the text layer put each seal character beside a part)."""
    span = span.replace("\r", "")
    if re.fullmatch(rf"[^\n]*(?:\n[ \t\u3000]*{_STRAY}(?:[ \t\u3000]?{_STRAY})?[ \t\u3000]*\n[^\n]*)+", span):
        return True
    lines = [ln.strip(" \t\u3000") for ln in span.split("\n")]
    return len(lines) >= 3 and all(re.search(rf"{_STRAY}$", a) or re.match(_STRAY, b) for a, b in zip(lines, lines[1:]))


def _broken_dates(norm: str) -> list[DateReading]:
    """Dates interrupted by 1-3 stray glyphs in all (a joining word such as 至 or 份 is no glyph)."""
    out = []
    for m in (m for rx in _RE_BROKEN for m in rx.finditer(norm)):
        stray = [ch for ch in m.group(0) if re.match(_STRAY, ch)]
        if not 1 <= len(stray) <= (MAX_STRAY_OWN_LINES if _seal_column(m.group(0)) else MAX_STRAY):
            continue
        y, mo, dd = ("".join(ch for ch in m.group(g) if ch not in stray and not ch.isspace()) for g in ("y", "mo", "d"))
        if "\n" in m.group(0) and not re.search(rf"{_STRAY}[ \t\u3000]*\r?\n|\n[ \t\u3000]*{_STRAY}", m.group(0)):
            continue  # across lines only where a glyph sits at the break (a wrapped sentence is no seal)
        if y.isdigit():
            day = make_date(int(y), int(mo), int(dd)) if y[:2] in ("19", "20") else None
        else:
            yd = [_CN_DIGIT.get(c) for c in y]
            mn, dn = _cn_number(mo), _cn_number(dd)
            day = None if None in yd or mn is None or dn is None else make_date(int("".join(map(str, yd))), mn, dn)
        if day:
            out.append(DateReading(day, m.start(), m.end(), "".join(stray)))
    return out


# a table's date cell whose 日 wrapped onto a line of its own, with the row's page cell after the
# day on the first line ("2024年10月17 1" / "日"): groups year, month, day and the pages
WRAPPED_DAY = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})"
                         r"(\s+\d{1,4}(?:\s*[-－—–~～]\s*\d{1,4})?)?[ \t]*\n\s*日[ \t]*(?=\n|$)")


def find_dates(text: str) -> list[tuple[date, int, int]]:
    """All valid dates in text as (value, start, end) spans, in text order (seal-broken ones included)."""
    return [(r.day, r.start, r.end) for r in find_date_readings(text)]


def find_date_readings(text: str) -> list[DateReading]:
    """All valid dates in text, in text order; a date interrupted by seal glyphs is `broken`."""
    if not text:
        return []
    norm = fix_ocr_digits(text.translate(_FW))  # same length, so spans stay valid
    found: list[tuple[date, int, int]] = []
    for m in _RE_YMD_CN.finditer(norm):
        d = make_date(_digits(m.group(1)), _digits(m.group(2)), _digits(m.group(3)))
        if d:
            found.append((d, m.start(), m.end()))
    for m in _RE_YMD_SEP.finditer(norm):
        d = make_date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        if d:
            found.append((d, m.start(), m.end()))
    for m in [*_RE_YMD_HAN.finditer(norm), *_RE_YMD_HAN3.finditer(norm)]:
        y_digits = [_CN_DIGIT.get(c) for c in re.sub(r"[ \u3000]", "", m.group(1))]
        if None in y_digits:
            continue
        if len(y_digits) == 3:  # 二二四 -> 2024: the dropped 〇
            y_digits.insert(1, 0)
        y = int("".join(map(str, y_digits)))
        mo, dd = _cn_number(m.group(2)), _cn_number(m.group(3))
        if mo is None or dd is None or not 1900 <= y <= 2100:
            continue
        d = make_date(y, mo, dd)
        if d:
            found.append((d, m.start(), m.end()))
    readings = [DateReading(*t) for t in found]
    whole = [(r.start, r.end) for r in readings]
    readings += [r for r in _broken_dates(norm) if not any(a < r.end and r.start < b for a, b in whole)]
    readings.sort(key=lambda r: (r.start, -r.end))
    # drop overlaps (keep the earliest-starting, longest)
    out: list[DateReading] = []
    for r in readings:
        if out and r.start < out[-1].end:
            continue
        out.append(r)
    return out


def _unread_lines(pattern: re.Pattern, text: str) -> list[re.Match]:
    """Matches of a partial-date line pattern where no whole date was read (spans as in text)."""
    norm = fix_ocr_digits(text.translate(_FW))
    read = [(r.start, r.end) for r in find_date_readings(text)]
    return [m for m in pattern.finditer(norm) if not any(a < m.end() and m.start() < b for a, b in read)]


# a signing line whose year a seal made unreadable (一辆年五月三十日): month and day only
_YEARLESS_LINE = re.compile(rf"^[^\n]{{0,6}}年{_SP}([{_CN}]{{1,3}}|\d{{1,2}}){_SP}月{_SP}"
                            rf"([{_CN}]{{1,4}}|\d{{1,2}}){_SP}[日号]{_SP}$", re.M)


def find_yearless(text: str) -> list[tuple[int, int, int, int]]:
    """(month, day, start, end) of each line that is a date whose year is unreadable (its own
    date reading found none there): what a seal over the year leaves of a 落款."""
    out = []
    for m in _unread_lines(_YEARLESS_LINE, text):
        mo, dd = (int(g) if g.isdigit() else _cn_number(g) for g in m.groups())
        if mo and dd and 1 <= mo <= 12 and 1 <= dd <= 31:
            out.append((mo, dd, m.start(), m.end()))
    return out


# a signing line whose month a seal covered (二〇二四年法月十三日, 二0二五年—澳二十三日, 二O二五年月二十日,
# 二O二四年七海八日 with 月 itself hidden): year and day; the year may have lost its 〇 (二二五)
_MONTHLESS_LINE = re.compile(rf"^{_SP}(?P<y>(?:19|20)\d\d|[{_CN[:-2]}]{{4}}|二[一二三][{_CN[:-2]}]){_SP}年{_SP}"
                             rf"(?P<m>[^\s年日]{{0,3}}?){_SP}(?P<d>[{_CN}]{{1,4}}|\d{{1,2}}){_SP}[日号]{_SP}$", re.M)


class MonthlessDate(NamedTuple):
    """A signing date whose month is unreadable: what is left of the month (8进, 法月, 六海) and the day."""

    year: int
    day: int
    day_text: str
    month_text: str
    start: int
    end: int

    def month_may_be(self, month: int) -> bool:
        """The numerals left of the month (8 of 8进, 六 of 六海) are part of how ``month`` is written."""
        kept = "".join(c for c in self.month_text if c.isdigit() or c in _CN)
        return not kept or kept in str(month) or kept in _CN_MONTHS[month - 1]


_CN_MONTHS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")


def find_monthless(text: str) -> list[MonthlessDate]:
    """Each line that is a date whose month is unreadable (its own date reading found none
    there): what a seal over the month (骑年压月) leaves of a 落款."""
    out = []
    for m in _unread_lines(_MONTHLESS_LINE, text):
        y = m.group("y")
        if not y.isdigit() and len(y) == 3:  # 二二五: the dropped 〇
            y = y[0] + "〇" + y[1:]
        year = int(y) if y.isdigit() else int("".join(str(_CN_DIGIT.get(c, "")) for c in y) or 0)
        day = int(m.group("d")) if m.group("d").isdigit() else _cn_number(m.group("d"))
        if 1900 <= year <= 2100 and day and 1 <= day <= 31:
            out.append(MonthlessDate(year, day, m.group("d"), m.group("m"), m.start(), m.end()))
    return out


def parse_date(s: str | date | None) -> date | None:
    """The first valid date in s, or None (a date passes through)."""
    if isinstance(s, date):
        return s
    hits = find_dates(s or "")
    return hits[0][0] if hits else None
