"""Evaluation metrics as pure functions over plain lists (no pipeline objects).

Conventions: a 0/0 ratio is 0.0; macro-F1 averages over the classes that
occur in the truth or the prediction (absent classes neither help nor hurt).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterable, Sequence

import numpy as np


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def prf(tp: int, fp: int, fn: int) -> dict:
    """Precision, recall, F1 and the counts they came from."""
    p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return {"precision": p, "recall": r, "f1": _ratio(2 * p * r, p + r),
            "tp": tp, "fp": fp, "fn": fn, "support": tp + fn}


def accuracy(y_true: Sequence, y_pred: Sequence) -> float:
    if len(y_true) != len(y_pred):
        raise ValueError("length mismatch")
    return _ratio(sum(t == p for t, p in zip(y_true, y_pred)), len(y_true))


def per_class_prf(y_true: Sequence[str], y_pred: Sequence[str],
                  labels: Sequence[str] | None = None) -> dict[str, dict]:
    """Per-class precision/recall/F1 over the labels seen in truth or prediction."""
    labels = list(labels) if labels is not None else sorted(set(y_true) | set(y_pred))
    out = {}
    for c in labels:
        tp = sum(t == c and p == c for t, p in zip(y_true, y_pred))
        fp = sum(t != c and p == c for t, p in zip(y_true, y_pred))
        fn = sum(t == c and p != c for t, p in zip(y_true, y_pred))
        out[c] = prf(tp, fp, fn)
    return out


def macro_f1(y_true: Sequence[str], y_pred: Sequence[str]) -> float:
    """Unweighted mean F1 over classes present in truth or prediction."""
    per = per_class_prf(y_true, y_pred)
    return float(np.mean([v["f1"] for v in per.values()])) if per else 0.0


def confusion_matrix(y_true: Sequence[str], y_pred: Sequence[str],
                     labels: Sequence[str] | None = None) -> tuple[list[str], np.ndarray]:
    """(labels, matrix) with rows = truth, columns = prediction."""
    labels = list(labels) if labels is not None else sorted(set(y_true) | set(y_pred))
    pos = {c: i for i, c in enumerate(labels)}
    m = np.zeros((len(labels), len(labels)), dtype=int)
    for t, p in zip(y_true, y_pred):
        if t in pos and p in pos:
            m[pos[t], pos[p]] += 1
    return labels, m


def boundary_prf(true_starts: Iterable[int], pred_starts: Iterable[int]) -> dict:
    """P/R/F1 of document start pages (sets of page indexes of one dossier)."""
    t, p = set(true_starts), set(pred_starts)
    return prf(len(t & p), len(p - t), len(t - p))


def boundary_prf_many(pairs: Iterable[tuple[Iterable[int], Iterable[int]]]) -> dict:
    """Micro-averaged boundary P/R/F1 over many dossiers' (true, pred) start sets."""
    tp = fp = fn = 0
    for t, p in pairs:
        r = boundary_prf(t, p)
        tp, fp, fn = tp + r["tp"], fp + r["fp"], fn + r["fn"]
    return prf(tp, fp, fn)


def starts_from_flags(flags: Sequence[bool]) -> set[int]:
    """1-based page indexes whose start flag is set."""
    return {i + 1 for i, f in enumerate(flags) if f}


def dossier_zero_error(true_types: Sequence[str], pred_types: Sequence[str],
                       true_starts: Iterable[int], pred_starts: Iterable[int]) -> bool:
    """True when every page type and every document boundary is right."""
    return list(true_types) == list(pred_types) and set(true_starts) == set(pred_starts)


def zero_error_share(flags: Sequence[bool]) -> float:
    return _ratio(sum(bool(f) for f in flags), len(flags))


def family_of(item: str) -> str:
    """Checklist family from an item id: 'FU-01' -> 'FU'."""
    return item.split("-", 1)[0]


