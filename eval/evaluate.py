"""Run the full pipeline on a held-out corpus, aggregate the metrics and write the report.

Held-out by default: seed 9999 and, when the generator has template families,
only families the bundled model was not trained on (leave-template-out), so
the numbers say how the model does on form layouts and wordings it never saw.
Outputs report.md, metrics.json and PNG plots in report_dir.
"""
from __future__ import annotations

import time
import traceback
from pathlib import Path
from typing import Iterable

import numpy as np

from eval import metrics as M
from eval.aggregate import aggregate, by_source
from eval.dataset import LabelledDossier, available_families, corpus_pairs, generate_corpus, load_dossier_labels
from eval.report import write_report
from ingest.pages.ocr import default_engine
from ingest.pipeline import load_dossier
from review.engine import review_dossier
from service.review_file import use_followup_models

DEFAULT_SEED = 9999
DEFAULT_N = 60
TRAIN_FAMILIES = ("A", "B", "C")


def held_out_families(train_families: Iterable[str] = TRAIN_FAMILIES) -> list[str] | None:
    """Families offered by the generator minus the training ones (None: no family support)."""
    offered = available_families()
    rest = [f for f in offered if f not in set(train_families)]
    return rest or None


def trained_families(clf) -> tuple[str, ...]:
    """Template families named in the model's training-corpus description."""
    import re
    corpus = getattr(clf, "meta", {}).get("corpus", "")
    if "families=all" in corpus:  # nothing left to hold out: evaluate on every family
        return tuple(available_families())
    m = re.search(r"families=([A-Z](?:,[A-Z])*)", corpus)
    return tuple(m.group(1).split(",")) if m else TRAIN_FAMILIES


def held_out_corpus(report_dir: Path, n: int, seed: int, families: list[str] | None,
                    scanned_share: float, log=print) -> tuple[Path, str]:
    """The generated held-out set under report_dir (reused when present) and its description."""
    corpus_dir = report_dir / f"corpus_n{n}_s{seed}_{''.join(families or ['all'])}_scan{scanned_share:g}"
    if not any(corpus_dir.glob("*.truth.json")):
        log(f"generating held-out corpus: n={n} seed={seed} families={families or 'all'} -> {corpus_dir}")
        generate_corpus(corpus_dir, n=n, seed=seed, families=families, scanned_share=scanned_share)
    desc = f"generated n={n} seed={seed} families={','.join(families or ['all'])} scanned_share={scanned_share:g}"
    return corpus_dir, desc


# --- one dossier -------------------------------------------------------------

def _predictions(clf, pages, documents) -> dict:
    """Raw page-model types, confidences and starts, and the types and starts after segmentation."""
    out: dict = {}
    proba = clf.predict_proba(pages) if pages else np.zeros((0, len(clf.classes_)))
    out["raw_types"] = [clf.classes_[i] for i in proba.argmax(1)] if len(proba) else []
    out["confidence"] = [float(x) for x in proba.max(1)] if len(proba) else []
    out["raw_starts"] = sorted(M.starts_from_flags(clf.start_proba(pages) >= 0.5)) if pages else []
    seg = ["other"] * len(pages)
    for d in documents:
        for p in range(d.first_page, d.last_page + 1):
            if 1 <= p <= len(seg):
                seg[p - 1] = d.type
    out["seg_types"] = seg
    out["seg_starts"] = sorted(d.first_page for d in documents)
    return out


def _review(dossier, out: dict) -> None:
    """Review findings into out (fails, uncertain items, grade); an error is recorded, not raised."""
    out["fails"], out["uncertain"], out["review"] = [], [], None
    if dossier is None:
        return
    try:
        rv = review_dossier(dossier, use_followup_models=use_followup_models())
        findings = rv.findings
        out["fails"] = sorted({f.item for f in findings if f.status == "fail"})
        out["uncertain"] = sorted({f.item for f in findings if f.status == "uncertain"})
        out["findings"] = [(f.item, f.status, f.confidence, f.decided_by,
                            f.confidence if f.raw_confidence is None else f.raw_confidence) for f in findings]
        out["grade_status"], out["verdict"] = rv.grade_status, rv.verdict
        out["review"] = "ok"
    except Exception as exc:  # recorded, like a load error
        out["review"] = f"error: {type(exc).__name__}: {exc}"


