"""Scanned dossiers in the corpus generator: image-only PDFs, truth meta, determinism."""
from __future__ import annotations

import json
import random

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from eval.corpus import generate_corpus, plan_corpus, scan_pdf
from eval.corpus.generate import scanned_indexes

pytestmark = pytest.mark.slow  # renders corpora / OCRs / builds wheels: the full run only

SEED = 5


@pytest.fixture(scope="module")
def scanned_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("scanned")
    generate_corpus(out, 1, SEED, scanned_share=1.0)
    return out


def _images(page) -> int:
    return sum(1 for i in range(raw.FPDFPage_CountObjects(page))
               if raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page, i)) == raw.FPDF_PAGEOBJ_IMAGE)


def test_scanned_dossier_is_image_only(scanned_dir):
    truth_path = next(scanned_dir.glob("*.truth.json"))
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    assert truth["meta"]["scanned"] is True
    manifest = json.loads((scanned_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["scanned_share"] == 1.0 and manifest["dossiers"][0]["scanned"] is True
    assert not list(scanned_dir.glob("*.tmp.pdf"))
    pdf = pdfium.PdfDocument(str(scanned_dir / truth["file"]))
    try:
        assert len(pdf) == truth["pages"]
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            assert tp.get_text_range().strip() == ""
            tp.close()
            assert _images(page) == 1
            w, h = page.get_size()
            assert (round(w), round(h)) in ((595, 842), (842, 595))  # A4
            page.close()
    finally:
        pdf.close()


def test_scanned_generation_is_deterministic(scanned_dir, tmp_path):
    generate_corpus(tmp_path, 1, SEED, scanned_share=1.0)
    for f in scanned_dir.iterdir():
        assert (tmp_path / f.name).read_bytes() == f.read_bytes(), f.name


def test_scan_share_keeps_digital_dossiers_unchanged():
    plain = plan_corpus(6, 9)
    mixed = plan_corpus(6, 9, scanned_share=0.5)
    chosen = scanned_indexes(6, 9, 0.5)
    assert len(chosen) == 3
    for i, (a, b) in enumerate(zip(plain, mixed), start=1):
        assert a["meta"]["scanned"] is False
        assert b["meta"]["scanned"] is (i in chosen)
        b = json.loads(json.dumps(b))
        b["meta"]["scanned"] = False
        assert a == b
    assert scanned_indexes(6, 9, 0.0) == set()
    assert scanned_indexes(6, 9, 0.5) == chosen  # seed only


def test_default_manifest_has_no_scan_keys(tmp_path):
    generate_corpus(tmp_path, 1, 3, render=False)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert "scanned_share" not in manifest and "scanned" not in manifest["dossiers"][0]


def test_scan_pdf_rotates_requested_pages(make_pdf, tmp_path):
    src = make_pdf([["法律援助申请表"], ["指派通知书"]])
    dst = tmp_path / "scan.pdf"
    scan_pdf(src, dst, random.Random(1), rotate_pages={2: 90})
    pdf = pdfium.PdfDocument(str(dst))
    try:
        sizes = [tuple(round(v) for v in pdf[i].get_size()) for i in range(len(pdf))]
    finally:
        pdf.close()
    assert sizes == [(595, 842), (842, 595)]


def test_cli_scanned_share(tmp_path):
    from eval.corpus.__main__ import main

    assert main(["--out", str(tmp_path), "--n", "2", "--seed", "4", "--no-pdf", "--scanned-share", "0.5"]) == 0
    flags = [json.loads(p.read_text(encoding="utf-8"))["meta"]["scanned"] for p in sorted(tmp_path.glob("*.truth.json"))]
    assert sorted(flags) == [False, True]
