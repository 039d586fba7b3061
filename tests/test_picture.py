"""A scanned exhibit page bound twice: its caption repeats the page before it, and so does its
picture (ingest.pages.picture). Real image-only PDFs drawn with a real CJK font."""
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from conftest import WQY
from ingest.datamodel import Line, Page
from ingest.pages.pageflags import flag_pages
from ingest.pages.picture import add_pictures, same_picture

DPI = 100
W, H = 827, 1169  # A4 at 100 dpi
CAPTION = "微信聊天记录截图（复印件）"
CAPTION_BOX = (200, 120, 620, 150)  # pixels


def _sheet(photo_seed: int | None) -> Image.Image:
    img = Image.new("L", (W, H), 235)
    draw = ImageDraw.Draw(img)
    draw.text(CAPTION_BOX[:2], CAPTION, font=ImageFont.truetype(str(WQY), 28, index=0), fill=20)
    if photo_seed is not None:  # a screenshot: message bubbles of varying length on both sides
        rng = random.Random(photo_seed)
        y = 220
        while y < 1000:
            left = rng.random() < 0.5
            w = rng.randint(120, 420)
            x = 140 if left else 690 - w
            draw.rectangle((x, y, x + w, y + rng.randint(30, 70)), fill=rng.randint(60, 140))
            y += rng.randint(60, 110)
    return img


def _scan(img: Image.Image, seed: int) -> Image.Image:
    """A second pass through the scanner: another skew, noise and blur."""
    rng = np.random.default_rng(seed)
    out = img.rotate(float(rng.uniform(-1.0, 1.0)), resample=Image.BICUBIC, fillcolor=235)
    g = np.asarray(out, dtype=np.float32) + rng.normal(0, 6, (H, W))
    return Image.fromarray(np.clip(g, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.5))


def _pages(path, sheets: list[Image.Image], captions: list[str]) -> list[Page]:
    sheets[0].save(str(path), "PDF", save_all=True, append_images=sheets[1:], resolution=DPI)
    pt = 72 / DPI
    x0, top, x1, bottom = (v * pt for v in CAPTION_BOX)
    return [Page(index=i, width=W * pt, height=H * pt, text=c, lines=[Line(c, x0, top, x1, bottom, conf=0.97)],
                 text_source="ocr", image_only=True) for i, c in enumerate(captions, 1)]


def test_a_scanned_exhibit_page_bound_twice_is_a_duplicate_and_another_photo_is_not(tmp_path):
    first = _sheet(photo_seed=1)
    pages = _pages(tmp_path / "x.pdf", [_scan(first, 1), _scan(first, 2), _scan(_sheet(photo_seed=2), 3)],
                   [CAPTION, CAPTION.replace("（", "("), CAPTION])  # OCR read one bracket otherwise
    add_pictures(tmp_path / "x.pdf", pages)
    assert all(p.picture is not None for p in pages)
    assert same_picture(pages[0].picture, pages[1].picture)
    assert not same_picture(pages[1].picture, pages[2].picture)
    flag_pages(pages)
    assert [("duplicate" in p.flags) for p in pages] == [False, True, False]


def test_captions_over_nothing_are_one_sheet_and_a_caption_over_a_photo_is_another(tmp_path):
    """Two scans of a caption alone cannot be told apart: the second is bound twice. A caption
    alone and the same caption over a photo are two sheets."""
    bare = _sheet(photo_seed=None)
    pages = _pages(tmp_path / "y.pdf", [_scan(bare, 4), _scan(bare, 5), _scan(_sheet(photo_seed=7), 6)],
                   [CAPTION] * 3)
    add_pictures(tmp_path / "y.pdf", pages)
    flag_pages(pages)
    assert [("duplicate" in p.flags) for p in pages] == [False, True, False]
