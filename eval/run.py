"""`juanping eval`: run the full pipeline on a held-out corpus and write a report.

Held-out by default: seed 9999 and, when the generator has template families,
only families the bundled model was not trained on (leave-template-out), so
the numbers say how the model does on form layouts and wordings it never saw.
Outputs report.md, metrics.json and PNG plots in report_dir.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import traceback
from pathlib import Path
from typing import Iterable

import numpy as np

from eval import metrics as M
from eval.dataset import LabelledDossier, available_families, corpus_pairs, generate_corpus, load_dossier_labels
from ingest.ocr import default_engine
from ingest.pipeline import load_dossier
from review.engine import review_dossier

DEFAULT_SEED = 9999
DEFAULT_N = 60
TRAIN_FAMILIES = ("A", "B", "C")


def held_out_families(train_families: Iterable[str] = TRAIN_FAMILIES) -> list[str] | None:
    """Families offered by the generator minus the training ones (None: no family support)."""
    offered = available_families()
    rest = [f for f in offered if f not in set(train_families)]
    return rest or None


def _trained_families(clf) -> tuple[str, ...]:
    """Template families named in the model's training-corpus description."""
    import re
    corpus = getattr(clf, "meta", {}).get("corpus", "")
    if "families=all" in corpus:  # nothing left to hold out: evaluate on every family
        return tuple(available_families())
    m = re.search(r"families=([A-Z](?:,[A-Z])*)", corpus)
    return tuple(m.group(1).split(",")) if m else TRAIN_FAMILIES


# --- one dossier -------------------------------------------------------------

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

    t1 = time.perf_counter()
    out["fails"], out["uncertain"], out["review"] = [], [], None
    if dossier is not None:
        try:
            rv = review_dossier(dossier)
            findings = rv.findings
            out["fails"] = sorted({f.item for f in findings if f.status == "fail"})
            out["uncertain"] = sorted({f.item for f in findings if f.status == "uncertain"})
            out["findings"] = [(f.item, f.status, f.confidence, f.decided_by,
                                f.confidence if f.raw_confidence is None else f.raw_confidence) for f in findings]
            out["grade_status"], out["verdict"] = rv.grade_status, rv.verdict
            out["review"] = "ok"
        except Exception as exc:  # recorded, like a load error
            out["review"] = f"error: {type(exc).__name__}: {exc}"
    out["review_s"] = time.perf_counter() - t1
    out["total_s"] = out["load_s"] + out["review_s"]
    return out


# --- aggregation ---------------------------------------------------------------

