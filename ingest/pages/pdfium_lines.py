"""pdfium character and line reading: a text page -> Lines (text, upright extent, font size).

The extractor's innermost loop: a page makes some 300 character queries, so the pdfium
calls go through ctypes by address and char boxes are read in bulk (_BoxReader). Rotated
text is mapped into upright coordinates; pages written glyph by glyph are re-joined.
"""
from __future__ import annotations

import ctypes
import math
import re
import statistics
from bisect import bisect_left
from collections import Counter
from itertools import repeat
from typing import Callable, Sequence

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from ingest.datamodel import Line

_POINTER = type(ctypes.POINTER(ctypes.c_double))


def _by_address(fn: Callable) -> Callable:
    """``fn`` taking each pointer as a plain address (an int): ctypes then skips a pointer type
    check on every call (~0.4 us), and a page makes some 300 char queries."""
    fast = type(fn)(ctypes.cast(fn, ctypes.c_void_p).value)
    fast.argtypes = [ctypes.c_void_p if isinstance(t, _POINTER) else t for t in fn.argtypes]
    fast.restype = fn.restype
    return fast


_get_char_box = _by_address(raw.FPDFText_GetCharBox)
_get_char_angle = _by_address(raw.FPDFText_GetCharAngle)
_get_font_size = _by_address(raw.FPDFText_GetFontSize)


class _BoxReader:
    """Char boxes through one C array: pdfium writes each char's box into its own slot and all
    are read back in one slice, instead of four ctypes reads per char."""

    def __init__(self) -> None:
        self._grow(64)

    def _grow(self, slots: int) -> None:
        self._buf = (ctypes.c_double * (4 * slots))()
        base = ctypes.addressof(self._buf)
        self._outs = [list(range(base + 8 * j, base + 32 * slots, 32)) for j in range(4)]  # slots' l, r, b, t

    def read(self, tp: int, chars: Sequence[int]) -> list[float]:
        """l, r, b, t (PDF space) of each of ``chars`` in turn, as one flat list; ``tp``: the
        text page's address."""
        n = len(chars)
        if n > len(self._outs[0]):
            self._grow(2 * n)
        list(map(_get_char_box, repeat(tp, n), chars, *self._outs))  # map: no bytecode per char
        return self._buf[:4 * n]


_BOXES = _BoxReader()


def _upright_boxes(tp: int, chars: Sequence[int], angle: int, w: float, h: float,
                   cl: float, cb: float) -> list[tuple[float, float, float, float]]:
    """Upright boxes (_upright of the char box shifted by the page's bounding-box origin)."""
    v = _BOXES.read(tp, chars)
    return [_upright(_shift(v[j:j + 4], cl, cb), angle, w, h) for j in range(0, len(v), 4)]


def _line_extent(tp: int, pick: list[int], angle: int, w: float, h: float,
                 cl: float, cb: float) -> tuple[float, float, float, float]:
    """(x0, top, x1, bottom) of chars ``pick`` upright: the extractor's innermost work."""
    if angle == 0 and not (cl or cb):  # most pages; the least h - t is h - the greatest t, exactly
        v = _BOXES.read(tp, pick)
        return min(v[0::4]), h - max(v[3::4]), max(v[1::4]), h - min(v[2::4])
    x0s, tops, x1s, bottoms = zip(*_upright_boxes(tp, pick, angle, w, h, cl, cb))
    return min(x0s), min(tops), max(x1s), max(bottoms)


def _shift(box, dx: float, dy: float) -> tuple[float, float, float, float]:
    if dx or dy:
        l, r, b, t = box
        return l - dx, r - dx, b - dy, t - dy
    return box


