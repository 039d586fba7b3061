"""PDF page images with pypdfium2: thumbnails, large view, masked personal data, highlighted evidence."""
from __future__ import annotations

import io
import re

import pypdfium2 as pdfium
import streamlit as st
from PIL import Image, ImageDraw

from store.masking import redaction_spans
from store.seals import cover_seals


def _rects(textpage, start: int, count: int) -> list[tuple[float, float, float, float]]:
    n = textpage.count_rects(start, count)
    return [textpage.get_rect(i) for i in range(n)]


def _search_spans(text: str, needle: str) -> list[tuple[int, int]]:
    """Where ``needle`` (or its longest line / first 12 chars) occurs in the page text, whitespace-tolerant."""
    needle = (needle or "").strip()
    if not needle:
        return []
    candidates = [needle] + sorted((ln.strip() for ln in needle.splitlines() if ln.strip()), key=len, reverse=True)
    candidates.append(needle[:12])
    for cand in candidates:
        pattern = r"\s*".join(re.escape(ch) for ch in cand if not ch.isspace())
        if not pattern:
            continue
        spans = [(m.start(), m.end()) for m in re.finditer(pattern, text)]
        if spans:
            return spans
    return []


@st.cache_data(max_entries=512, show_spinner=False)
def page_count(path: str) -> int:
    doc = pdfium.PdfDocument(path)
    try:
        return len(doc)
    finally:
        doc.close()


@st.cache_data(max_entries=2048, show_spinner=False)
def page_text(path: str, page: int) -> str:
    doc = pdfium.PdfDocument(path)
    try:
        tp = doc[page - 1].get_textpage()
        return tp.get_text_range()
    finally:
        doc.close()


@st.cache_data(max_entries=1024, show_spinner=False)
def page_png(path: str, page: int, scale: float = 1.4, mask: bool = True, terms: tuple[str, ...] = (),
             highlight: str = "", patterns: tuple[str, ...] = (), seals: bool = False) -> bytes:
    """PNG of one page; personal data, blind ``terms`` and regex ``patterns`` blacked out when ``mask``;
    red seals covered when ``seals`` (blind sessions: a seal names the firm); ``highlight`` in yellow."""
    doc = pdfium.PdfDocument(path)
    try:
        pg = doc[page - 1]
        height = pg.get_height()
        img = pg.render(scale=scale).to_pil().convert("RGB")
        if seals:
            img = cover_seals(img)  # before the highlight, whose orange would look like a seal
        tp = pg.get_textpage()
        text = tp.get_text_range()

        def boxes(start: int, end: int):
            for left, bottom, right, top in _rects(tp, start, end - start):
                yield (left * scale, (height - top) * scale, right * scale, (height - bottom) * scale)

        if highlight:
            overlay = Image.new("RGBA", img.size, (0, 0, 0, 0))
            draw = ImageDraw.Draw(overlay)
            for s, e in _search_spans(text, highlight):
                for b in boxes(s, e):
                    draw.rectangle((b[0] - 1, b[1] - 1, b[2] + 1, b[3] + 1), fill=(255, 230, 0, 110),
                                   outline=(230, 120, 0, 255), width=2)
            img = Image.alpha_composite(img.convert("RGBA"), overlay).convert("RGB")
        if mask:
            draw = ImageDraw.Draw(img)
            for s, e in redaction_spans(text, terms, patterns):
                for b in boxes(s, e):
                    draw.rectangle(b, fill=(40, 40, 40))
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        return buf.getvalue()
    finally:
        doc.close()
