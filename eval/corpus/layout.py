"""Paginate document blocks into positioned drawing ops, without any font loaded.

Pagination is done here (not by fpdf2's auto page break) so that page counts,
page labels and ground truth are known before rendering, and a plan-only run
needs no fonts. Widths are estimated (CJK = 1 em, ASCII = 0.6 em), which is
conservative for every installed CJK font.

Blocks (tuples) produced by templates:
  ("title", text)              centred, large; only on a document's first page
  ("sub", text, align)         one line, align in L/C/R, body size
  ("p", text)                  paragraph, first-line indent of 2 chars
  ("pl", text)                 paragraph without indent (Q&A lines, list items)
  ("kv", [(label, value)], ncols)  bordered label/value form (ncols 1 or 2 pairs per row)
  ("ul", [(label, value)])     label：value lines with the value underlined
  ("grid", headers, rows, fractions)  bordered table with a header row
  ("sign", [lines])            right-aligned signature/date lines
  ("stamp", text)              red round seal over the last signature line
  ("stamp", text, "date", f)   seal whose top arc crosses the last date line of the signature
                               block at fraction f of its width (its characters are drawn
                               inside and below that line: they land in the text layer there)
  ("pagebreak",)               start a new page (continuation pages of a document)
  ("gap", mm)                  vertical space
  ("rule",)                    horizontal line across the text width
  ("box", lines, height_mm)    framed box (ID card copies, photo placeholders)
Ops (tuples) consumed by render.py, y is the text baseline in mm from top:
  ("t", x, y, size_pt, text), ("r", x, y, w, h), ("l", x1, y1, x2, y2),
  ("seal", cx, cy, r_mm, text[, "inline"])  "inline": seal characters interleaved with the text
"""
from __future__ import annotations

import re
from dataclasses import dataclass

PT = 0.3528  # mm per point
PAGE_W, PAGE_H = 210.0, 297.0
_DATE_LINE = re.compile(r"(\d{4}\s*[年.\-/]\s*\d{1,2}|[〇○零一二三四五六七八九]{4}年).*[日\d]$")


def seal_font(r: float) -> float:
    """Font size (pt) of a seal's characters for a seal of radius r mm."""
    return min(11.0, r * 0.55 / PT)


def seal_text_radius(r: float) -> float:
    """Radius (mm) of the circle the seal's characters are centred on."""
    return r - seal_font(r) * PT * 1.2


@dataclass
class Style:
    """Per-dossier typography and page geometry."""

    body: float = 12.0
    title: float = 18.0
    leading: float = 1.6  # line height / font size
    left: float = 25.0
    right: float = 20.0
    top: float = 25.0
    bottom: float = 22.0
    kv_label_chars: int = 6
    header: str = "none"  # none | rule | case_no
    pn: str = "top_right"  # top_right | bottom_center | bottom_di | bottom_dash

    @property
    def width(self) -> float:
        return PAGE_W - self.left - self.right

    def lh(self, size: float | None = None) -> float:
        return (size or self.body) * PT * self.leading

    def describe(self) -> str:
        return (f"body={self.body}pt;title={self.title}pt;leading={self.leading};"
                f"margins={self.left:.0f}/{self.right:.0f}/{self.top:.0f}/{self.bottom:.0f};"
                f"header={self.header};pn={self.pn}")


def char_em(ch: str) -> float:
    o = ord(ch)
    if o < 128:
        return 0.32 if ch == " " else (0.72 if ch in "MWmw@%" else 0.6)
    return 1.0


def text_width(text: str, size: float) -> float:
    return sum(char_em(c) for c in text) * size * PT


def wrap(text: str, width: float, size: float, indent_em: float = 0.0) -> list[str]:
    """Greedy character wrap (Chinese text has no spaces to break on)."""
    lines: list[str] = []
    for para in text.split("\n"):
        cur, w = "", indent_em * size * PT
        for ch in para:
            cw = char_em(ch) * size * PT
            if w + cw > width and cur:
                if ch in "，。、；：？！）”』」》" and len(cur) > 1:  # no punctuation at line start
                    lines.append(cur[:-1])
                    cur, w = cur[-1], char_em(cur[-1]) * size * PT
                else:
                    lines.append(cur)
                    cur, w = "", 0.0
            cur += ch
            w += cw
        lines.append(cur)
    return lines


