"""OCR of scanned pages (rapidocr_onnxruntime, models from the wheel)."""
from __future__ import annotations

import json
import random
import re
from collections import Counter

import pytest

pytest.importorskip("rapidocr_onnxruntime")

from eval.corpus import generate_corpus, scan_pdf  # noqa: E402
from ingest.pages.ocr import OcrEngine  # noqa: E402
from ingest.pages.pdf import extract_pages  # noqa: E402

pytestmark = pytest.mark.slow  # renders corpora / OCRs / builds wheels: the full run only

SEED = 5
_BRACKETS = str.maketrans("〔〕[]【】()", "（）（）（）（）")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text).translate(_BRACKETS)


def _overlap(found: str, expected: str) -> float:
    """Share of the expected characters found (bag of characters)."""
    a, b = Counter(_norm(found)), Counter(_norm(expected))
    return sum((a & b).values()) / max(1, sum(b.values()))


def _f1(a: str, b: str) -> float:
    ca, cb = Counter(_norm(a)), Counter(_norm(b))
    return 2 * sum((ca & cb).values()) / max(1, sum(ca.values()) + sum(cb.values()))


@pytest.fixture(scope="module")
def engine():
    return OcrEngine()


@pytest.fixture(scope="module")
def dossier(tmp_path_factory):
    """One dossier, digital and scanned (same seed -> same content)."""
    dig = tmp_path_factory.mktemp("digital")
    scn = tmp_path_factory.mktemp("scanned")
    generate_corpus(dig, 1, SEED)
    generate_corpus(scn, 1, SEED, scanned_share=1.0)
    truth = json.loads(next(scn.glob("*.truth.json")).read_text(encoding="utf-8"))
    return {"truth": truth, "digital": dig / truth["file"], "scanned": scn / truth["file"],
            "pages": extract_pages(dig / truth["file"])}


def _case_no_page(dossier) -> int:
    """A short upright page that prints the case number."""
    case_no = dossier["truth"]["case"]["case_no"]
    rotated = {f["page"] for f in dossier["truth"]["page_flags"] if f["flag"] == "rotated"}
    cands = [p for p in dossier["pages"] if _norm(case_no) in _norm(p.text) and p.index not in rotated]
    return min(cands, key=lambda p: len(p.text)).index


def test_case_number_read_from_scan(engine, dossier):
    case_no = dossier["truth"]["case"]["case_no"]
    i = _case_no_page(dossier)
    page = engine.ocr_page(dossier["scanned"], i)
    assert page.index == i and page.text_source == "ocr" and page.image_only and page.rotation == 0
    best = max((ln.text for ln in page.lines), key=lambda t: _overlap(t, case_no))
    assert _overlap(best, case_no) >= 0.8, (best, case_no)
    assert re.sub(r"\D", "", case_no) in re.sub(r"\D", "", page.text)  # year, area code and serial digits
    assert _f1(page.text, dossier["pages"][i - 1].text) >= 0.8
    assert 0.5 < (engine.last_confidence or 0) <= 1.0
    for ln in page.lines:  # PDF points, upright page, reading order top to bottom
        assert -2 <= ln.x0 < ln.x1 <= page.width + 2 and -2 <= ln.top < ln.bottom <= page.height + 2
        assert 5 <= ln.size <= 40
    tops = [ln.top for ln in page.lines]
    assert tops == sorted(tops)


def test_title_words_recognised(engine, dossier):
    i = _case_no_page(dossier)
    page = engine(dossier["scanned"], i)  # pipeline hook signature
    digital_title = dossier["pages"][i - 1].title
    assert _overlap(page.text, digital_title) >= 0.8
    assert _overlap(page.title, digital_title) >= 0.6, (page.title, digital_title)


def test_upside_down_page_detected(engine, dossier, tmp_path):
    i = _case_no_page(dossier)
    dst = tmp_path / "flipped.pdf"
    scan_pdf(dossier["digital"], dst, random.Random(3), rotate_pages={i})
    page = engine.ocr_page(dst, i)
    assert page.rotation == 180
    digital = dossier["pages"][i - 1]
    assert _f1(page.text, digital.text) >= 0.8
    # upright reading order: the first line of body text (scans may carry a stamped archive
    # page number in the corner, which the text layer does not have) is one of the digital
    # page's first lines
    first = next(_norm(ln.text) for ln in page.lines if len(_norm(ln.text)) >= 4)
    assert any(_overlap(first, ln.text) >= 0.6 or _overlap(ln.text, first) >= 0.6 for ln in digital.lines[:3])


def test_sideways_page_detected(engine, dossier, tmp_path):
    i = _case_no_page(dossier)
    dst = tmp_path / "sideways.pdf"
    scan_pdf(dossier["digital"], dst, random.Random(4), rotate_pages={i: 90})  # turned 90 ccw
    page = engine.ocr_page(dst, i)
    assert page.rotation == 270
    assert page.width < page.height  # upright geometry
    assert _f1(page.text, dossier["pages"][i - 1].text) >= 0.8


def test_blank_image(engine):
    from PIL import Image

    page = engine.ocr_image(Image.new("L", (620, 877), 235), 595.0, 842.0)
    assert page.text == "" and page.lines == [] and page.text_source == "ocr" and page.rotation == 0


@pytest.mark.slow
def test_pipeline_with_ocr_hook(engine, dossier):
    from ingest.pipeline import load_dossier

    d = load_dossier(dossier["scanned"], None, ocr=engine)
    assert all(p.text_source == "ocr" for p in d.pages)
    truth = dossier["truth"]
    assert _overlap(d.facts.value("case_no") or "", truth["case"]["case_no"]) >= 0.8
    rotated = {f["page"] for f in truth["page_flags"] if f["flag"] == "rotated"}
    assert set(d.flagged("rotated")) == rotated


def test_backends_read_the_same_page_alike(dossier, monkeypatch):
    """OpenVINO (bfloat16 where the CPU has it) and onnxruntime read a scanned page alike,
    the case number included, and never share an OCR cache entry."""
    pytest.importorskip("openvino")
    from ingest.pages.ocr_backend import BACKEND_ENV, available_backend
    from ingest.pages.ocr_cache import settings_key

    i = _case_no_page(dossier)
    fast, slow = OcrEngine(cache=None, backend="openvino"), OcrEngine(cache=None, backend="onnxruntime")
    a, b = fast.ocr_page(dossier["scanned"], i), slow.ocr_page(dossier["scanned"], i)
    assert type(fast.rapid.text_rec.session.session).__name__ == "OpenVinoSession"
    assert type(slow.rapid.text_rec.session.session).__name__ == "InferenceSession"
    assert _f1(a.text, b.text) >= 0.97, (a.text, b.text)
    digits = re.sub(r"\D", "", dossier["truth"]["case"]["case_no"])
    assert digits in re.sub(r"\D", "", a.text) and digits in re.sub(r"\D", "", b.text)
    assert settings_key(fast.settings()) != settings_key(slow.settings())
    monkeypatch.setenv(BACKEND_ENV, "onnxruntime")
    assert available_backend() == "onnxruntime"
    monkeypatch.setenv(BACKEND_ENV, "")
    assert available_backend() == "openvino"
    monkeypatch.setenv(BACKEND_ENV, "cuda")
    with pytest.raises(ValueError, match="openvino' or 'onnxruntime"):
        available_backend()
