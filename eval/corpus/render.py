"""Draw laid-out pages into a PDF with fpdf2 (A4 portrait, one CJK font per dossier).

fpdf2 2.8 reads TTC collections directly (collection_font_number), so no face
extraction or cache is needed. Upside-down pages (BD-06) are drawn inside a
180-degree rotation about the page centre, like a sheet bound the wrong way.
"""
from __future__ import annotations

import logging
import math
from pathlib import Path

from fpdf import FPDF

from .layout import PAGE_H, PAGE_W, PT, seal_font, seal_text_radius, text_width

logging.getLogger("fontTools").setLevel(logging.ERROR)

# name -> (path, TTC face index); Noto CJK are CFF outlines (pdfplumber reads no text).
FONTS: dict[str, tuple[str, int]] = {
    "wqy-microhei": ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    "wqy-zenhei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    "uming": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    "ukai": ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    "noto-sans-cjk-sc": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    "noto-serif-cjk-sc": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
}


def available_fonts() -> list[str]:
    """Installed fonts, in a fixed order so seeds stay deterministic per machine."""
    return [name for name, (path, _) in FONTS.items() if Path(path).exists()]


def _seal_glyphs(cx: float, cy: float, r: float, text: str) -> list[tuple[float, float, float, str]]:
    """(x, y, angle, char) of a round seal's characters: (x, y) on the text circle, angle in
    degrees clockwise from the top; the characters run left to right over the top."""
    n = len(text)
    span = min(250.0, 22.0 * n)
    rt = seal_text_radius(r)
    out = []
    for i, ch in enumerate(text):
        ang = -span / 2 + span * (i + 0.5) / n
        rad = math.radians(ang)
        out.append((cx + rt * math.sin(rad), cy - rt * math.cos(rad), ang, ch))
    return out


def _glyph(pdf: FPDF, g: tuple[float, float, float, str], fs: float) -> None:
    """One seal character, red, rotated with the circle."""
    x, y, ang, ch = g
    pdf.set_text_color(200, 30, 30)
    pdf.set_font_size(fs)
    with pdf.rotation(-ang, x, y):
        pdf.text(x - fs * PT / 2, y + fs * PT / 2.6, ch)
    pdf.set_text_color(0, 0, 0)


def _seal_ring(pdf: FPDF, cx: float, cy: float, r: float) -> None:
    """The seal's circle and star (its characters are drawn by _glyph)."""
    pdf.set_draw_color(200, 30, 30)
    pdf.set_text_color(200, 30, 30)
    pdf.set_line_width(0.8)
    pdf.circle(x=cx, y=cy, radius=r)  # fpdf2 2.8: x, y is the centre
    pdf.set_font_size(r * 1.1 / PT * 0.45)
    pdf.text(cx - r * 0.25, cy + r * 0.18, "★")
    pdf.set_draw_color(0, 0, 0)
    pdf.set_text_color(0, 0, 0)
    pdf.set_line_width(0.2)


def _field_cuts(text: str, start: int) -> list[int]:
    """Where a seal's text object can come between the runs of a line: templates fill a date's
    fields separately (二〇二五年|三月|四日), so only after 年 月 - . / or a space (at an end
    when the line has no such place)."""
    return [i + 1 for i in range(start, len(text) - 1) if text[i] in "年月-./ "] or [start, len(text)]


def _interleave(ops: list[tuple]) -> list[tuple]:
    """Ops with the characters of "inline" seals placed in the text stream where they lie on the
    page, as electronic seals put them: a nearly upright character over a text line goes between
    two of its runs next to its x ("二〇二五年苏三月四日"); the others follow the last line above them."""
    texts = [i for i, op in enumerate(ops) if op[0] == "t"]
    inside: dict[int, list] = {}
    after: dict[int, list] = {}
    for op in ops:
        if op[0] != "seal" or op[5:] != ("inline",):
            continue
        fs = seal_font(op[3])
        glyphs = _seal_glyphs(*op[1:5])
        top = min(glyphs, key=lambda g: abs(g[2]))  # at most one character splits a line
        for g in glyphs:
            base = g[1] + fs * PT / 2.6
            hit = next((i for i in texts if g is top and abs(g[2]) <= 30 and abs(ops[i][2] - base) <= ops[i][3] * PT * 0.5
                        and ops[i][1] < g[0] < ops[i][1] + text_width(ops[i][4], ops[i][3])), None)
            if hit is not None:
                inside.setdefault(hit, []).append((g, fs))
                continue
            above = [i for i in texts if ops[i][2] <= base + 1.0]
            after.setdefault(max(above, key=lambda i: (ops[i][2], i)) if above else -1, []).append((g, fs))
    out: list[tuple] = [("g",) + gf for gf in after.get(-1, [])]
    for i, op in enumerate(ops):
        if i in inside:
            _, x, y, size, text = op
            cuts = sorted(inside[i], key=lambda gf: gf[0][0])
            k = 0
            for g, fs in cuts:
                j = min(_field_cuts(text, k), key=lambda c: abs(x + text_width(text[:c], size) - g[0]))
                if j > k:
                    out.append(("t", x + text_width(text[:k], size), y, size, text[k:j]))
                out.append(("g", g, fs))
                k = j
            if k < len(text):
                out.append(("t", x + text_width(text[:k], size), y, size, text[k:]))
        else:
            out.append(op)
        out += [("g",) + gf for gf in after.get(i, [])]
    return out


def render_pdf(pages: list[dict], path: Path, font: str, title: str = "") -> None:
    """pages: [{"ops": [...], "rotated": bool}] -> PDF at path."""
    font_path, index = FONTS[font]
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_compression(True)
    pdf.add_font("cjk", "", font_path, collection_font_number=index)
    pdf.set_font("cjk", size=12)
    pdf.set_line_width(0.2)
    pdf.set_creator("juanping corpus")
    if title:
        pdf.set_title(title)
    for page in pages:
        pdf.add_page()
        if page.get("rotated"):
            with pdf.rotation(180, PAGE_W / 2, PAGE_H / 2):
                _draw(pdf, page["ops"])
        else:
            _draw(pdf, page["ops"])
    pdf.output(str(path))


def _draw(pdf: FPDF, ops: list[tuple]) -> None:
    size = None
    seals = []
    for op in _interleave(ops):
        kind = op[0]
        if kind == "t":
            _, x, y, s, text = op
            if s != size:
                pdf.set_font_size(s)
                size = s
            pdf.text(x, y, text)
        elif kind == "g":
            _glyph(pdf, op[1], op[2])
            size = None
        elif kind == "r":
            pdf.rect(op[1], op[2], op[3], op[4])
        elif kind == "l":
            pdf.line(op[1], op[2], op[3], op[4])
        elif kind == "seal":
            seals.append(op)
    for op in seals:  # rings last: on top; characters of other seals after the page's text
        _, cx, cy, r, text = op[:5]
        if op[5:] != ("inline",):
            for g in _seal_glyphs(cx, cy, r, text):
                _glyph(pdf, g, seal_font(r))
        _seal_ring(pdf, cx, cy, r)
