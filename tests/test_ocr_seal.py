"""A red seal scanned in grey over a signing date (骑年压月): doubtful lines are read again
without the seal's mid-grey ink (ingest.pages.ocr_image.without_seal_ink)."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from ingest.pages.ocr import _surer
from ingest.pages.ocr_image import without_seal_ink

NOTO = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def test_mid_grey_ink_becomes_paper_and_text_stays():
    grey = np.full((100, 100), 230, dtype=np.uint8)
    grey[10:30, 10:60] = 15    # printed text
    grey[40:70, 10:90] = 118   # a red seal scanned in grey
    grey[50:60, 20:40] = 12    # a stroke under the seal stays dark
    out = without_seal_ink(grey)
    assert (out[10:30, 10:60] == 15).all() and (out[50:60, 20:40] == 12).all()
    assert (out[40:50, 10:90] == 230).all()


def test_a_page_without_ink_is_left_alone():
    grey = np.full((50, 50), 228, dtype=np.uint8)
    assert (without_seal_ink(grey) == grey).all()


@pytest.mark.parametrize("new, old, keep", [
    (("2025年7月14日", 0.99, [0.99] * 10), ("20第年7月14由", 0.6, [0.4] * 10), True),
    (("2025年7月14日", 0.9, [0.9] * 10), ("", 0.0, []), True),                     # a dropped line read
    (("2025年7月1日", 0.9, [0.9] * 9), ("2025年7月14日", 0.95, [0.88] * 10), False),  # less sure overall
    (("2025年7月1日", 0.97, [0.9] * 9), ("2025年7月14日", 0.95, [0.88] * 10), False),  # weakest not clearly surer
    (("2025年7月14日", 0.99, [0.99] * 10), ("2025年大月1日", 0.9, [0.99] * 5 + [0.57] + [0.99] * 3), True),
    # removing the seal thinned a sure 4 to a 1: a re-read never overrules a sure character
    (("2025年1月11日", 0.99, [0.99] * 10), ("202年4月11", 0.9, [1.0, 1.0, 1.0, 0.72, 0.99, 0.96, 0.99, 0.96]), False),
    (("7", 0.99, [0.99]), ("17", 0.9, [0.6, 0.99]), False),  # a doubted thin 1 is still never dropped
    (("3 个人诚信承诺书 1", 0.99, [0.99] * 11), ("3 个人诚信承诺书 4", 0.95, [0.99] * 10 + [0.8]), False),  # nor a numeral changed
    (("武刚风", 0.95, [0.99, 0.99, 0.94]), ("武刚凤", 0.9, [0.99, 0.99, 0.6]), False),  # a word is never re-read
    (("1 法律援助申请表 12", 0.99, [0.99] * 12), ("1 法律援助申请表 1—2", 0.9, [0.99] * 11 + [0.4, 0.99]), False),
    (("2025年三月四日", 0.99, [0.99] * 9), ("2025年苏三月四日", 0.8, [0.99] * 5 + [0.5] + [0.99] * 4), True),  # a glyph
    (("经济情况日无收入", 0.99, [0.99] * 8), ("经济情况回无收入", 0.9, [0.99] * 4 + [0.5] + [0.99] * 3), False),  # 日 of no date
    (("", 0.0, []), ("某心", 0.8, [0.8, 0.8]), False),                              # seal glyphs vanish: keep them
    (("中", 0.3, [0.3]), ("", 0.0, []), False),                                     # below the score floor
])
def test_a_reread_replaces_only_a_surer_reading(new, old, keep):
    assert _surer(new, old, 0.5) is keep


def _signed_page(seal: bool):
    """A decision's signing block in a real CJK font, optionally under a red round seal,
    scanned in grey."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (1240, 600), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(NOTO), 30, index=2)
    draw.text((200, 100), "你的申请符合法律援助条件，决定给予法律援助。", font=font, fill="black")
    draw.text((700, 300), "某某市法律援助中心", font=font, fill="black")
    draw.text((730, 360), "2025年7月14日", font=font, fill="black")
    if seal:
        ink = (208, 28, 28, 210)
        over = Image.new("RGBA", img.size, (0, 0, 0, 0))
        o = ImageDraw.Draw(over)
        cx, cy, r = 850, 340, 110
        o.ellipse((cx - r, cy - r, cx + r, cy + r), outline=ink, width=7)
        ring = ImageFont.truetype(str(NOTO), 34, index=2)
        name = "某某市法律援助中心"
        for k, ch in enumerate(name):
            a = math.pi * (-0.85 + 1.7 * k / (len(name) - 1)) - math.pi / 2
            o.text((cx + 0.72 * r * math.cos(a) - 17, cy + 0.72 * r * math.sin(a) - 17), ch, font=ring, fill=ink)
        o.regular_polygon((cx, cy + 5, 30), 5, fill=ink)
        img = Image.alpha_composite(img.convert("RGBA"), over).convert("RGB")
    return img.convert("L")


@pytest.fixture(scope="module")
def engine():
    pytest.importorskip("rapidocr_onnxruntime")
    if not NOTO.exists():
        pytest.skip("Noto Sans CJK not installed")
    from ingest.pages.ocr import OcrEngine
    return OcrEngine(cache=None)


def _lines(engine, image) -> list[str]:
    return [ln.text for ln in engine.ocr_image(image, 595, 288).lines]


def test_a_date_under_a_grey_seal_is_read_again_without_it(engine, monkeypatch):
    sealed = _signed_page(seal=True)
    assert "2025年7月14日" in _lines(engine, sealed)
    assert engine.last_stats["reread"] >= 1
    monkeypatch.setattr(engine, "_reread_weak", lambda img, boxes, flip, rec: (rec, 0))
    assert "2025年7月14日" not in _lines(engine, sealed)  # the seal does garble it in one reading


def test_a_page_without_a_seal_reads_the_same(engine):
    assert "2025年7月14日" in _lines(engine, _signed_page(seal=False))
    assert engine.last_stats["reread"] == 0
