"""What a scanned short page shows besides its text: the ink outside its text lines, cell by cell.

Exhibit pages captioned alike (微信聊天记录截图（复印件）, 照片) are normal in a dossier; two of them
are one sheet bound twice only if what they show is the same too. On a text layer the digest of
the embedded images says so (ingest.pages.pdf.image_key); on a scan the picture is compared as
ink: two scans of one sheet differ by noise, a degree of skew and a little blur, two photos by
what is on them.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ingest.datamodel import Line, Page

GRID = (12, 16)        # cells across and down
RENDER_SCALE = 0.5     # 36 dpi: enough to see where ink is, not what it reads
EDGE = 0.05            # share of each side left out: scan shadows, a punched margin
TEXT_PAD_PT = 4.0      # around a text line's box: its ascenders and a skewed scan's drift
INK_BELOW_PAPER = 60   # grey levels below the paper's that count as ink
NO_PICTURE = 0.002     # mean ink share per cell below which a page shows nothing but its text
SAME_PICTURE = 0.9     # correlation of the cells' ink at and above which two pictures are one
INK_RATIO = 1.6        # and neither has more than this times the other's ink
SHORT_TEXT = 60        # meaningful characters below which a scanned page gets a picture (captions)


def picture_grid(grey: np.ndarray, lines: Sequence[Line], width_pt: float, height_pt: float) -> tuple[float, ...]:
    """Ink share per cell of the page image (grey, upright), text lines and edges blanked out."""
    h, w = grey.shape[:2]
    ink = grey.astype(np.float32) < float(np.percentile(grey, 90)) - INK_BELOW_PAPER
    sx, sy = w / (width_pt or 1.0), h / (height_pt or 1.0)
    for ln in lines:
        x0, x1 = int((ln.x0 - TEXT_PAD_PT) * sx), int(np.ceil((ln.x1 + TEXT_PAD_PT) * sx))
        y0, y1 = int((ln.top - TEXT_PAD_PT) * sy), int(np.ceil((ln.bottom + TEXT_PAD_PT) * sy))
        ink[max(y0, 0):max(y1, 0), max(x0, 0):max(x1, 0)] = False
    ex, ey = int(w * EDGE), int(h * EDGE)
    inner = ink[ey:h - ey, ex:w - ex]
    cols, rows = GRID
    ys = np.linspace(0, inner.shape[0], rows + 1).astype(int)
    xs = np.linspace(0, inner.shape[1], cols + 1).astype(int)
    return tuple(round(float(inner[ys[r]:ys[r + 1], xs[c]:xs[c + 1]].mean()), 5) if ys[r + 1] > ys[r] and xs[c + 1] > xs[c]
                 else 0.0 for r in range(rows) for c in range(cols))


def same_picture(a: Sequence[float], b: Sequence[float]) -> bool:
    """Two pages show one picture: neither shows anything besides its text, or both show ink
    in the same cells in like amounts."""
    va, vb = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    ta, tb = float(va.mean()), float(vb.mean())
    if ta < NO_PICTURE and tb < NO_PICTURE:
        return True
    if min(ta, tb) < NO_PICTURE or max(ta, tb) > INK_RATIO * min(ta, tb):
        return False
    da, db = va - ta, vb - tb
    denom = float(np.sqrt((da * da).sum() * (db * db).sum()))
    return denom > 0 and float((da * db).sum()) / denom >= SAME_PICTURE


def needs_picture(page: Page) -> bool:
    """A scanned upright page whose text is short (a caption): only its picture tells it apart."""
    from ingest.pages.pageflags import meaningful_chars  # pageflags compares pictures: imported here, not at the top
    return page.text_source == "ocr" and page.rotation % 360 == 0 and not page.garbled \
        and 0 < meaningful_chars(page.text) < SHORT_TEXT


def add_pictures(path: str | Path, pages: list[Page], password: str | None = None) -> None:
    """Set Page.picture on the scanned short pages, rendering only those."""
    wanted = [pg for pg in pages if needs_picture(pg)]
    if not wanted:
        return
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path), password=password)
    try:
        for pg in wanted:
            page = pdf[pg.index - 1]
            try:
                grey = np.asarray(page.render(scale=RENDER_SCALE, grayscale=True).to_pil().convert("L"))
            finally:
                page.close()
            pg.picture = picture_grid(grey, pg.lines, pg.width, pg.height)
    finally:
        pdf.close()
