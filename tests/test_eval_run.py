"""eval.run: aggregation and report writing on hand-built results; end to end (slow)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.dataset import LabelledDossier, truth_labels
from eval.aggregate import aggregate
from eval.report import write_report


def _item(name, labels, starts, defects, family="D"):
    truth = {"defects": [{"item": d} for d in defects],
             "findings": [{"item": i, "status": "pass"} for i in ("MD-01", "MD-09", "FU-01")]}
    return LabelledDossier(name=name, pdf=Path(name + ".pdf"), truth=truth, pages=[],
                           labels=labels, starts=starts, family=family)


def _result(name, raw, seg, seg_starts, fails, conf=None):
    return {"name": name, "family": "D", "error": None, "pipeline": "test", "raw_types": raw,
            "confidence": conf or [0.9] * len(raw), "raw_starts": seg_starts, "seg_types": seg,
            "seg_starts": seg_starts, "fails": fails, "uncertain": [], "review": "ok",
            "total_s": 1.0}


def test_truth_labels_from_documents_when_no_page_labels():
    truth = {"pages": 3, "documents": [{"type": "cover", "first_page": 1, "last_page": 1},
                                       {"type": "judgment", "first_page": 2, "last_page": 3}]}
    assert truth_labels(truth) == (["cover", "judgment", "judgment"], [True, True, False])


def test_aggregate_and_report(tmp_path):
    items = [_item("a", ["cover", "meeting_record", "meeting_record"], [True, True, False], ["MD-09"]),
             _item("b", ["cover", "judgment"], [True, True], [])]
    results = [_result("a", ["cover", "meeting_record", "meeting_record"],
                       ["cover", "meeting_record", "meeting_record"], [1, 2], ["MD-09"]),
               _result("b", ["cover", "meeting_record"], ["cover", "meeting_record"], [1, 2], ["FU-01"])]
    m = aggregate(items, results)
    assert m["pages"] == 5
    assert m["page_type"]["accuracy"] == pytest.approx(0.8)
    assert m["boundary"]["f1"] == 1.0
    assert m["zero_error_share"] == 0.5
    assert m["defects"]["items"]["MD-09"]["tp"] == 1
    assert m["defects"]["families"]["FU"]["fp"] == 1
    assert m["defects"]["items"]["MD-01"]["support"] == 0  # listed although never failed
    assert m["ece"] == pytest.approx(abs(0.8 - 0.9))
    m["setup"] = {"corpus": "hand", "model_version": "x", "model_corpus": "", "command": "test"}
    write_report(m, tmp_path)
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "macro-F1" in report and "| MD-09 |" in report
    assert json.loads((tmp_path / "metrics.json").read_text())["pages"] == 5
    assert (tmp_path / "confusion.png").stat().st_size > 1000
    assert (tmp_path / "defects_per_item.png").exists()


@pytest.mark.slow
def test_run_eval_end_to_end(tmp_path):
    from eval.evaluate import run_eval
    from models.page_classifier import PageClassifier
    from training.pages import train
    train(n=6, seed=5, families=None, out_dir=tmp_path / "art", work_dir=tmp_path, val_share=0.0,
          log=lambda *a: None)
    clf = PageClassifier.load(tmp_path / "art")
    m = run_eval(None, tmp_path / "report", n=3, seed=77, families=None, classifier=clf,
                 log=lambda *a: None)
    assert m["dossiers"] == 3 and m["pages"] > 0
    assert m["page_type"]["macro_f1"] > 0.6  # a 6-dossier model already types most pages (0.94 today)
    assert (tmp_path / "report" / "report.md").exists()
