"""On-disk OCR page cache: round trip, keys, corrupt entries, and a real scanned page."""
from __future__ import annotations

import json
import random
from datetime import date

import pytest

from ingest.datamodel import Line, Page
from ingest.pages.ocr_cache import ENV, OcrCache, default_cache_dir, page_from_dict, page_to_dict, settings_key


def _page() -> Page:
    ln = Line("日期：2025年6月3日", 50, 300, 400, 314, 12, conf=0.8, char_conf=[0.99] * 5 + [0.8] + [0.99] * 6)
    return Page(index=3, width=595, height=842, text=ln.text, lines=[ln], rotation=180, rotation_conf=0.77,
                image_only=True, text_source="ocr", ink=0.03)


def test_page_round_trip():
    pg = page_from_dict(json.loads(json.dumps(page_to_dict(_page()))))
    assert pg == _page()


def test_old_entries_without_confidence_read_as_sure():
    d = page_to_dict(_page())
    for ln in d["lines"]:
        del ln["conf"], ln["char_conf"]
    del d["rotation_conf"]
    pg = page_from_dict(d)
    assert pg.lines[0].conf == 1.0 and pg.lines[0].char_conf == [] and pg.rotation_conf == 1.0


def test_cache_dir_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV, "off")
    assert default_cache_dir() is None
    monkeypatch.setenv(ENV, str(tmp_path))
    assert default_cache_dir() == tmp_path
    monkeypatch.delenv(ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "juanping" / "ocr"


def test_keys_separate_files_pages_and_settings(tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    a.write_bytes(b"%PDF-a")
    b.write_bytes(b"%PDF-b")
    cache = OcrCache(tmp_path / "c")
    key = settings_key({"dpi": 150})
    cache.put(a, 3, key, _page())
    assert cache.get(a, 3, key) == _page()
    assert cache.get(a, 4, key) is None
    assert cache.get(b, 3, key) is None
    assert cache.get(a, 3, settings_key({"dpi": 200})) is None


def test_corrupt_entry_is_a_miss(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-a")
    cache = OcrCache(tmp_path / "c")
    cache.put(pdf, 1, "k", _page())
    entry = cache.entry(cache.file_key(pdf), 1, "k")
    for junk in ("{not json", json.dumps({"index": 1}), json.dumps([1, 2])):
        entry.write_text(junk, encoding="utf-8")
        assert cache.get(pdf, 1, "k") is None
    cache.put(pdf, 1, "k", _page())  # overwritten by the next OCR
    assert cache.get(pdf, 1, "k") == _page()


def test_unwritable_cache_is_ignored(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-a")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = OcrCache(blocker / "sub")  # a directory below a file cannot be created
    cache.put(pdf, 1, "k", _page())
    assert cache.get(pdf, 1, "k") is None


# ------------------------------------------------------------------ a real scanned page
@pytest.fixture
def scanned_page(make_pdf, tmp_path):
    """One image-only page with a dated line and a page number in the top right margin."""
    pytest.importorskip("rapidocr_onnxruntime")
    from eval.corpus import scan_pdf

    digital = make_pdf([[("12", 180, 12, 12), ("指派通知书", 80, 40, 18), ("指派日期：2025年6月3日", 30, 70, 12),
                         ("承办律师：王明", 30, 85, 12)]], name="d.pdf")
    scanned = tmp_path / "s.pdf"
    scan_pdf(digital, scanned, random.Random(7))
    return scanned


def test_real_scan_carries_confidence_and_is_read_from_cache_the_second_time(scanned_page, tmp_path):
    from ingest.pages.ocr import OcrEngine
    from ingest.pages.pagenumbers import read_printed_number
    from ingest.readings import date_conf

    class CountingEngine(OcrEngine):
        calls = 0

        def ocr_page(self, *args, **kw):
            type(self).calls += 1
            return super().ocr_page(*args, **kw)

    engine = CountingEngine(cache=OcrCache(tmp_path / "cache"))
    first = engine(scanned_page, 1)
    assert engine.calls == 1
    assert first.lines and all(len(ln.char_conf) == len(ln.text) for ln in first.lines)
    assert all(0.0 < ln.conf <= 1.0 and min(ln.char_conf) <= ln.conf + 1e-6 for ln in first.lines)
    number, conf = read_printed_number(first)
    assert number == 12 and 0.5 < conf <= 1.0
    assert 0.5 < date_conf(first, date(2025, 6, 3)) <= 1.0

    second = CountingEngine(cache=OcrCache(tmp_path / "cache"))(scanned_page, 1)
    assert CountingEngine.calls == 1  # served from disk, the engine did not run
    assert second == first
