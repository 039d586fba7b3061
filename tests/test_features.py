"""models.features: normalisation, title/head fields, layout vector, neighbour context."""
from __future__ import annotations

import numpy as np

from ingest.datamodel import Line, Page
from models import features as F


def _page(index=1, lines=(), **kw) -> Page:
    lines = [Line(*ln) for ln in lines]
    return Page(index=index, text="\n".join(ln.text for ln in lines), lines=lines, **kw)


TITLED = _page(1, [("会见笔录", 230, 60, 330, 82, 22.0),
                   ("时间：2025年6月3日", 70, 110, 300, 122, 12.0),
                   ("问：你叫什么名字？", 70, 130, 300, 142, 12.0),
                   ("答：张某。", 70, 150, 200, 162, 12.0),
                   ("被会见人（签名）：", 70, 700, 300, 712, 12.0),
                   ("二〇二五年六月三日", 300, 720, 420, 732, 12.0)])
PLAIN = _page(2, [("问：还有什么要求？", 70, 100, 300, 112, 12.0),
                  ("答：申请取保候审。", 70, 120, 300, 132, 12.0),
                  ("2", 540, 30, 546, 40, 9.0)])  # margin page number


def test_normalize_maps_digits_and_whitespace():
    assert F.normalize("（2025）苏0508\n法援  第１２３号") == "（0000）苏0000 法援 第000号"


def test_title_and_head():
    assert F.page_title(TITLED) == "会见笔录"
    assert F.head_text(TITLED, 2) == "会见笔录 时间：0000年0月0日"
    # no layout: first text line stands in for the title
    assert F.page_title(Page(index=1, text="\n 授权委托书 \n正文")) == "授权委托书"


def test_layout_vector_cues():
    names = F.LAYOUT_NAMES
    v = dict(zip(names, F.layout_vector(TITLED)))
    assert len(F.layout_vector(TITLED)) == len(names)
    assert v["title_larger"] == 1.0 and v["title_rel_size"] > 0
    assert v["title_centered"] > 0.8
    assert abs(v["qa_share"] - 2 / 6) < 1e-6
    assert v["tail_sign"] == 1.0 and v["tail_date"] == 1.0
    assert v["printed_number"] == 0.0
    w = dict(zip(names, F.layout_vector(PLAIN)))
    assert w["title_larger"] == 0.0 and w["printed_number"] == 1.0 and w["head_qa"] == 1.0
    assert w["tail_date"] == 0.0 and w["tail_sign"] == 0.0
    assert sum(w[f"len_bin_{i}"] for i in range(len(F.LENGTH_BINS) + 1)) == 1.0


def test_empty_page_vector_is_finite():
    v = F.layout_vector(Page(index=1))
    assert np.isfinite(v).all()
    assert v[F.LAYOUT_NAMES.index("unreadable")] == 1.0
    assert v[F.LAYOUT_NAMES.index("len_bin_0")] == 1.0


def test_neighbour_fields_use_text_only():
    fields = F.page_fields([TITLED, PLAIN])
    assert fields[0].prev == "<none>" and fields[1].next == "<none>"
    assert fields[1].prev.startswith("会见笔录")
    assert "签名" in fields[1].prev  # tail of the previous page: end-of-document cue
    assert fields[0].next.startswith("问：还有什么要求？")


def test_split_dossiers_on_index_restart():
    a, b, c = Page(index=1), Page(index=2), Page(index=1)
    assert [len(g) for g in F.split_dossiers([a, b, c])] == [2, 1]


def test_title_skips_seal_glyphs():
    # a red seal's characters are set larger than the heading; they must not become the title
    page = _page(1, [("★ 院", 400, 40, 440, 70, 28.0),
                     ("起诉书（副本）", 230, 80, 360, 100, 18.0),
                     ("被告人张某，男，汉族。", 70, 120, 300, 132, 12.0)])
    assert F.page_title(page) == "起诉书（副本）"
