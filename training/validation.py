"""Page-level validation metrics of a page model, shared by both trainers."""
from __future__ import annotations

from ingest.datamodel import Page
from models.page_classifier import PageModelOutputs


def evaluate_pages(model: PageModelOutputs, dossiers: list[list[Page]], labels: list[list[str]],
                   starts: list[list[bool]]) -> dict:
    """Page-level metrics of the raw classifier (before segmentation)."""
    from eval import metrics as M
    y_true, y_pred, conf, pairs, zero = [], [], [], [], []
    for pages, lab, st in zip(dossiers, labels, starts):
        proba = model.predict_proba(pages)
        pred = [model.classes_[i] for i in proba.argmax(1)]
        s_pred = M.starts_from_flags(model.start_proba(pages) >= 0.5)
        s_true = M.starts_from_flags(st)
        y_true += lab
        y_pred += pred
        conf += list(proba.max(1))
        pairs.append((s_true, s_pred))
        zero.append(M.dossier_zero_error(lab, pred, s_true, s_pred))
    per = M.per_class_prf(y_true, y_pred)
    return {
        "pages": len(y_true), "dossiers": len(dossiers),
        "accuracy": M.accuracy(y_true, y_pred),
        "macro_f1": M.macro_f1(y_true, y_pred),
        "per_class_f1": {c: round(v["f1"], 4) for c, v in per.items()},
        "boundary": M.boundary_prf_many(pairs),
        "zero_error_share": M.zero_error_share(zero),
        "ece": M.expected_calibration_error(conf, [a == b for a, b in zip(y_true, y_pred)]),
    }
