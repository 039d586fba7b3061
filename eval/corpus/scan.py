"""Turn a rendered (digital) dossier PDF into an image-only "scanned" PDF.

A flatbed/ADF scanner at ~150 dpi: each page is rendered to a greyscale
raster, placed on grey or yellowish paper, slightly skewed and blurred,
given sensor noise and the odd speckle, and JPEG-compressed; the JPEGs are
assembled into an A4 PDF with no text layer (one image per page).

Pages already drawn upside down (BD-06 defects) simply stay that way;
`rotate_pages` feeds extra pages into the scanner rotated (tests and
robustness checks; the ground truth does not know about these).
Deterministic for a given rng state (numpy noise is seeded from it, the PDF
creation date is fixed).
"""
from __future__ import annotations

import io
import random
from collections.abc import Collection, Mapping
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

SCAN_DPI = 150
_FIXED_DATE = datetime(2025, 1, 1, tzinfo=timezone.utc)


def _paper(rng: random.Random) -> tuple[str, tuple[int, int, int]]:
    """Scanner mode and paper colour for one dossier."""
    if rng.random() < 0.55:
        g = rng.randint(222, 246)
        return "L", (g, g, g)
    r = rng.randint(232, 248)  # aged / recycled paper, colour scan
    return "RGB", (r, r - rng.randint(3, 10), r - rng.randint(14, 34))


def scan_image(img: Image.Image, rng: random.Random, mode: str = "L",
               paper: tuple[int, int, int] = (236, 236, 236), angle: int = 0) -> Image.Image:
    """Scanner effects on one rendered page (white paper): mode "L" greyscale scan
    (red seals turn grey), "RGB" colour scan (seals stay red)."""
    nrng = np.random.default_rng(rng.getrandbits(64))
    grey = img.convert("L" if mode != "RGB" else "RGB")
    if angle % 360:
        grey = grey.rotate(angle % 360, expand=True)
    # skew: the sheet is never perfectly straight on the glass
    skew = rng.uniform(-1.5, 1.5)
    grey = grey.rotate(skew, resample=Image.BICUBIC, expand=False, fillcolor=255 if mode != "RGB" else (255,) * 3)
    blur = rng.uniform(0.25, 0.75)
    grey = grey.filter(ImageFilter.GaussianBlur(blur))
    a = np.asarray(grey, dtype=np.float32) / 255.0  # 1 = paper, 0 = ink
    ink = rng.uniform(15, 45)
    # uneven illumination: a gentle gradient across the sheet
    h, w = a.shape[:2]
    gy = np.linspace(-1, 1, h, dtype=np.float32)[:, None]
    gx = np.linspace(-1, 1, w, dtype=np.float32)[None, :]
    shade = 1.0 + rng.uniform(-0.03, 0.03) * gy + rng.uniform(-0.03, 0.03) * gx
    sigma = rng.uniform(2.0, 6.0)
    noise = nrng.normal(0.0, sigma, size=(h, w)).astype(np.float32)
    if mode == "RGB":
        out = np.stack([(ink + (c - ink) * a[:, :, k]) * shade + noise for k, c in enumerate(paper)], axis=-1)
    else:
        out = (ink + (paper[0] - ink) * a) * shade + noise
    if rng.random() < 0.35:  # dust / toner speckles
        k = rng.randint(5, 60)
        ys = nrng.integers(0, h, size=k)
        xs = nrng.integers(0, w, size=k)
        rs = nrng.integers(1, 3, size=k)
        for y, x, r in zip(ys, xs, rs):
            out[max(0, y - r):y + r, max(0, x - r):x + r] = rng.uniform(20, 110)
    if rng.random() < 0.2:  # a dark band along one edge (lid shadow)
        band = rng.randint(4, 14)
        if rng.random() < 0.5:
            out[:, :band] *= 0.55
        else:
            out[:, w - band:] *= 0.55
    out = np.clip(out, 0, 255).astype(np.uint8)
    return Image.fromarray(out)  # HxW -> "L", HxWx3 -> "RGB"


def scan_pdf(src_pdf: str | Path, dst_pdf: str | Path, rng: random.Random, *,
             rotate_pages: Collection[int] | Mapping[int, int] = frozenset(), dpi: int = SCAN_DPI) -> None:
    """Write an image-only copy of src_pdf to dst_pdf, as if printed and scanned.

    rotate_pages: 1-based pages fed into the scanner rotated: a set (180 degrees)
    or {page: angle} with angle in 90/180/270 (counter-clockwise, as seen).
    """
    from fpdf import FPDF

    turns = dict(rotate_pages) if isinstance(rotate_pages, Mapping) else {p: 180 for p in rotate_pages}
    mode, paper = _paper(rng)
    quality = rng.randint(55, 85)
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_creator("juanping corpus scanner")
    pdf.set_creation_date(_FIXED_DATE)
    src = pdfium.PdfDocument(str(src_pdf))
    try:
        for i in range(len(src)):
            page = src[i]
            try:
                img = page.render(scale=dpi / 72, grayscale=mode != "RGB").to_pil()
            finally:
                page.close()
            angle = turns.get(i + 1, 0) % 360
            scanned = scan_image(img, rng, mode, paper, angle)
            buf = io.BytesIO()
            scanned.save(buf, format="JPEG", quality=quality, optimize=False)
            buf.seek(0)
            landscape = scanned.width > scanned.height
            pdf.add_page(orientation="L" if landscape else "P")
            pdf.image(buf, x=0, y=0, w=pdf.w, h=pdf.h)
    finally:
        src.close()
    pdf.output(str(dst_pdf))
