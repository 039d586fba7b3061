"""Personal data masking for the screen: ID numbers, mobile phones, addresses.

Reviewers see masked values; roles in UNMASK_ROLES may switch masking off.
``find_sensitive`` returns spans so page images can be blacked out at the
same places (console/render.py).
"""
from __future__ import annotations

import re

UNMASK_ROLES = frozenset({"trainer", "center_admin"})

ID_RE = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])")
PHONE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
# a labelled address: 住址/地址/住所/户籍地/现住址/居住地 : value up to punctuation or line end
LABELLED_ADDR_RE = re.compile(r"(?:家庭住址|现住址|住址|地址|住所地|住所|户籍地|户籍所在地|居住地|现住)\s*[:：]?\s*"
                              r"([^\s，,。；;：:]{4,60})")
# an unlabelled street address: ...省/市/区/县 ... 路/街/巷/村/号 ...
# (then any further 村/组/号/幢/室 ... segments: 新城街道新桥村4组78号)
FREE_ADDR_RE = re.compile(r"[\u4e00-\u9fa5]{2,8}(?:省|市|自治区)[\u4e00-\u9fa5\d]{0,20}?(?:区|县|镇|乡)"
                          r"[\u4e00-\u9fa5\d\-]{0,20}?(?:路|街|巷|道|村|小区|弄)"
                          r"(?:[\u4e00-\u9fa5\d\-]{0,10}?(?:路|街|巷|道|村|小区|弄|组|号|栋|幢|单元|室|楼))*"
                          r"[\d\-号栋幢单元室]*")


def can_unmask(role: str | None) -> bool:
    return role in UNMASK_ROLES


def find_sensitive(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) spans of personal data in ``text``, non-overlapping, sorted."""
    spans: list[tuple[int, int, str]] = []
    for m in ID_RE.finditer(text):
        spans.append((m.start(), m.end(), "id"))
    for m in PHONE_RE.finditer(text):
        spans.append((m.start(), m.end(), "phone"))
    for m in LABELLED_ADDR_RE.finditer(text):
        spans.append((m.start(1), m.end(1), "address"))
    for m in FREE_ADDR_RE.finditer(text):
        spans.append((m.start(), m.end(), "address"))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[tuple[int, int, str]] = []
    for s in spans:
        if out and s[0] < out[-1][1]:
            if s[1] > out[-1][1]:
                out[-1] = (out[-1][0], s[1], out[-1][2])
            continue
        out.append(s)
    return out


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) for each line of ``text`` (\\r\\n, \\n or \\r breaks)."""
    return [(m.start(), m.group()) for m in re.finditer(r"[^\r\n]+", text)]


def _spans_in(piece: str, terms, patterns) -> list[tuple[int, int]]:
    spans = [(s, e) for s, e, _ in find_sensitive(piece)]
    for term in terms:
        chars = [re.escape(ch) for ch in term if not ch.isspace()]
        if chars:
            spans += [m.span() for m in re.finditer(r"\s*".join(chars), piece)]
    for pat in patterns:
        spans += [m.span() for m in re.finditer(pat, piece)]
    return [(s, e) for s, e in spans if e > s]


def redaction_spans(text: str, terms: tuple[str, ...] | list[str] = (),
                    patterns: tuple[str, ...] | list[str] = ()) -> list[tuple[int, int]]:
    """Spans of a page's text to black out on its image: personal data, blind ``terms`` (spaces
    between characters tolerated) and regex ``patterns``, within a line and across each line
    break (an ID number, a name or an address wrapped onto the next line is covered on both
    lines; a match never reaches further back than the line before)."""
    lines = _lines(text)
    out: set[tuple[int, int]] = set()
    for i, (off, line) in enumerate(lines):
        out |= {(off + s, off + e) for s, e in _spans_in(line, terms, patterns)}
        if i + 1 < len(lines):
            off2, nxt = lines[i + 1]
            cut = len(line)
            for s, e in _spans_in(line + nxt, terms, patterns):
                if s < cut < e:  # only what the break splits
                    out |= {(off + s, off + cut), (off2, off2 + e - cut)}
    return sorted(out)


def _mask_span(value: str, kind: str) -> str:
    if kind == "id":
        return value[:6] + "*" * 8 + value[-4:]
    if kind == "phone":
        return value[:3] + "****" + value[-4:]
    keep = min(3, max(0, len(value) // 4))
    return value[:keep] + "*" * (len(value) - keep)


def mask_text(text: str | None, role: str | None = None, unmask: bool = False) -> str:
    """``text`` with ID numbers, mobile numbers and addresses masked, unless the role may
    unmask and asked to."""
    if not text:
        return text or ""
    if unmask and can_unmask(role):
        return text
    out, pos = [], 0
    for start, end, kind in find_sensitive(text):
        out.append(text[pos:start])
        out.append(_mask_span(text[start:end], kind))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def mask_obj(obj, role: str | None = None, unmask: bool = False):
    """Mask every string inside a JSON-like structure."""
    if isinstance(obj, str):
        return mask_text(obj, role, unmask)
    if isinstance(obj, list):
        return [mask_obj(v, role, unmask) for v in obj]
    if isinstance(obj, dict):
        return {k: mask_obj(v, role, unmask) for k, v in obj.items()}
    return obj
