"""Page style of a dossier and pagination by line budget (the HTML uses the same metrics)."""
from __future__ import annotations

import math
import random
from dataclasses import dataclass

PAGE_W_PX, PAGE_H_PX = 794, 1123  # A4 at 96 px/inch
FONTS = {  # CSS family -> Debian package; none of them is used by eval/corpus
    "AR PL SungtiL GB": "fonts-arphic-gbsn00lp",
    "AR PL KaitiM GB": "fonts-arphic-gkai00mp",
    "LXGW WenKai": "fonts-lxgw-wenkai",
}
TITLE_FONTS = ["Smiley Sans", "AR PL SungtiL GB", "LXGW WenKai"]
NUMBER_STYLES = ["top_right_hand", "top_right_hand", "top_right_plain", "bottom_center_dash", "bottom_center_plain"]


@dataclass
class Style:
    """Fonts, sizes and margins of one dossier."""

    font: str
    title_font: str
    size: int
    lh: int
    margin_x: int
    margin_top: int
    margin_bottom: int
    number_style: str
    no_align: str
    seal_color: str

    @property
    def cpl(self) -> int:
        """CJK characters per full line."""
        return (PAGE_W_PX - 2 * self.margin_x) // self.size - 1

    @property
    def lines(self) -> int:
        """Line budget of a page."""
        return (PAGE_H_PX - self.margin_top - self.margin_bottom) // self.lh - 1

    def describe(self) -> str:
        return (f"html;font={self.font};title={self.title_font};size={self.size}px;lh={self.lh}px;"
                f"margins={self.margin_x}/{self.margin_top}/{self.margin_bottom};pn={self.number_style}")


def sample_style(rng: random.Random) -> Style:
    size = rng.choice([15, 16, 16, 17])
    return Style(font=rng.choice(list(FONTS)), title_font=rng.choice(TITLE_FONTS), size=size,
                 lh=int(size * rng.choice([1.75, 1.85, 2.0])), margin_x=rng.choice([80, 90, 100]),
                 margin_top=rng.choice([90, 100, 110]), margin_bottom=rng.choice([80, 95]),
                 number_style=rng.choice(NUMBER_STYLES), no_align=rng.choice(["right", "center"]),
                 seal_color=rng.choice(["#d01c1c", "#c8102e", "#e03a3a"]))


def width(text: str) -> float:
    """Width in em: CJK 1, ASCII 0.55."""
    return sum(0.55 if ord(ch) < 128 else 1.0 for ch in text)


def kv_cells(text: str) -> list[tuple[str, str]]:
    """'a=b;c=d' -> [(a, b), (c, d)] (a cell without '=' has an empty value)."""
    out = []
    for cell in text.split(";"):
        k, _, v = cell.partition("=")
        out.append((k, v))
    return out


def cost(kind: str, text: str, st: Style) -> float:
    """Lines a written line takes on the page."""
    cpl = st.cpl
    if kind == "title":
        return 2.0
    if kind in ("c", "no", "sub", "blank"):
        return 1.0 + (width(text) > cpl)
    if kind in ("l", "r"):
        return math.ceil(width(text) / cpl) or 1
    if kind == "p":
        return math.ceil((width(text) + 2) / cpl)
    if kind == "kv":
        cells = kv_cells(text)
        per = cpl / len(cells)
        return max(math.ceil((width(k) + width(v) + 1.5) / per) or 1 for k, v in cells) + 0.35
    if kind in ("grid", "row"):
        cells = text.split("|")
        per = cpl / len(cells)
        return max(math.ceil((width(x) + 0.5) / per) or 1 for x in cells) + 0.35
    if kind == "sign":
        return 6.0
    if kind == "gap":
        return float(int(text or 1))
    return 1.0


def paginate(lines: list[tuple[str, str]], st: Style) -> list[list[tuple[str, str]]]:
    """Split a document's lines into pages (a 'break' line forces a new page)."""
    pages: list[list[tuple[str, str]]] = [[]]
    used = 0.0
    for kind, text in lines:
        if kind == "break":
            pages.append([])
            used = 0.0
            continue
        h = cost(kind, text, st)
        if used + h > st.lines and pages[-1]:
            pages.append([])
            used = 0.0
            if kind == "gap":
                continue
        pages[-1].append((kind, text))
        used += h
    return [p for p in pages if p]
