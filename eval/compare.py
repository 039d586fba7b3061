"""`juanping eval --compare`: the sklearn and the transformer page model on the same held-out set.

Each model gets a full run_eval report; the side-by-side table adds the time spent
inside the page model, measured by a proxy around it.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

from eval.evaluate import DEFAULT_N, DEFAULT_SEED, held_out_corpus, held_out_families, run_eval, trained_families
from eval.report import fmt3


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


def _compare_report(out: dict) -> str:
    """report.md of a comparison: models, the side-by-side table, links to the full reports."""
    rows, desc = out["compare"], out["setup"]["corpus"]
    kinds = list(rows)
    lines = ["# Juanping evaluation: page models side by side", "", f"- corpus: {desc}"]
    lines += [f"- {k}: {rows[k]['model_version']} ({rows[k]['model_corpus']}), {rows[k]['dossiers']} dossiers, "
              f"{rows[k]['pages']} pages, load errors: {rows[k]['errors']}" for k in kinds]
    lines += ["", "| measure | " + " | ".join(kinds) + " |", "|---|" + "---|" * len(kinds)]
    for key, label in COMPARE_COLUMNS:
        cells = []
        for k in kinds:
            v = rows[k][key]
            cells.append("–" if v is None else (f"{v:.2f}" if key.endswith("ms_per_page") else fmt3(v)))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", "Classifier ms/page: time inside predict_proba + start_proba (features included) per page; "
              "pipeline ms/page: load + classify + segment + review.", "",
              "Full reports: " + ", ".join(f"[{k}]({k}/report.md)" for k in kinds), "",
              "Command: `" + out["setup"]["command"] + "`", ""]
    return "\n".join(lines)


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
            trained |= set(trained_families(clf))
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
    (report_dir / "report.md").write_text(_compare_report(out), encoding="utf-8")
    return out