def run_dossier(item: LabelledDossier, clf) -> dict:
    """Pipeline on one dossier -> predictions and timings (errors recorded, not raised)."""
    out: dict = {"name": item.name, "family": item.family, "error": None}
    t0 = time.perf_counter()
    dossier = None
    try:
        dossier = load_dossier(item.pdf, clf, ocr=default_engine())
        pages, documents = dossier.pages, dossier.documents
    except Exception as exc:  # one bad dossier does not stop the run
        out["error"] = f"load: {type(exc).__name__}: {exc}"
        out["trace"] = traceback.format_exc(limit=3)
        pages, documents = item.pages, []
    out["load_s"] = time.perf_counter() - t0
    out.update(_predictions(clf, pages, documents))
    t1 = time.perf_counter()
    _review(dossier, out)
    out["review_s"] = time.perf_counter() - t1
    out["total_s"] = out["load_s"] + out["review_s"]
    return out


# --- the run -------------------------------------------------------------------

def _setup(desc: str, clf, classifier, model_dir, command: str, t0: float) -> dict:
    """Which corpus and model the metrics are for, the command that produced them and its
    wall time since t0."""
    from models import model_version
    return {"corpus": desc, "model_version": model_version(model_dir) if classifier is None
            else getattr(classifier, "meta", {}).get("sha256", "in-memory")[:12],
            "model_corpus": getattr(clf, "meta", {}).get("corpus", ""),
            "command": command or f"run_eval({desc!r})",
            "wall_s": round(time.perf_counter() - t0, 1)}


def _per_dossier(items: list[LabelledDossier], results: list[dict]) -> list[dict]:
    """One row per dossier: outcome, findings and the injected defects, for drilling into the numbers."""
    return [{**{k: r.get(k) for k in ("name", "family", "total_s", "fails", "uncertain",
                                      "review", "error", "verdict", "grade_status")},
             "injected": sorted({d["item"] for d in it.truth.get("defects", [])})}
            for it, r in zip(items, results)]


def run_eval(corpus_dir: str | Path | None = None, report_dir: str | Path = "runs/eval", *,
             n: int = DEFAULT_N, seed: int = DEFAULT_SEED, families: list[str] | None = None,
             scanned_share: float = 0.0,
             model_dir: str | Path | None = None, classifier=None, limit: int | None = None,
             command: str = "", log=print, fit_calibration: str | Path | None = None) -> dict:
    """Evaluate on corpus_dir, or on a generated held-out set (n, seed, families).

    fit_calibration: also fit the finding-confidence calibration on this corpus and
    write it there (review/data/calibration.json is the bundled one).

    families=None picks the generator's families not used for training.
    Returns the metrics dict (also written to report_dir/metrics.json).
    """
    from models import default_classifier
    report_dir = Path(report_dir)
    clf = classifier or default_classifier(model_dir)
    if corpus_dir is None:
        families = families or held_out_families(trained_families(clf))
        corpus_dir, desc = held_out_corpus(report_dir, n, seed, families, scanned_share, log)
    else:
        desc = str(corpus_dir)
    pairs = corpus_pairs(corpus_dir)[:limit]
    items, results = [], []
    t0 = time.perf_counter()
    for k, (pdf, truth) in enumerate(pairs, 1):
        item = load_dossier_labels(pdf, truth)
        items.append(item)
        results.append(run_dossier(item, clf))
        if k % 20 == 0:
            log(f"  {k}/{len(pairs)} dossiers, {time.perf_counter() - t0:.0f} s")
    metrics = aggregate(items, results)
    metrics["by_source"] = by_source(items, results)
    metrics["setup"] = _setup(desc, clf, classifier, model_dir, command, t0)
    metrics["per_dossier"] = _per_dossier(items, results)
    write_report(metrics, report_dir)
    if fit_calibration:
        cal = fit_from_results(items, results, source=f"{desc} ({len(items)} dossiers)")
        cal.save(fit_calibration)
        log(f"calibration fitted on {len(items)} dossiers -> {fit_calibration}")
    return metrics


def fit_from_results(items: list[LabelledDossier], results: list[dict], source: str = ""):
    """A Calibration fitted on evaluated dossiers (their calibration split, never the test split)."""
    from review.calibration import Calibration
    records = []
    for it, r in zip(items, results):
        injected = {d["item"] for d in it.truth.get("defects", [])}
        records += [(item, status, decided_by, raw, item in injected)
                    for item, status, _, decided_by, raw in r.get("findings", [])]
    return Calibration.fit([(st, item, dec, raw, bad) for item, st, dec, raw, bad in records], source)
