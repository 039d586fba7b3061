"""Image-only 'scanned' copy of a PDF: grey paper, speckle, skew, blur, JPEG artefacts."""
from __future__ import annotations

import io
import random
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

DPI = 200


def _degrade(img: Image.Image, rng: random.Random) -> Image.Image:
    g = np.asarray(img.convert("L"), dtype=np.float32)
    nrng = np.random.default_rng(rng.randrange(2**32))
    paper = rng.uniform(215, 240)
    g = paper - (255.0 - g) * rng.uniform(0.85, 1.0) * paper / 255.0     # grey paper, slightly faded ink
    g += nrng.normal(0, rng.uniform(3, 8), g.shape)                        # sensor noise
    mask = nrng.random(g.shape) < rng.uniform(0.0004, 0.0015)              # speckle
    g[mask] = nrng.uniform(30, 120, int(mask.sum()))
    h = g.shape[0]
    shade = np.linspace(0, rng.uniform(-18, 6), g.shape[1])[None, :]       # uneven lighting
    g = np.clip(g + shade + np.linspace(rng.uniform(-6, 6), 0, h)[:, None], 0, 255)
    out = Image.fromarray(g.astype(np.uint8), "L")
    out = out.rotate(rng.uniform(-1.2, 1.2), resample=Image.BICUBIC, expand=False, fillcolor=int(paper))
    if rng.random() < 0.5:
        out = out.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.7)))
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=rng.randint(35, 70))
    return Image.open(io.BytesIO(buf.getvalue()))


def scan_pdf(src: Path, dst: Path, rng: random.Random) -> None:
    """Render every page of `src` at 200 dpi (page rotation kept), degrade it, write an image-only PDF."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(src))
    images = []
    for i in range(len(pdf)):
        bmp = pdf[i].render(scale=DPI / 72, rev_byteorder=False, may_draw_forms=False)
        images.append(_degrade(bmp.to_pil(), rng))
    pdf.close()
    images[0].save(str(dst), "PDF", save_all=True, append_images=images[1:], resolution=DPI)
