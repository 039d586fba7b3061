"""eval.run: 'flagged' (fail or uncertain) recall and precision next to fail-only numbers."""
from __future__ import annotations

from pathlib import Path

from eval.dataset import LabelledDossier
from eval.aggregate import aggregate, by_source
from eval.report import write_report


def _pair(name: str, defects: list[str], fails: list[str], uncertain: list[str], scanned: bool):
    truth = {"defects": [{"item": d} for d in defects], "meta": {"scanned": scanned},
             "findings": [{"item": i, "status": "pass"} for i in ("BD-03", "TL-01", "MD-01")]}
    item = LabelledDossier(name=name, pdf=Path(name + ".pdf"), truth=truth, pages=[], labels=["cover"],
                           starts=[True], family="D")
    result = {"name": name, "family": "D", "error": None, "raw_types": ["cover"], "confidence": [0.9],
              "raw_starts": [1], "seg_types": ["cover"], "seg_starts": [1], "fails": fails,
              "uncertain": uncertain, "review": "ok", "total_s": 1.0}
    return item, result


def test_flagged_counts_uncertain_as_found(tmp_path):
    pairs = [_pair("d", ["BD-03", "TL-01"], ["BD-03", "TL-01"], [], False),
             _pair("s", ["BD-03", "TL-01"], ["BD-03"], ["TL-01", "MD-01"], True)]
    items, results = [p[0] for p in pairs], [p[1] for p in pairs]
    m = aggregate(items, results)
    assert m["defects"]["overall"]["recall"] == 0.75  # fail only: TL-01 on the scan missed
    assert m["defects_flagged"]["overall"]["recall"] == 1.0
    assert m["defects_flagged"]["overall"]["precision"] == 0.8  # MD-01 uncertain without a defect
    src = by_source(items, results)
    assert src["scanned"]["defect_recall"] == 0.5 and src["scanned"]["flagged_recall"] == 1.0
    assert src["scanned"]["family_flagged_recall"]["TL"] == 1.0 and src["digital"]["flagged_precision"] == 1.0
    m["by_source"] = src
    m["setup"] = {"corpus": "hand", "model_version": "x", "model_corpus": "", "command": "test"}
    write_report(m, tmp_path)
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "flagged R" in report and "| all | 0.800 | 1.000 |" in report
