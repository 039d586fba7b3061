"""`juanping bench --quick` runs end to end and writes well-formed JSON (not a timed test)."""
from __future__ import annotations

import pytest

import json

import cli
from eval.bench import TARGETS, concat_pdfs, page_count


def test_concat_pdfs(tmp_path, make_pdf):
    a = make_pdf([["一"], ["二"], ["三"]], name="a.pdf")
    out = concat_pdfs([a], tmp_path / "seven.pdf", 7)
    assert page_count(out) == 7


@pytest.mark.slow
def test_bench_quick_writes_json(tmp_path, capsys):
    out = tmp_path / "runs" / "bench.json"
    assert cli.main(["bench", "--quick", "--out", str(out)]) == 0
    res = json.loads(out.read_text(encoding="utf-8"))
    assert res["config"]["quick"] is True
    ex = res["extraction"]
    for engine in ("ingest", "pdfplumber", "pypdfium2"):
        assert ex[engine]["pages"] > 0 and ex[engine]["pages_per_s"] > 0
    assert ex["ingest"]["pages"] == ex["pdfplumber"]["pages"] == ex["pypdfium2"]["pages"]  # same files
    st = res["stages_digital_100"]
    assert st["pages"] >= 100
    assert {"extract", "ocr", "classify", "segment", "facts", "checks", "total"} <= set(st)
    assert res["review_digital_100"]["seconds"] > 0
    assert res["review_scanned_100"].get("skipped") is True and res["review_scanned_100"]["note"]
    assert [b["workers"] for b in res["batch"]] == [1, 2]
    assert all(b["reviewed"] == b["dossiers"] == b["rows_in_db"] for b in res["batch"])
    mem = res["memory"]
    assert mem["extract_big"]["pages"] >= 200 and mem["maxrss_self_mb"] > 0
    assert set(res["targets"]) == set(TARGETS)
    ocr_keys = {"ocr_s_per_page", "ocr_speedup_vs_raw"}
    measured = {k: t for k, t in res["targets"].items() if k not in ocr_keys}
    assert all(isinstance(t["met"], bool) for t in measured.values())
    assert all(res["targets"][k]["met"] is None for k in ocr_keys)  # OCR skipped: not measured, not "met"
    summary = res["summary"]  # stable keys (issue 13)
    assert {"ocr_s_per_page", "ocr_raw_rapidocr_s_per_page", "review_100_digital_s", "review_pages_per_s",
            "extract_pypdfium2_pages_per_s", "batch_speedup_2_vs_1", "peak_rss_mb"} <= set(summary)
    assert summary["review_100_digital_s"] == res["review_digital_100"]["seconds"]
    assert summary["batch_speedup_2_vs_1"] > 0 and summary["ocr_s_per_page"] is None
    assert "juanping bench" in capsys.readouterr().out


@pytest.mark.slow
def test_bench_scanned_pages_on_both_backends(tmp_path):
    """With scanned pages the bench times our OCR (default backend and onnxruntime) and raw
    rapidocr on the same 200-dpi pages, and reports memory while reading them."""
    out = tmp_path / "bench.json"
    assert cli.main(["bench", "--quick", "--scanned-pages", "2", "--out", str(out)]) == 0
    res = json.loads(out.read_text(encoding="utf-8"))
    s = res["summary"]
    assert s["ocr_s_per_page"] > 0 and s["ocr_raw_rapidocr_s_per_page"] > 0 and s["ocr_speedup_vs_raw"] > 0
    assert res["ocr_raw_rapidocr"]["dpi"] == 200 and res["ocr_raw_rapidocr"]["pages"] == 2
    assert s["ocr_backend"] and s["ocr_rss_growth_mb_per_100_pages"] is not None
    if s["ocr_backend"].startswith("openvino"):
        assert s["ocr_onnxruntime_s_per_page"] > 0
    assert isinstance(res["targets"]["ocr_s_per_page"]["met"], bool)
