"""Golden check: the bundled samples are reviewed with exactly their injected defects."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from review.report import review_to_json
from service.review_file import review_file

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.pdf"))


@pytest.mark.parametrize("pdf", SAMPLES, ids=lambda p: p.stem)
def test_sample_review_finds_exactly_the_injected_defects(pdf):
    truth = json.loads(pdf.with_name(pdf.stem + ".truth.json").read_text(encoding="utf-8"))
    result = review_to_json(review_file(pdf))
    failed = {f["item"] for f in result["findings"] if f["status"] == "fail"}
    assert failed == {d["item"] for d in truth["defects"]}
    assert result["case"]["case_no"] == truth["case"]["case_no"]
    assert result["pages"] == truth["pages"]
    got = [(d["type"], d["first_page"], d["last_page"]) for d in result["documents"]]
    want = [(d["type"], d["first_page"], d["last_page"]) for d in truth["documents"]]
    assert got == want
