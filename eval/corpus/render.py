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

from .layout import PAGE_H, PAGE_W

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


def _seal(pdf: FPDF, cx: float, cy: float, r: float, text: str, size: float) -> None:
    pdf.set_draw_color(200, 30, 30)
    pdf.set_text_color(200, 30, 30)
    pdf.set_line_width(0.8)
    pdf.circle(x=cx, y=cy, radius=r)  # fpdf2 2.8: x, y is the centre
    chars = list(text)
    n = len(chars)
    span = min(250.0, 22.0 * n)
    fs = min(11.0, r * 0.55 / 0.3528)
    for i, ch in enumerate(chars):
        ang = -span / 2 + span * (i + 0.5) / n  # degrees from top, clockwise
        rad = math.radians(ang)
        x = cx + (r - fs * 0.3528 * 1.2) * math.sin(rad)
        y = cy - (r - fs * 0.3528 * 1.2) * math.cos(rad)
        with pdf.rotation(-ang, x, y):
            pdf.set_font_size(fs)
            pdf.text(x - fs * 0.3528 / 2, y + fs * 0.3528 / 2.6, ch)
    pdf.set_font_size(r * 1.1 / 0.3528 * 0.45)
    pdf.text(cx - r * 0.25, cy + r * 0.18, "★")
    pdf.set_font_size(size)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_text_color(0, 0, 0)
    pdf.set_line_width(0.2)


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
    for op in ops:
        kind = op[0]
        if kind == "t":
            _, x, y, s, text = op
            if s != size:
                pdf.set_font_size(s)
                size = s
            pdf.text(x, y, text)
        elif kind == "r":
            pdf.rect(op[1], op[2], op[3], op[4])
        elif kind == "l":
            pdf.line(op[1], op[2], op[3], op[4])
        elif kind == "seal":
            seals.append(op)
    for _, cx, cy, r, text in seals:  # seals last: on top, and after the page's text in reading order
        _seal(pdf, cx, cy, r, text, size or 12)
        size = None
