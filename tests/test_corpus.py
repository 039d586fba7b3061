"""Synthetic corpus generator: files, PDF/truth agreement, determinism, defect coverage."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from eval.corpus import CHECKLIST_ITEMS, generate_corpus, plan_corpus
from eval.corpus.checklist import REQUEST_KEYWORDS
from eval.corpus.__main__ import main


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("corpus")
    return out, generate_corpus(out, 6, seed=11)


def _truth(pdf: Path) -> dict:
    return json.loads(pdf.with_name(pdf.name.replace(".pdf", ".truth.json")).read_text(encoding="utf-8"))


@pytest.mark.slow
def test_files_written(corpus):
    out, paths = corpus
    assert len(paths) == 6
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["dossiers"]) == 6
    for p in paths:
        assert p.exists() and p.stat().st_size > 1000
        assert p.with_name(p.name.replace(".pdf", ".truth.json")).exists()


@pytest.mark.slow
def test_pdf_matches_truth(corpus):
    _, paths = corpus
    for p in paths:
        t = _truth(p)
        pdf = pdfium.PdfDocument(str(p))
        assert len(pdf) == t["pages"]
        first = pdf[0].get_textpage().get_text_bounded()
        assert t["case"]["case_no"] in first or any(
            d["item"] == "BD-08" for d in t["defects"]), f"{p.name}: case number not on page 1"
        pdf.close()


@pytest.mark.slow
def test_truth_structure(corpus):
    _, paths = corpus
    for p in paths:
        t = _truth(p)
        covered = [i for d in t["documents"] for i in range(d["first_page"], d["last_page"] + 1)]
        assert covered == list(range(1, t["pages"] + 1))
        assert len(t["page_labels"]) == t["pages"]
        assert [f["item"] for f in t["findings"]] == CHECKLIST_ITEMS
        failed = {f["item"] for f in t["findings"] if f["status"] == "fail"}
        assert failed == {d["item"] for d in t["defects"]}
        assert {"seed", "case_kind", "template_family", "font", "layout", "scanned"} <= set(t["meta"])


@pytest.mark.slow
def test_printed_numbers_continuous(corpus):
    _, paths = corpus
    for t in [_truth(p) for p in paths] + plan_corpus(30, seed=5):
        if any(d["item"] == "BD-03" for d in t["defects"]):
            continue
        nums = [lab["printed_number"] for lab in t["page_labels"] if lab["printed_number"] is not None]
        assert nums == list(range(1, len(nums) + 1))


def test_deterministic(tmp_path):
    a = plan_corpus(4, seed=3)
    b = plan_corpus(4, seed=3)
    assert a == b
    generate_corpus(tmp_path, 2, seed=3)
    assert json.loads((tmp_path / a[0]["file"].replace(".pdf", ".truth.json")).read_text(encoding="utf-8")) == a[0]


def test_every_defect_family_and_clean_dossiers():
    truths = plan_corpus(60, seed=2)
    items = Counter(d["item"] for t in truths for d in t["defects"])
    for fam in ("MD", "FU", "BD", "TL"):
        assert any(i.startswith(fam) for i in items), fam
    clean = sum(1 for t in truths if not t["defects"])
    assert 8 <= clean <= 35
    assert len({t["case"]["case_kind"] for t in truths}) == 6


def test_families_restrict_templates():
    truths = plan_corpus(8, seed=4, families=["D"])
    assert {t["meta"]["template_family"] for t in truths} == {"D"}


def test_unanswered_request_really_unanswered():
    """FU-01 defects: the request kind's words appear on the request page, and the page is a meeting record."""
    for t in plan_corpus(80, seed=9):
        for d in t["defects"]:
            if d["item"] == "FU-01":
                kind = d["detail"].split()[0]
                assert kind in REQUEST_KEYWORDS
                page = d["pages"][0]
                assert t["page_labels"][page - 1]["type"] == "meeting_record"


def test_cli_main(tmp_path, capsys):
    assert main(["--out", str(tmp_path), "--n", "1", "--seed", "1", "--no-pdf"]) == 0
    assert (tmp_path / "manifest.json").exists()


@pytest.mark.slow
def test_an_evidence_list_and_its_exhibits_are_one_document(corpus):
    """The toc lists an evidence bundle as one row; the truth must not call each exhibit a document."""
    _, paths = corpus
    evidence_pages = 0
    for p in paths:
        t = _truth(p)
        docs = t["documents"]
        assert not any(a["type"] == b["type"] == "evidence" for a, b in zip(docs, docs[1:])), p.name
        for d in docs:
            starts = [lab["start"] for lab in t["page_labels"][d["first_page"] - 1:d["last_page"]]]
            assert not any(starts[1:]), (p.name, d)
        evidence_pages += sum(d["last_page"] - d["first_page"] + 1 for d in docs if d["type"] == "evidence")
    assert evidence_pages > 0
