"""Per-dossier eval results + truth -> the metrics dict of `juanping eval`.

Kept apart from running the pipeline so the numbers can be recomputed (and tested)
on hand-built results without loading a model.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from eval import metrics as M
from eval.dataset import LabelledDossier


@dataclass
class _Pooled:
    """Pages and dossiers of a run, pooled into the inputs of the metric functions."""

    y_true: list[str] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)
    seg: list[str] = field(default_factory=list)
    conf: list[float] = field(default_factory=list)
    raw_pairs: list[tuple[set, set]] = field(default_factory=list)
    seg_pairs: list[tuple[set, set]] = field(default_factory=list)
    zero: list[bool] = field(default_factory=list)
    defect_cases: list[tuple[set, set]] = field(default_factory=list)
    flagged_cases: list[tuple[set, set]] = field(default_factory=list)
    trust_cases: list[dict] = field(default_factory=list)
    per_family: dict[str, dict] = field(default_factory=dict)


def _pool(items: list[LabelledDossier], results: list[dict]) -> _Pooled:
    """Page labels, boundaries and findings of every dossier, cut to the pages both sides have."""
    p = _Pooled()
    for item, r in zip(items, results):
        n = min(len(item.labels), len(r["raw_types"]))
        truth, ts = item.labels[:n], M.starts_from_flags(item.starts[:n])
        p.y_true += truth
        p.raw += r["raw_types"][:n]
        p.seg += r["seg_types"][:n]
        p.conf += r["confidence"][:n]
        p.raw_pairs.append((ts, set(r["raw_starts"])))
        p.seg_pairs.append((ts, set(r["seg_starts"])))
        ok = M.dossier_zero_error(truth, r["seg_types"][:n], ts, r["seg_starts"])
        p.zero.append(ok)
        fam = p.per_family.setdefault(item.family or "?", {"true": [], "pred": [], "zero": []})
        fam["true"] += truth
        fam["pred"] += r["seg_types"][:n]
        fam["zero"].append(ok)
        if r.get("review") == "ok":
            injected = {d["item"] for d in item.truth.get("defects", [])}
            p.defect_cases.append((injected, set(r["fails"])))
            p.flagged_cases.append((injected, set(r["fails"]) | set(r.get("uncertain", []))))
            p.trust_cases.append({"injected": injected, "grade_status": r.get("grade_status"),
                                  "findings": [(f[0], f[1], f[2]) for f in r.get("findings", [])]})
    return p


def _page_type_metrics(p: _Pooled, labels: list[str]) -> dict:
    """Page-type scores of the raw classifier and of the pages after segmentation."""
    seg_per_class = M.per_class_prf(p.y_true, p.seg, labels)
    return {
        "page_type": {
            "accuracy": M.accuracy(p.y_true, p.raw), "macro_f1": M.macro_f1(p.y_true, p.raw),
            "per_class": M.per_class_prf(p.y_true, p.raw, labels),
        },
        "page_type_segmented": {
            "accuracy": M.accuracy(p.y_true, p.seg), "macro_f1": M.macro_f1(p.y_true, p.seg),
            "per_class_f1": {c: v["f1"] for c, v in seg_per_class.items()},
        },
    }


def _confusion(p: _Pooled, labels: list[str]) -> dict:
    """Raw classifier confusion matrix as JSON-ready lists."""
    names, matrix = M.confusion_matrix(p.y_true, p.raw, labels)
    return {"labels": names, "matrix": matrix.tolist()}


def _family_metrics(per_family: dict[str, dict]) -> dict:
    """Segmented page-type scores per template family."""
    return {f: {"pages": len(v["true"]), "accuracy": M.accuracy(v["true"], v["pred"]),
                "macro_f1": M.macro_f1(v["true"], v["pred"]),
                "zero_error_share": M.zero_error_share(v["zero"])}
            for f, v in sorted(per_family.items())}


def _timing(times: list[float], pages: int) -> dict:
    """Seconds per dossier (load + classify + segment + review) and per page."""
    return {"mean_s": statistics.fmean(times) if times else 0.0,
            "median_s": statistics.median(times) if times else 0.0,
            "max_s": max(times) if times else 0.0,
            "mean_s_per_page": (sum(times) / pages) if pages else 0.0}


def aggregate(items: list[LabelledDossier], results: list[dict]) -> dict:
    """All metrics from per-dossier results and truth."""
    p = _pool(items, results)
    labels = sorted(set(p.y_true) | set(p.raw) | set(p.seg))
    correct = [a == b for a, b in zip(p.y_true, p.raw)]
    all_items = sorted({f["item"] for it in items for f in it.truth.get("findings", [])})
    return {
        "dossiers": len(items), "pages": len(p.y_true),
        "errors": [{"name": r["name"], "error": r["error"]} for r in results if r["error"]],
        **_page_type_metrics(p, labels),
        "boundary_raw": M.boundary_prf_many(p.raw_pairs),
        "boundary": M.boundary_prf_many(p.seg_pairs),
        "zero_error_share": M.zero_error_share(p.zero),
        "ece": M.expected_calibration_error(p.conf, correct),
        "reliability": M.reliability_table(p.conf, correct),
        "confusion": _confusion(p, labels),
        "template_families": _family_metrics(p.per_family),
        "defects": (M.defect_prf(p.defect_cases, all_items) if p.defect_cases else None),
        # 'flagged' = fail or uncertain: what a reviewer is shown either way
        "defects_flagged": (M.defect_prf(p.flagged_cases, all_items) if p.flagged_cases else None),
        "reviewed_dossiers": len(p.defect_cases),
        "trust": M.trust_metrics(p.trust_cases),
        "timing": _timing([r["total_s"] for r in results], len(p.y_true)),
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