def defect_prf(cases: Sequence[tuple[Iterable[str], Iterable[str]]],
               items: Iterable[str] | None = None) -> dict:
    """Per-item and per-family P/R of 'fail' findings against injected defects.

    cases: one (true_defect_items, predicted_fail_items) pair per dossier,
    each an iterable of item ids (duplicates collapse: an item fails or not).
    Returns {"items": {id: prf}, "families": {fam: prf}, "overall": prf}.
    """
    counts: dict[str, Counter] = defaultdict(Counter)
    for true_items, pred_items in cases:
        t, p = set(true_items), set(pred_items)
        for it in t & p:
            counts[it]["tp"] += 1
        for it in p - t:
            counts[it]["fp"] += 1
        for it in t - p:
            counts[it]["fn"] += 1
    for it in items or ():
        counts.setdefault(it, Counter())
    per_item = {it: prf(c["tp"], c["fp"], c["fn"]) for it, c in sorted(counts.items())}
    fam: dict[str, Counter] = defaultdict(Counter)
    for it, c in counts.items():
        fam[family_of(it)].update(c)
    per_fam = {f: prf(c["tp"], c["fp"], c["fn"]) for f, c in sorted(fam.items())}
    tot = Counter()
    for c in counts.values():
        tot.update(c)
    return {"items": per_item, "families": per_fam,
            "overall": prf(tot["tp"], tot["fp"], tot["fn"])}


def expected_calibration_error(confidences: Sequence[float], correct: Sequence[bool],
                               n_bins: int = 10) -> float:
    """ECE: sum over equal-width confidence bins of |accuracy - confidence| * share.

    Bins are (lo, hi] with the first bin [0, 1/n]; a confidence of exactly
    1.0 falls in the last bin.
    """
    conf = np.asarray(confidences, dtype=float)
    ok = np.asarray(correct, dtype=float)
    if conf.size == 0:
        return 0.0
    bins = np.clip(np.ceil(conf * n_bins).astype(int) - 1, 0, n_bins - 1)
    ece = 0.0
    for b in range(n_bins):
        mask = bins == b
        if mask.any():
            ece += mask.mean() * abs(ok[mask].mean() - conf[mask].mean())
    return float(ece)


def reliability_table(confidences: Sequence[float], correct: Sequence[bool],
                      n_bins: int = 10) -> list[dict]:
    """Per-bin count, mean confidence and accuracy (for a reliability plot)."""
    conf = np.asarray(confidences, dtype=float)
    ok = np.asarray(correct, dtype=float)
    bins = np.clip(np.ceil(conf * n_bins).astype(int) - 1, 0, n_bins - 1) if conf.size else conf
    rows = []
    for b in range(n_bins):
        mask = bins == b
        rows.append({"lo": b / n_bins, "hi": (b + 1) / n_bins, "count": int(mask.sum()),
                     "confidence": float(conf[mask].mean()) if mask.any() else 0.0,
                     "accuracy": float(ok[mask].mean()) if mask.any() else 0.0})
    return rows


def trust_metrics(cases: Sequence[dict]) -> dict:
    """What a reviewer experiences per dossier: wrong accusations and open items.

    cases: one dict per reviewed dossier with ``injected`` (true defect items),
    ``findings`` [(item, status, confidence)], ``grade_status``. Returns false
    fails and uncertain-on-fine items per dossier, the share of dossiers whose
    failed items are exactly the true defects, the ECE of fail findings
    (confidence vs being a true defect) and the share of provisional grades.
    """
    n = len(cases)
    if not n:
        return {}
    false_fail = uncertain_fine = uncertain_all = exact = provisional = 0
    fail_conf, fail_ok = [], []
    for c in cases:
        injected = set(c["injected"])
        fails = {it for it, st, _ in c["findings"] if st == "fail"}
        unsure = {it for it, st, _ in c["findings"] if st == "uncertain"}
        false_fail += len(fails - injected)
        uncertain_fine += len(unsure - injected)
        uncertain_all += len(unsure)
        exact += fails == injected
        provisional += c.get("grade_status") == "provisional"
        for it, st, conf in c["findings"]:
            if st == "fail":
                fail_conf.append(conf)
                fail_ok.append(it in injected)
    return {"dossiers": n, "false_fail_per_dossier": false_fail / n,
            "uncertain_fine_per_dossier": uncertain_fine / n, "uncertain_per_dossier": uncertain_all / n,
            "exact_fail_set_share": exact / n, "provisional_grade_share": provisional / n,
            "fail_findings": len(fail_conf),
            "fail_ece": expected_calibration_error(fail_conf, fail_ok) if fail_conf else 0.0,
            "fail_mean_confidence": float(np.mean(fail_conf)) if fail_conf else None,
            "fail_precision": float(np.mean(fail_ok)) if fail_ok else None}