class Paginator:
    """Accumulates ops page by page for one document."""

    def __init__(self, style: Style):
        self.s = style
        self.pages: list[list[tuple]] = [[]]
        self.y = style.top

    @property
    def bottom(self) -> float:
        return PAGE_H - self.s.bottom

    def need(self, h: float) -> None:
        if self.y + h > self.bottom and self.pages[-1]:
            self.pages.append([])
            self.y = self.s.top

    def op(self, *o) -> None:
        self.pages[-1].append(tuple(o))

    def text_line(self, x: float, text: str, size: float, lh: float) -> None:
        self.need(lh)
        self.op("t", x, self.y + lh * 0.72, size, text)
        self.y += lh


def _kv_rows(p: Paginator, rows: list[tuple[str, str]], ncols: int) -> None:
    s = p.s
    size = s.body
    lh = s.lh(size) * 0.95
    label_w = (s.kv_label_chars + 1) * size * PT
    pair_w = s.width / ncols
    val_w = pair_w - label_w
    i = 0
    while i < len(rows):
        chunk = rows[i:i + ncols]
        if len(chunk) == 1 and ncols > 1 and len(chunk[0][1]) > 8:
            cells = [(chunk[0][0], chunk[0][1], s.width - label_w)]
        elif ncols > 1 and any(text_width(v, size) > val_w - 2 for _, v in chunk):
            chunk = rows[i:i + 1]
            cells = [(chunk[0][0], chunk[0][1], s.width - label_w)]
        else:
            cells = [(lab, val, val_w) for lab, val in chunk]
        wrapped = [(wrap(lab, label_w - 2, size), wrap(val, vw - 3, size), vw) for lab, val, vw in cells]
        n = max(max(len(a), len(b)) for a, b, _ in wrapped)
        h = n * lh + 2.5
        p.need(h)
        x = s.left
        for (labl, vall, vw) in wrapped:
            p.op("r", x, p.y, label_w, h)
            for k, ln in enumerate(labl):
                p.op("t", x + 1.2, p.y + 1.2 + lh * (k + 0.72), size, ln)
            p.op("r", x + label_w, p.y, vw, h)
            for k, ln in enumerate(vall):
                p.op("t", x + label_w + 1.5, p.y + 1.2 + lh * (k + 0.72), size, ln)
            x += label_w + vw
        if x < s.left + s.width - 0.5:
            p.op("r", x, p.y, s.left + s.width - x, h)
        p.y += h
        i += len(chunk)


def _grid(p: Paginator, headers: list[str], rows: list[list[str]], fr: list[float]) -> None:
    s = p.s
    size = s.body * 0.92
    lh = s.lh(size) * 0.9
    widths = [f * s.width for f in fr]
    for r, row in enumerate([headers] + rows):
        cells = [wrap(str(v), w - 2.5, size) for v, w in zip(row, widths)]
        h = max(len(c) for c in cells) * lh + 2.4
        p.need(h)
        x = s.left
        for c, w in zip(cells, widths):
            p.op("r", x, p.y, w, h)
            for k, ln in enumerate(c):
                tx = x + (w - text_width(ln, size)) / 2 if r == 0 or len(ln) <= 6 else x + 1.2
                p.op("t", tx, p.y + 1.2 + lh * (k + 0.72), size, ln)
            x += w
        p.y += h


def _title(p: Paginator, b: tuple) -> None:
    s = p.s
    th = s.lh(s.title) * 1.05
    for ln in wrap(b[1], s.width, s.title):
        p.need(th)
        x = s.left + (s.width - text_width(ln, s.title)) / 2
        p.op("t", x, p.y + th * 0.75, s.title, ln)
        p.y += th
    p.y += s.lh() * 0.3