def aggregate(items: list[LabelledDossier], results: list[dict]) -> dict:
    """All metrics from per-dossier results and truth."""
    y_true, raw, seg, conf = [], [], [], []
    raw_pairs, seg_pairs, zero, defect_cases, flagged_cases, trust_cases = [], [], [], [], [], []
    per_family: dict[str, dict] = {}
    for item, r in zip(items, results):
        n = min(len(item.labels), len(r["raw_types"]))
        truth, ts = item.labels[:n], M.starts_from_flags(item.starts[:n])
        y_true += truth
        raw += r["raw_types"][:n]
        seg += r["seg_types"][:n]
        conf += r["confidence"][:n]
        raw_pairs.append((ts, set(r["raw_starts"])))
        seg_pairs.append((ts, set(r["seg_starts"])))
        ok = M.dossier_zero_error(truth, r["seg_types"][:n], ts, r["seg_starts"])
        zero.append(ok)
        fam = per_family.setdefault(item.family or "?", {"true": [], "pred": [], "zero": []})
        fam["true"] += truth
        fam["pred"] += r["seg_types"][:n]
        fam["zero"].append(ok)
        if r.get("review") == "ok":
            injected = {d["item"] for d in item.truth.get("defects", [])}
            defect_cases.append((injected, set(r["fails"])))
            flagged_cases.append((injected, set(r["fails"]) | set(r.get("uncertain", []))))
            trust_cases.append({"injected": injected, "grade_status": r.get("grade_status"),
                                "findings": [(f[0], f[1], f[2]) for f in r.get("findings", [])]})
    labels = sorted(set(y_true) | set(raw) | set(seg))
    per_class = M.per_class_prf(y_true, raw, labels)
    seg_per_class = M.per_class_prf(y_true, seg, labels)
    times = [r["total_s"] for r in results]
    all_items = sorted({f["item"] for it in items for f in it.truth.get("findings", [])})
    return {
        "dossiers": len(items), "pages": len(y_true),
        "errors": [{"name": r["name"], "error": r["error"]} for r in results if r["error"]],
        "page_type": {
            "accuracy": M.accuracy(y_true, raw), "macro_f1": M.macro_f1(y_true, raw),
            "per_class": per_class,
        },
        "page_type_segmented": {
            "accuracy": M.accuracy(y_true, seg), "macro_f1": M.macro_f1(y_true, seg),
            "per_class_f1": {c: v["f1"] for c, v in seg_per_class.items()},
        },
        "boundary_raw": M.boundary_prf_many(raw_pairs),
        "boundary": M.boundary_prf_many(seg_pairs),
        "zero_error_share": M.zero_error_share(zero),
        "ece": M.expected_calibration_error(conf, [a == b for a, b in zip(y_true, raw)]),
        "reliability": M.reliability_table(conf, [a == b for a, b in zip(y_true, raw)]),
        "confusion": dict(zip(("labels", "matrix"),
                              (lambda lm: (lm[0], lm[1].tolist()))(M.confusion_matrix(y_true, raw, labels)))),
        "template_families": {
            f: {"pages": len(v["true"]), "accuracy": M.accuracy(v["true"], v["pred"]),
                "macro_f1": M.macro_f1(v["true"], v["pred"]),
                "zero_error_share": M.zero_error_share(v["zero"])}
            for f, v in sorted(per_family.items())},
        "defects": (M.defect_prf(defect_cases, all_items) if defect_cases else None),
        # 'flagged' = fail or uncertain: what a reviewer is shown either way
        "defects_flagged": (M.defect_prf(flagged_cases, all_items) if flagged_cases else None),
        "reviewed_dossiers": len(defect_cases),
        "trust": M.trust_metrics(trust_cases),
        "timing": {"mean_s": statistics.fmean(times) if times else 0.0,
                   "median_s": statistics.median(times) if times else 0.0,
                   "max_s": max(times) if times else 0.0,
                   "mean_s_per_page": (sum(times) / len(y_true)) if y_true else 0.0},
    }


def source_of(item: LabelledDossier) -> str:
    return "scanned" if item.truth.get("meta", {}).get("scanned") else "digital"


def headline(m: dict) -> dict:
    """The few numbers compared across digital and scanned dossiers."""
    d = m["defects"] or {"overall": {}, "families": {}}
    g = m.get("defects_flagged") or {"overall": {}, "families": {}}
    return {"dossiers": m["dossiers"], "pages": m["pages"],
            "page_accuracy": m["page_type"]["accuracy"], "page_macro_f1": m["page_type"]["macro_f1"],
            "page_macro_f1_segmented": m["page_type_segmented"]["macro_f1"],
            "boundary_f1": m["boundary"]["f1"], "zero_error_share": m["zero_error_share"],
            "defect_precision": d["overall"].get("precision"), "defect_recall": d["overall"].get("recall"),
            "family_recall": {f: v["recall"] for f, v in d["families"].items()},
            "family_precision": {f: v["precision"] for f, v in d["families"].items()},
            "flagged_precision": g["overall"].get("precision"), "flagged_recall": g["overall"].get("recall"),
            "family_flagged_recall": {f: v["recall"] for f, v in g["families"].items()},
            "trust": m.get("trust", {}),
            "mean_s": m["timing"]["mean_s"]}


def by_source(items: list[LabelledDossier], results: list[dict]) -> dict:
    """Headline metrics for digital and scanned dossiers separately."""
    out = {}
    for src in ("digital", "scanned"):
        keep = [k for k, it in enumerate(items) if source_of(it) == src]
        if keep:
            out[src] = headline(aggregate([items[k] for k in keep], [results[k] for k in keep]))
    return out


# --- report ---------------------------------------------------------------------

def _f(x: float) -> str:
    return f"{x:.3f}"


def _families(recall: dict) -> str:
    """'MD/FU/BD/TL' recall cell."""
    return "/".join(_f(recall.get(f, 0.0)) for f in ("MD", "FU", "BD", "TL"))


