"""The independent evaluation set (eval/independent): PDFs, seals in the text layer, truth, scans, independence."""
from __future__ import annotations

import ast
import json
import random
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from eval.independent import build_corpus
from eval.independent.dossier import build_dossier
from eval.independent.periods import deadline_days, deadline_working_days
from datetime import date

PKG = Path(__file__).resolve().parents[1] / "eval" / "independent"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ind")
    build_corpus(out, n=3, seed=5, scanned_share=0.34, split="calib", workers=1)
    return out


def _truths(out: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*.truth.json"))]


@pytest.mark.slow
def test_pdfs_open_and_match_truth(corpus: Path) -> None:
    for t in _truths(corpus):
        pdf = pdfium.PdfDocument(str(corpus / t["file"]))
        assert len(pdf) == t["pages"] and 15 <= t["pages"] <= 60
        assert t["meta"]["source"] == "independent" and t["meta"]["template_family"] == "IND"
        pdf.close()


@pytest.mark.slow
def test_seal_characters_interleave_signing_date(corpus: Path) -> None:
    t = next(t for t in _truths(corpus) if not t["meta"]["scanned"])
    pdf = pdfium.PdfDocument(str(corpus / t["file"]))
    text = "".join(pdf[i].get_textpage().get_text_bounded() for i in range(len(pdf)))
    pdf.close()
    flat = re.sub(r"\s+", "", text)
    # a Chinese-numeral date with a seal character between its year and its day
    assert re.search(r"二〇[〇一二三四五六七八九]{0,2}[^\d〇一二三四五六七八九十年月日，。]{1,4}[〇一二三四五六七八九]*年", flat) \
        or re.search(r"年[^\d〇一二三四五六七八九十年月日，。]{1,4}[一二三四五六七八九十]+月", flat) \
        or re.search(r"月[^\d〇一二三四五六七八九十年月日，。]{1,4}[一二三四五六七八九十]+日", flat)


def test_truth_self_consistent() -> None:
    for i in range(40):
        t = build_dossier(random.Random(f"t{i}"))["truth"]
        pages = [p for d in t["documents"] for p in range(d["first_page"], d["last_page"] + 1)]
        assert pages == list(range(1, t["pages"] + 1))
        assert len(t["page_labels"]) == t["pages"]
        status = {f["item"]: f["status"] for f in t["findings"]}
        assert len(status) == 33
        assert {d["item"] for d in t["defects"]} == {k for k, v in status.items() if v == "fail"}
        assert len(t["defects"]) <= 3


@pytest.mark.slow
def test_scanned_dossier_is_image_only(corpus: Path) -> None:
    t = next(t for t in _truths(corpus) if t["meta"]["scanned"])
    pdf = pdfium.PdfDocument(str(corpus / t["file"]))
    assert all(pdf[i].get_textpage().get_text_bounded().strip() == "" for i in range(len(pdf)))
    pdf.close()


def test_statutory_periods() -> None:
    assert deadline_days(date(2025, 3, 6), 3) == date(2025, 3, 10)        # Thursday -> Monday
    assert deadline_days(date(2025, 9, 28), 3) == date(2025, 10, 9)       # National Day holiday
    assert deadline_working_days(date(2025, 3, 7), 3) == date(2025, 3, 12)


def test_package_never_imports_training_generator() -> None:
    for py in PKG.rglob("*.py"):
        tree = ast.parse(py.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("eval.corpus"), py
                assert not (node.level and (node.module or "").startswith("corpus")), py
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("eval.corpus") for a in node.names), py


def test_a_request_is_unanswered_only_where_truth_says_fu01() -> None:
    """Every client request in a meeting record is answered by a later document (names its kind)
    unless the truth fails FU-01; FU-05's omitted outcome must not silently drop an answer."""
    from eval.independent.resources import load

    words = {**load("followups")["kind_words"]}
    words["complaint"] = words["complaint"] + ["反映"]  # its answer: 对受援人反映的问题……
    seen_omit = 0
    for i in range(600):
        d = build_dossier(random.Random(f"req{i}"))
        docs: list = []
        for p in d["phys"]:
            if not any(p.doc is x for x in docs):
                docs.append(p.doc)
        seen_omit += d["dmap"].get("FU-05") == "omit_outcome"
        for k, m in enumerate(docs):
            if m.type != "meeting_record" or m is d["loc"].get("FU-01"):
                continue
            later = "\n".join(x.text() for x in docs[k + 1:])
            for kind in m.data.get("requests", []):
                assert any(w in later for w in words[kind]), (i, kind)
    assert seen_omit >= 5