def _sub(p: Paginator, b: tuple) -> None:
    s = p.s
    align = b[2] if len(b) > 2 else "C"
    for ln in wrap(b[1], s.width, s.body):
        tw = text_width(ln, s.body)
        x = s.left if align == "L" else (s.left + s.width - tw if align == "R" else s.left + (s.width - tw) / 2)
        p.text_line(x, ln, s.body, s.lh())


def _paragraph(p: Paginator, b: tuple) -> None:
    """"p" indents its first line by two characters, "pl" does not."""
    s = p.s
    ind = 2.0 if b[0] == "p" else 0.0
    for k, ln in enumerate(wrap(b[1], s.width, s.body, ind)):
        x = s.left + (ind * s.body * PT if k == 0 else 0)
        p.text_line(x, ln, s.body, s.lh())


def _kv(p: Paginator, b: tuple) -> None:
    _kv_rows(p, b[1], b[2] if len(b) > 2 else 1)


def _underlined(p: Paginator, b: tuple) -> None:
    s = p.s
    lh = s.lh()
    for lab, val in b[1]:
        pre = f"{lab}："
        x0 = s.left + text_width(pre, s.body)
        for k, ln in enumerate(wrap(val, s.width - (x0 - s.left), s.body)):
            p.need(lh)
            if k == 0:
                p.op("t", s.left, p.y + lh * 0.72, s.body, pre)
            p.op("t", x0 + 1, p.y + lh * 0.72, s.body, ln)
            p.op("l", x0, p.y + lh * 0.86, s.left + s.width, p.y + lh * 0.86)
            p.y += lh


def _grid_block(p: Paginator, b: tuple) -> None:
    _grid(p, b[1], b[2], b[3])


def _sign(p: Paginator, b: tuple) -> None:
    s = p.s
    lh = s.lh()
    p.y += lh * 0.4
    for ln in b[1]:
        tw = text_width(ln, s.body)
        p.text_line(s.left + s.width - tw - 8, ln, s.body, lh)


def _stamp(p: Paginator, b: tuple) -> None:
    s = p.s
    r = 19.0
    date_op = next((o for o in reversed(p.pages[-1][-8:]) if o[0] == "t" and _DATE_LINE.search(o[4].strip())),
                   None) if len(b) > 2 and b[2] == "date" else None
    if date_op is not None:  # top arc over the date line, at fraction b[3] of its width
        _, x0, base, size, text = date_op
        cx = min(x0 + text_width(text, size) * b[3], PAGE_W - r - 2)
        cy = base + seal_text_radius(r) - seal_font(r) * PT / 2.6
        p.op("seal", cx, cy, r, b[1], "inline")
    else:
        cy = max(p.y - s.lh() * 1.2, s.top + r)
        p.op("seal", s.left + s.width - 35, cy, r, b[1])


def _pagebreak(p: Paginator, b: tuple) -> None:
    if p.pages[-1]:
        p.pages.append([])
        p.y = p.s.top


def _gap(p: Paginator, b: tuple) -> None:
    p.y += b[1]


def _rule(p: Paginator, b: tuple) -> None:
    s = p.s
    p.need(3)
    p.op("l", s.left, p.y + 1, s.left + s.width, p.y + 1)
    p.y += 3


def _box(p: Paginator, b: tuple) -> None:
    s = p.s
    h = b[2]
    p.need(h + 4)
    p.op("r", s.left + 10, p.y, s.width - 20, h)
    yy = p.y + 6
    for ln in b[1]:
        p.op("t", s.left + 16, yy + 3, s.body, ln)
        yy += s.lh()
    p.y += h + 4


_BLOCKS = {"title": _title, "sub": _sub, "p": _paragraph, "pl": _paragraph, "kv": _kv, "ul": _underlined,
           "grid": _grid_block, "sign": _sign, "stamp": _stamp, "pagebreak": _pagebreak, "gap": _gap,
           "rule": _rule, "box": _box}


def paginate(blocks: list[tuple], style: Style) -> list[list[tuple]]:
    """Lay out blocks on as many A4 pages as they need; returns ops per page."""
    p = Paginator(style)
    for b in blocks:
        draw = _BLOCKS.get(b[0])
        if draw is None:
            raise ValueError(f"unknown block {b[0]}")
        draw(p, b)
    return p.pages