def _flagged_lines(flagged: dict | None) -> list[str]:
    """Report table: injected defects found as fail or uncertain, per family."""
    if not flagged:
        return []
    out = ["", "Flagged (fail or uncertain) vs injected defects: what a reviewer is shown.", "",
           "| family | flagged precision | flagged recall | tp | fp | fn |", "|---|---|---|---|---|---|"]
    for f, v in list(flagged["families"].items()) + [("all", flagged["overall"])]:
        out.append(f"| {f} | {_f(v['precision'])} | {_f(v['recall'])} | {v['tp']} | {v['fp']} | {v['fn']} |")
    return out


def _trust_lines(m: dict) -> list[str]:
    """Report table: false fails and open items per dossier, exact sets, fail calibration."""
    rows = [("all", m.get("trust") or {})] + [(k, v.get("trust") or {}) for k, v in (m.get("by_source") or {}).items()]
    rows = [(k, t) for k, t in rows if t]
    if not rows:
        return []
    out = ["", "## What a reviewer sees per dossier", "",
           "| source | dossiers | false fail / dossier | uncertain on fine items / dossier | uncertain / dossier "
           "| exact fail set | fail ECE | fail precision | mean fail confidence | provisional grades |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for k, t in rows:
        out.append(f"| {k} | {t['dossiers']} | {t['false_fail_per_dossier']:.2f} | {t['uncertain_fine_per_dossier']:.2f} "
                   f"| {t['uncertain_per_dossier']:.2f} | {_f(t['exact_fail_set_share'])} | {_f(t['fail_ece'])} "
                   f"| {_f(t['fail_precision'] or 0.0)} | {_f(t['fail_mean_confidence'] or 0.0)} "
                   f"| {_f(t['provisional_grade_share'])} |")
    return out


def write_report(metrics: dict, report_dir: Path) -> None:
    """report.md, metrics.json and PNG plots."""
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=1),
                                             encoding="utf-8")
    plots = _plots(metrics, report_dir)
    m = metrics
    lines = [f"# Juanping evaluation", "",
             f"- corpus: {m['setup']['corpus']}",
             f"- model: {m['setup']['model_version']} ({m['setup']['model_corpus']})",
             f"- dossiers: {m['dossiers']}, pages: {m['pages']}, "
             f"load errors: {len(m['errors'])}", "",
             "## Page types", "",
             "| measure | raw classifier | after segmentation |", "|---|---|---|",
             f"| accuracy | {_f(m['page_type']['accuracy'])} | {_f(m['page_type_segmented']['accuracy'])} |",
             f"| macro-F1 | {_f(m['page_type']['macro_f1'])} | {_f(m['page_type_segmented']['macro_f1'])} |",
             f"| ECE (10 bins) | {_f(m['ece'])} | |", "",
             "| type | support | precision | recall | F1 | F1 segmented |", "|---|---|---|---|---|---|"]
    for c, v in m["page_type"]["per_class"].items():
        lines.append(f"| {c} | {v['support']} | {_f(v['precision'])} | {_f(v['recall'])} | {_f(v['f1'])} "
                     f"| {_f(m['page_type_segmented']['per_class_f1'].get(c, 0.0))} |")
    b, br = m["boundary"], m["boundary_raw"]
    lines += ["", "## Document boundaries (start pages)", "",
              "| | precision | recall | F1 | tp | fp | fn |", "|---|---|---|---|---|---|---|",
              f"| segmented | {_f(b['precision'])} | {_f(b['recall'])} | {_f(b['f1'])} | {b['tp']} | {b['fp']} | {b['fn']} |",
              f"| raw P(start)>=0.5 | {_f(br['precision'])} | {_f(br['recall'])} | {_f(br['f1'])} | {br['tp']} | {br['fp']} | {br['fn']} |",
              "", f"Dossiers segmented with zero errors (every page type and boundary right): "
              f"**{_f(m['zero_error_share'])}**", "",
              "| template family | pages | accuracy | macro-F1 | zero-error share |", "|---|---|---|---|---|"]
    for f, v in m["template_families"].items():
        lines.append(f"| {f} | {v['pages']} | {_f(v['accuracy'])} | {_f(v['macro_f1'])} | {_f(v['zero_error_share'])} |")
    if m.get("by_source"):
        lines += ["", "## Digital vs scanned", "",
                  "| source | dossiers | pages | page acc | macro-F1 | macro-F1 segmented | boundary F1 | zero-error "
                  "| defect P | defect R | recall MD/FU/BD/TL | flagged P | flagged R | flagged recall MD/FU/BD/TL "
                  "| s/dossier |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for src, v in m["by_source"].items():
            lines.append(f"| {src} | {v['dossiers']} | {v['pages']} | {_f(v['page_accuracy'])} | "
                         f"{_f(v['page_macro_f1'])} | {_f(v.get('page_macro_f1_segmented') or 0.0)} | "
                         f"{_f(v['boundary_f1'])} | {_f(v['zero_error_share'])} | "
                         f"{_f(v['defect_precision'] or 0.0)} | {_f(v['defect_recall'] or 0.0)} | "
                         f"{_families(v['family_recall'])} | {_f(v.get('flagged_precision') or 0.0)} | "
                         f"{_f(v.get('flagged_recall') or 0.0)} | {_families(v.get('family_flagged_recall', {}))} | "
                         f"{v['mean_s']:.2f} |")
        lines += ["", "Flagged = `fail` or `uncertain` (a reviewer sees it either way); defect P/R count `fail` only."]
    lines += _trust_lines(m)
    lines += ["", "## Defects: 'fail' findings vs injected defects", ""]
    if m["defects"]:
        lines += [f"Reviewed dossiers: {m['reviewed_dossiers']}", "",
                  "| family | precision | recall | F1 | tp | fp | fn |", "|---|---|---|---|---|---|---|"]
        for f, v in list(m["defects"]["families"].items()) + [("all", m["defects"]["overall"])]:
            lines.append(f"| {f} | {_f(v['precision'])} | {_f(v['recall'])} | {_f(v['f1'])} | {v['tp']} | {v['fp']} | {v['fn']} |")
        lines += ["", "| item | precision | recall | tp | fp | fn |", "|---|---|---|---|---|---|"]
        for it, v in m["defects"]["items"].items():
            prec = _f(v["precision"]) if v["tp"] + v["fp"] else "–"
            rec = _f(v["recall"]) if v["support"] else "–"
            lines.append(f"| {it} | {prec} | {rec} | {v['tp']} | {v['fp']} | {v['fn']} |")
        lines += ["", "'–': undefined (the item never failed / was never injected in this set)."]
        lines += _flagged_lines(m.get("defects_flagged"))
    else:
        lines.append("Not measured: review.engine was unavailable or failed on every dossier.")
    t = m["timing"]
    lines += ["", "## Timing (load + classify + segment + review, per dossier)", "",
              f"mean {t['mean_s']:.2f} s, median {t['median_s']:.2f} s, max {t['max_s']:.2f} s, "
              f"{t['mean_s_per_page'] * 1000:.1f} ms per page", ""]
    if m["errors"]:
        lines += ["## Errors", ""] + [f"- {e['name']}: {e['error']}" for e in m["errors"][:30]] + [""]
    lines += ["## Plots", ""] + [f"![{p.stem}]({p.name})" for p in plots] + [""]
    lines += ["Command: `" + m["setup"]["command"] + "`", ""]
    (report_dir / "report.md").write_text("\n".join(lines), encoding="utf-8")


def _plots(metrics: dict, report_dir: Path) -> list[Path]:
    """Confusion matrix, per-item defect P/R bars, reliability diagram."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    out = []
    labels, mat = metrics["confusion"]["labels"], np.asarray(metrics["confusion"]["matrix"])
    if len(labels):
        norm = mat / np.maximum(mat.sum(1, keepdims=True), 1)
        fig, ax = plt.subplots(figsize=(10, 9))
        ax.imshow(norm, cmap="Blues", vmin=0, vmax=1)
        ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=7)
        ax.set_yticks(range(len(labels)), labels, fontsize=7)
        for i in range(len(labels)):
            for j in range(len(labels)):
                if mat[i, j]:
                    ax.text(j, i, str(mat[i, j]), ha="center", va="center", fontsize=5,
                            color="white" if norm[i, j] > 0.5 else "black")
        ax.set_xlabel("predicted")
        ax.set_ylabel("true")
        ax.set_title("Page type confusion (row-normalised colour, counts)")
        fig.tight_layout()
        out.append(report_dir / "confusion.png")
        fig.savefig(out[-1], dpi=110)
        plt.close(fig)
    if metrics.get("defects"):
        items = metrics["defects"]["items"]
        names = list(items)
        x = np.arange(len(names))
        fig, ax = plt.subplots(figsize=(max(6, len(names) * 0.35), 4))
        ax.bar(x - 0.2, [items[k]["precision"] for k in names], 0.4, label="precision")
        ax.bar(x + 0.2, [items[k]["recall"] for k in names], 0.4, label="recall")
        ax.set_xticks(x, names, rotation=90, fontsize=7)
        ax.set_ylim(0, 1.05)
        ax.legend()
        ax.set_title("'fail' findings vs injected defects per checklist item")
        fig.tight_layout()
        out.append(report_dir / "defects_per_item.png")
        fig.savefig(out[-1], dpi=110)
        plt.close(fig)
    rel = [r for r in metrics["reliability"] if r["count"]]
    if rel:
        fig, ax = plt.subplots(figsize=(4.5, 4.5))
        ax.plot([0, 1], [0, 1], "--", color="grey")
        ax.plot([r["confidence"] for r in rel], [r["accuracy"] for r in rel], "o-")
        ax.set_xlabel("confidence")
        ax.set_ylabel("accuracy")
        ax.set_title(f"Reliability (ECE {metrics['ece']:.3f})")
        fig.tight_layout()
        out.append(report_dir / "reliability.png")
        fig.savefig(out[-1], dpi=110)
        plt.close(fig)
    return out


# --- entry points ---------------------------------------------------------------------

def held_out_corpus(report_dir: Path, n: int, seed: int, families: list[str] | None,
                    scanned_share: float, log=print) -> tuple[Path, str]:
    """The generated held-out set under report_dir (reused when present) and its description."""
    corpus_dir = report_dir / f"corpus_n{n}_s{seed}_{''.join(families or ['all'])}_scan{scanned_share:g}"
    if not any(corpus_dir.glob("*.truth.json")):
        log(f"generating held-out corpus: n={n} seed={seed} families={families or 'all'} -> {corpus_dir}")
        generate_corpus(corpus_dir, n=n, seed=seed, families=families, scanned_share=scanned_share)
    desc = f"generated n={n} seed={seed} families={','.join(families or ['all'])} scanned_share={scanned_share:g}"
    return corpus_dir, desc


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
    from models import default_classifier, model_version
    report_dir = Path(report_dir)
    clf = classifier or default_classifier(model_dir)
    if corpus_dir is None:
        families = families or held_out_families(_trained_families(clf))
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
    metrics["setup"] = {"corpus": desc, "model_version": model_version(model_dir) if classifier is None
                        else getattr(classifier, "meta", {}).get("sha256", "in-memory")[:12],
                        "model_corpus": getattr(clf, "meta", {}).get("corpus", ""),
                        "command": command or f"run_eval({desc!r})",
                        "wall_s": round(time.perf_counter() - t0, 1)}
    metrics["per_dossier"] = [{**{k: r.get(k) for k in ("name", "family", "total_s", "fails", "uncertain",
                                                         "review", "error", "verdict", "grade_status")},
                               "injected": sorted({d["item"] for d in it.truth.get("defects", [])})}
                              for it, r in zip(items, results)]
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


# --- transformer model and side-by-side comparison ----------------------------------

def load_transformer(model_dir: str | Path | None = None):
    """The TransformerPageClassifier artifact (default models/artifacts/transformer)."""
    from models.transformer_classifier import TransformerPageClassifier
    if model_dir is None:
        from training.transformer import TRANSFORMER_DIR
        model_dir = TRANSFORMER_DIR
    return TransformerPageClassifier.load(model_dir)


class _TimedModel:
    """Page-model proxy that adds up the seconds spent in predict_proba/start_proba."""

    def __init__(self, model):
        self._model = model
        self.seconds = 0.0

    def _timed(self, method: str, pages):
        t = time.perf_counter()
        try:
            return getattr(self._model, method)(pages)
        finally:
            self.seconds += time.perf_counter() - t

    def predict_proba(self, pages):
        return self._timed("predict_proba", pages)

    def start_proba(self, pages):
        return self._timed("start_proba", pages)

    def __getattr__(self, name):
        return getattr(self._model, name)


COMPARE_COLUMNS = (("page_accuracy", "page accuracy"), ("page_macro_f1", "page macro-F1"),
                   ("segmented_accuracy", "accuracy after segmentation"),
                   ("boundary_f1", "boundary F1 (segmented)"), ("boundary_raw_f1", "boundary F1 (raw P(start))"),
                   ("zero_error_share", "zero-error dossiers"), ("defect_f1", "defect F1"),
                   ("classify_ms_per_page", "classifier ms/page"),
                   ("pipeline_ms_per_page", "pipeline ms/page"))


def compare_row(m: dict, clf_seconds: float) -> dict:
    """The comparison numbers of one model's run_eval metrics."""
    pages = max(m["pages"], 1)
    return {"page_accuracy": m["page_type"]["accuracy"], "page_macro_f1": m["page_type"]["macro_f1"],
            "segmented_accuracy": m["page_type_segmented"]["accuracy"],
            "boundary_f1": m["boundary"]["f1"], "boundary_raw_f1": m["boundary_raw"]["f1"],
            "zero_error_share": m["zero_error_share"],
            "defect_f1": m["defects"]["overall"]["f1"] if m["defects"] else None,
            "classify_ms_per_page": clf_seconds * 1000 / pages,
            "pipeline_ms_per_page": m["timing"]["mean_s_per_page"] * 1000,
            "pages": m["pages"], "dossiers": m["dossiers"], "errors": len(m["errors"]),
            "model_version": m["setup"]["model_version"], "model_corpus": m["setup"]["model_corpus"]}


def run_compare(corpus_dir: str | Path | None = None, report_dir: str | Path = "runs/eval_compare", *,
                n: int = DEFAULT_N, seed: int = DEFAULT_SEED, families: list[str] | None = None,
                scanned_share: float = 0.0, model_dir: str | Path | None = None,
                transformer_dir: str | Path | None = None, limit: int | None = None,
                command: str = "", log=print) -> dict:
    """run_eval once per model (sklearn baseline, transformer) on the same held-out set.

    Full reports go to report_dir/sklearn and report_dir/transformer; report_dir
    gets report.md with the side-by-side table and metrics.json["compare"].
    """
    from models import default_classifier
    report_dir = Path(report_dir)
    models = {"sklearn": default_classifier(model_dir), "transformer": load_transformer(transformer_dir)}
    if corpus_dir is None:
        trained = set()
        for clf in models.values():
            trained |= set(_trained_families(clf))
        families = families or held_out_families(sorted(trained))
        corpus_dir, desc = held_out_corpus(report_dir, n, seed, families, scanned_share, log)
    else:
        desc = str(corpus_dir)
    rows = {}
    for kind, clf in models.items():
        log(f"evaluating {kind} model")
        timed = _TimedModel(clf)
        m = run_eval(corpus_dir, report_dir / kind, classifier=timed, limit=limit,
                     command=f"{command} [{kind}]", log=log)
        rows[kind] = compare_row(m, timed.seconds)
    out = {"compare": rows, "setup": {"corpus": desc, "command": command or f"run_compare({desc!r})"}}
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / "metrics.json").write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    kinds = list(rows)
    lines = ["# Juanping evaluation: page models side by side", "", f"- corpus: {desc}"]
    lines += [f"- {k}: {rows[k]['model_version']} ({rows[k]['model_corpus']}), {rows[k]['dossiers']} dossiers, "
              f"{rows[k]['pages']} pages, load errors: {rows[k]['errors']}" for k in kinds]
    lines += ["", "| measure | " + " | ".join(kinds) + " |", "|---|" + "---|" * len(kinds)]
    for key, label in COMPARE_COLUMNS:
        cells = []
        for k in kinds:
            v = rows[k][key]
            cells.append("–" if v is None else (f"{v:.2f}" if key.endswith("ms_per_page") else _f(v)))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", "Classifier ms/page: time inside predict_proba + start_proba (features included) per page; "
              "pipeline ms/page: load + classify + segment + review.", "",
              "Full reports: " + ", ".join(f"[{k}]({k}/report.md)" for k in kinds), "",
              "Command: `" + out["setup"]["command"] + "`", ""]
    (report_dir / "report.md").write_text("\n".join(lines), encoding="utf-8")
    return out


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="juanping eval", description="在留出集上评估页面模型、分段与检查项")
    ap.add_argument("--corpus", help="existing corpus dir; default: generate a held-out set")
    ap.add_argument("--n", type=int, default=DEFAULT_N)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--families", help="comma separated; default: families not used in training")
    ap.add_argument("--report", default="runs/eval", help="report directory")
    ap.add_argument("--model", help="artifact directory (default: bundled models/artifacts)")
    ap.add_argument("--limit", type=int, help="evaluate only the first N dossiers")
    ap.add_argument("--scanned-share", type=float, default=0.0,
                    help="share of generated dossiers written as noisy image-only scans (OCR path)")
    ap.add_argument("--model-kind", choices=("sklearn", "transformer"), default="sklearn",
                    help="page model to evaluate (transformer: --model is its artifact dir, "
                         "default models/artifacts/transformer)")
    ap.add_argument("--compare", action="store_true",
                    help="evaluate the sklearn and the transformer model on the same set, side by side")
    ap.add_argument("--transformer-model", help="transformer artifact dir for --compare")
    ap.add_argument("--fit-calibration", metavar="JSON",
                    help="fit finding-confidence calibration on this corpus (its calibration split) and write it "
                         "here, e.g. review/data/calibration.json")
    return ap


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    fams = [f for f in args.families.split(",") if f] if args.families else None
    if args.compare:
        out = run_compare(args.corpus, args.report, n=args.n, seed=args.seed, families=fams,
                          scanned_share=args.scanned_share, model_dir=args.model,
                          transformer_dir=args.transformer_model, limit=args.limit,
                          command="juanping eval " + " ".join(argv))
        print(json.dumps({k: {c: (round(v[c], 4) if isinstance(v[c], float) else v[c])
                              for c, _ in COMPARE_COLUMNS} for k, v in out["compare"].items()}
                         | {"report": str(Path(args.report) / "report.md")}, ensure_ascii=False, indent=1))
        return 0
    clf = load_transformer(args.model) if args.model_kind == "transformer" else None
    m = run_eval(args.corpus, args.report, n=args.n, seed=args.seed, families=fams,
                 model_dir=args.model, classifier=clf, limit=args.limit, scanned_share=args.scanned_share,
                 command="juanping eval " + " ".join(argv), fit_calibration=args.fit_calibration)
    summary = {"page_accuracy": round(m["page_type"]["accuracy"], 4),
               "page_macro_f1": round(m["page_type"]["macro_f1"], 4),
               "segmented_accuracy": round(m["page_type_segmented"]["accuracy"], 4),
               "boundary_f1": round(m["boundary"]["f1"], 4),
               "zero_error_share": round(m["zero_error_share"], 4),
               "defect_f1": round(m["defects"]["overall"]["f1"], 4) if m["defects"] else None,
               "defect_precision": round(m["defects"]["overall"]["precision"], 4) if m["defects"] else None,
               "defect_recall": round(m["defects"]["overall"]["recall"], 4) if m["defects"] else None,
               "families": {f: {"precision": round(v["precision"], 3), "recall": round(v["recall"], 3)}
                            for f, v in (m["defects"] or {}).get("families", {}).items()},
               "trust": {k: (round(v, 4) if isinstance(v, float) else v) for k, v in (m.get("trust") or {}).items()},
               "by_source": {k: {"page_macro_f1": round(v["page_macro_f1"], 4),
                                 "boundary_f1": round(v["boundary_f1"], 4),
                                 "defect_recall": v["defect_recall"] and round(v["defect_recall"], 4),
                                 "defect_precision": v["defect_precision"] and round(v["defect_precision"], 4),
                                 "flagged_recall": v["flagged_recall"] and round(v["flagged_recall"], 4),
                                 "flagged_precision": v["flagged_precision"] and round(v["flagged_precision"], 4)}
                             for k, v in m["by_source"].items()},
               "report": str(Path(args.report) / "report.md")}
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
