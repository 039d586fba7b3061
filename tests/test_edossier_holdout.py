"""The issue's acceptance check on the bundled samples: each dossier split into per-document
files (a share as JPEG scans, some zip names GBK), reviewed as an e-dossier, agrees with the
review of the bound PDF. The full-size run is ``juanping eval-edossier --corpus DIR``."""
from __future__ import annotations

from pathlib import Path

import pytest

from eval.edossier_eval import run_one, summarize

pytestmark = pytest.mark.slow  # renders corpora / OCRs / builds wheels: the full run only

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.pdf"))


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    work = tmp_path_factory.mktemp("edossier_holdout")
    # one scanned page per dossier keeps OCR (~1 s/page) cheap; the eval command scans a third
    return [run_one(pdf, work, seed=i, scan_share=1 / 3, max_scanned_pages=1) for i, pdf in enumerate(SAMPLES)]


def test_samples_review_the_same_as_edossiers(results):
    assert len(results) == 5
    assert sum(r.scanned_pages for r in results) >= 4  # the JPEG path is exercised
    for r in results:
        assert r.pages_edossier == r.pages_bound, r.name
        assert r.page_macro_f1 >= 0.97, (r.name, r.page_macro_f1)
        assert r.same_boundaries, r.name
        assert r.findings_agree, (r.name, r.finding_diffs, r.scan_diffs)
        assert r.same_grade, (r.name, r.grade_bound, r.grade_edossier)
        assert not r.errors, r.errors
    s = summarize(results)
    assert s["page_macro_f1_min"] >= 0.97 and s["grade_agreement"] == 1.0