def _dominant_angle(tp: int, idxs: list[int]) -> int:
    """Text direction from pdfium char angles, snapped to 90 degrees.

    Measured: pdfium reports the angle clockwise as seen on the page (fpdf2's
    counter-clockwise rotation(90) comes back as 270).
    """
    votes: dict[int, int] = {}
    sample = idxs[:: max(1, len(idxs) // 40)]
    angles = Counter(map(_get_char_angle, repeat(tp, len(sample)), sample))  # few distinct values
    for a, n in angles.items():
        if a < 0:
            continue
        deg = int(round(math.degrees(a) / 90.0)) % 4 * 90
        votes[deg] = votes.get(deg, 0) + n
    return max(votes, key=votes.get) if votes else 0


def _upright(box, angle: int, w: float, h: float) -> tuple[float, float, float, float]:
    """PDF box (l, r, b, t; origin bottom-left) -> upright (x0, top, x1, bottom; origin top-left).

    `angle` is the clockwise rotation of the text; rotating the page back by
    that angle makes the text upright (the upright page is h wide for 90/270).
    """
    l, r, b, t = box
    if angle == 180:
        return w - r, b, w - l, t
    if angle == 270:  # text runs bottom-to-top
        return b, l, t, r
    if angle == 90:  # text runs top-to-bottom
        return h - t, w - r, h - b, w - l
    return l, h - t, r, h - b


def _upright_runs(tp: int, text: str, a: int, b: int, angle: int, w: float, h: float,
                  cl: float, cb: float) -> str:
    """Text of chars a..b with whitespace-separated runs ordered left to right when upright."""
    runs: list[tuple[float, str]] = []
    start = None
    for k in range(a, b + 1):
        if k < b and not text[k].isspace():
            if start is None:
                start = k
            continue
        if start is not None:
            # each glyph at its upright x: a turned page's stream may run right to left
            boxes = _upright_boxes(tp, range(start, k), angle, w, h, cl, cb)
            xs = sorted(zip((box[0] for box in boxes), text[start:k]), key=lambda t: t[0])
            runs.append((xs[0][0], "".join(ch for _, ch in xs)))
            start = None
    runs.sort(key=lambda r: r[0])
    return " ".join(t for _, t in runs)


FRAGMENT_CHARS = 2          # a "line" this short is a fragment when most of the page is like it
FRAGMENTED_SHARE = 0.4      # share of fragment lines that marks a page written glyph by glyph


def join_fragments(lines: list[Line]) -> list[Line]:
    """Join the one-glyph "lines" of a page whose producer placed every glyph on its own
    (pdfium breaks lines at each placement): consecutive fragments on one baseline, left
    to right, become one line; gaps of a cell's width become two spaces (a table cell
    boundary, as elsewhere). Pages with ordinary lines are returned unchanged: seal glyphs
    between the parts of a date must stay apart there."""
    short = [ln for ln in lines if len(ln.text.replace(" ", "")) <= FRAGMENT_CHARS]
    if len(short) < 10 or len(short) < FRAGMENTED_SHARE * len(lines):
        return lines
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        size = max(ln.size, prev.size if prev else 0.0, 4.0)
        if (prev is not None and abs(ln.top - prev.top) < 0.35 * size
                and ln.x0 >= prev.x1 - 0.3 * size):
            gap = ln.x0 - prev.x1
            sep = "  " if gap > 1.5 * size else " " if gap > 0.3 * size else ""
            out[-1] = Line(prev.text + sep + ln.text, prev.x0, min(prev.top, ln.top), max(prev.x1, ln.x1),
                           max(prev.bottom, ln.bottom), prev.size or ln.size)
        else:
            out.append(ln)
    return out


_SOLID = re.compile(r"\S+")  # \s is exactly str.isspace


def _solid_chars(text: str) -> list[int]:
    """Indexes of the non-space chars of ``text``, a run at a time (a CJK line is mostly one run)."""
    out: list[int] = []
    for m in _SOLID.finditer(text):
        out.extend(range(*m.span()))
    return out


def _text_all(textpage: pdfium.PdfTextPage) -> str:
    """The text page's chars, one per char index."""
    n = textpage.count_chars()
    text = textpage.get_text_range(0, n) if n > 0 else ""
    if len(text) != n:  # surrogate pairs etc.: rebuild one char per index
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage.raw, k) or 0xFFFD) for k in range(n))
    return text


def _line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line of the char stream, at pdfium's own line breaks."""
    spans: list[tuple[int, int]] = []
    start = 0
    for part in text.split("\n"):
        spans.append((start, start + len(part)))
        start += len(part) + 1
    return spans


def page_lines(textpage: pdfium.PdfTextPage, page_rot: int, w: float, h: float,
                cl: float, cb: float) -> tuple[list[Line], int]:
    """The text page's lines (text, upright extent, median font size) and the text's angle."""
    tp = ctypes.cast(textpage.raw, ctypes.c_void_p).value  # an address: see _by_address
    text_all = _text_all(textpage)
    solid = _solid_chars(text_all)
    angle = _dominant_angle(tp, solid) if solid else 0
    lines: list[Line] = []
    for a, b in _line_spans(text_all):
        idx = solid[bisect_left(solid, a):bisect_left(solid, b)]  # the line's non-space chars
        if not idx:
            continue
        ltext = text_all[a:b].replace("\r", "").strip()
        if angle != 0 or page_rot:  # pdfium orders a turned line by displayed x: re-sort in upright x
            ltext = _upright_runs(tp, text_all, a, b, angle, w, h, cl, cb)
        # first/last chars fix the extent; a sample of the rest fixes top/bottom (speed); ascending
        pick = idx if len(idx) <= 8 else idx[:2] + idx[2:-2:3] + idx[-2:]
        sample = idx[:: max(1, len(idx) // 8)]
        sizes = list(map(_get_font_size, repeat(tp, len(sample)), sample))
        lines.append(Line(ltext, *_line_extent(tp, pick, angle, w, h, cl, cb),
                          round(statistics.median(sizes), 2) if sizes else 0.0))
    return lines, angle
