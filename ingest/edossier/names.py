"""What a case system's file names say: binding order, document type, continuation.

Pure functions of a relative file name (``证据/05_判决书_2.jpg``), testable without files.
Case systems number their files (``01_…``, ``（3）…``, ``第3份…``, ``3-2…``) or date them
(``2025-03-04 会见笔录``); numbers compare as numbers (2 < 10). A name's words are evidence of
the document type (ingest.pages.titles vocabulary); ``判决书_1`` / ``判决书_2`` are pages of one
document.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path, PurePosixPath

import yaml

from ingest.dates import parse_date
from ingest.pages.titles import heading_type, title_cues

SETTINGS = Path(__file__).resolve().parents[1] / "data" / "edossier.yaml"

_SEP = r"[\s_\-—.、．,，:：]"
# leading numbering: 01_…, 3-2 …, （3）…, (3)…, [3]…, 第3份/第3件/第3号…
_LEADING = re.compile(rf"^\s*(?:[（(【\[]\s*(\d+(?:[\-.]\d+)*)\s*[）)】\]]|第\s*(\d+)\s*[份件号个项]|(\d+(?:[\-.]\d+)*)(?={_SEP}|[\u4e00-\u9fff]|$))")
_ANY_ORDINAL = re.compile(r"第\s*(\d+)\s*[份件号个项]")
# a date in a name: 2025-03-04, 2025.3.4, 2025年3月4日, 20250304
_DATE = re.compile(r"((?:19|20)\d\d)\s*[\-./年_]\s*(\d{1,2})\s*[\-./月_]\s*(\d{1,2})日?|((?:19|20)\d\d)(\d\d)(\d\d)(?!\d)")
# a page marker at the end of a stem: 判决书_2, 判决书-2, 判决书（2）, 判决书(2), 判决书第2页, 判决书 p2
_PAGE_MARK = re.compile(r"(?:[_\-—\s]+(?:p|P|page)?\s*(\d{1,3})|[（(]\s*(\d{1,3})\s*[）)]|第\s*(\d{1,3})\s*页)\s*$")
_DIGITS = re.compile(r"(\d+)")
_MAX_DATE = (9999, 12, 31)


def natural_key(text: str) -> tuple:
    """Sort key comparing digit runs as numbers: 2 < 10, '页2' < '页10'."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
                 for part in _DIGITS.split(text) if part)


def name_date(text: str) -> date | None:
    """The first valid date written in a file name, if any."""
    for m in _DATE.finditer(text):
        y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
        try:
            return date(int(y), int(mo), int(d))
        except ValueError:
            continue
    return parse_date(text)


def leading_number(stem: str) -> tuple[int, ...] | None:
    """The file's own number: ``01_封面`` -> (1,), ``3-2 会见笔录`` -> (3, 2), ``（3）`` -> (3,),
    ``第3份`` -> (3,); a leading 8-digit date is a date, not a number."""
    m = _LEADING.match(stem)
    if m:
        raw = next(g for g in m.groups() if g is not None)
        if not (len(raw) == 8 and name_date(raw)) and not _DATE.match(stem.lstrip()):
            return tuple(int(x) for x in re.split(r"[\-.]", raw) if x)
    m = _ANY_ORDINAL.search(stem)
    return (int(m.group(1)),) if m else None


def _part_key(part: str) -> tuple:
    stem = PurePosixPath(part).stem if "." in part else part
    number = leading_number(stem)
    day = name_date(stem)
    return (number is None, number or (), day is None, (day.year, day.month, day.day) if day else _MAX_DATE,
            natural_key(part))


def order_key(relname: str) -> tuple:
    """Binding-order key of a relative name: per folder level, numbered names first by number,
    then dated names by date, then the rest in natural order."""
    parts = [p for p in relname.replace("\\", "/").split("/") if p]
    return tuple(_part_key(p) for p in parts)


def order_names(names: list[str]) -> list[str]:
    """``names`` in binding order (see order_key)."""
    return sorted(names, key=order_key)


def page_marker(stem: str) -> tuple[str, int | None]:
    """(stem without a trailing page marker, the page number) — ``05_判决书_2`` -> ('05_判决书', 2).
    A bare number (``01``) is a file number, not a page marker."""
    m = _PAGE_MARK.search(stem)
    if not m or not stem[:m.start()].strip(" _-—"):
        return stem, None
    head = stem[:m.start()]
    if not re.search(r"[^\d\s_\-—.]", head):  # '01_2': both are numbers, no document name
        return stem, None
    return head, int(next(g for g in m.groups() if g is not None))


def _words(stem: str) -> str:
    """The descriptive words of a stem: numbering, dates and the page marker removed."""
    stem = page_marker(stem)[0]
    m = _LEADING.match(stem)
    if m:
        stem = stem[m.end():]
    stem = _DATE.sub("", stem)
    return re.sub(rf"^{_SEP}+|{_SEP}+$|[\s\u3000]", "", stem)


@lru_cache(maxsize=1)
def name_cues() -> list[tuple[re.Pattern, str]]:
    """(pattern, type) file-name vocabulary: ingest/data/edossier.yaml name_cues, each type's
    Chinese name parts and example titles (matched anywhere in the name)."""
    from ingest.doctypes import example_titles, type_codes, type_name

    extra = (yaml.safe_load(SETTINGS.read_text(encoding="utf-8")) or {}).get("name_cues") or {}
    out = [(re.compile(p), t) for t, pats in extra.items() for p in pats]
    for t in type_codes():
        words = {w for w in type_name(t).split("/") if w and w != t} | set(example_titles(t))
        out += [(re.compile(re.escape(w)), t) for w in words if t != "other"]
    return out


def words_type(words: str) -> str | None:
    """The type named by a name's words: the longest match of the title cues (ingest.pages.titles)
    or the file-name vocabulary (name_cues)."""
    best: tuple[int, str] | None = None
    hit = heading_type(words)
    if hit is not None:
        best = (max(len(m.group(0)) for rx in title_cues()[hit] if (m := rx.search(words))), hit)
    for rx, t in name_cues():
        m = rx.search(words)
        if m and (best is None or len(m.group(0)) > best[0]):
            best = (len(m.group(0)), t)
    return best[1] if best else None


def name_type(relname: str) -> str | None:
    """The document type a file's name names, trying the file's own name first and then its
    folder's; None when neither names a type."""
    parts = [p for p in relname.replace("\\", "/").split("/") if p]
    if not parts:
        return None
    candidates = [PurePosixPath(parts[-1]).stem] + ([parts[-2]] if len(parts) > 1 else [])
    for stem in candidates:
        words = _words(stem)
        hit = words_type(words) if words else None
        if hit is not None:
            return hit
    return None


def continues(prev_relname: str | None, relname: str) -> bool:
    """True when ``relname`` is a further page file of the document ``prev_relname`` started:
    same folder and same name once the page markers are removed (判决书_1 -> 判决书_2)."""
    if prev_relname is None:
        return False
    a, b = PurePosixPath(prev_relname.replace("\\", "/")), PurePosixPath(relname.replace("\\", "/"))
    if a.parent != b.parent:
        return False
    head_a, page_a = page_marker(a.stem)
    head_b, page_b = page_marker(b.stem)
    return page_b is not None and head_a == head_b and (page_a is None or page_b > page_a)
