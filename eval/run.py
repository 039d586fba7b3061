"""`juanping eval`: command line of the held-out evaluation (eval.evaluate) and the model comparison.

Prints the headline numbers as JSON; the full report is written to --report.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from eval.compare import COMPARE_COLUMNS, load_transformer, run_compare
from eval.evaluate import DEFAULT_N, DEFAULT_SEED, run_eval


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


def _compare_summary(out: dict, report: str) -> dict:
    """The printed numbers of --compare: every comparison column per model, rounded."""
    return {k: {c: (round(v[c], 4) if isinstance(v[c], float) else v[c])
                for c, _ in COMPARE_COLUMNS} for k, v in out["compare"].items()} | {"report": report}


def _eval_summary(m: dict, report: str) -> dict:
    """The printed numbers of one evaluation: page types, boundaries, defects, trust, by source."""
    return {"page_accuracy": round(m["page_type"]["accuracy"], 4),
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
            "report": report}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    fams = [f for f in args.families.split(",") if f] if args.families else None
    report = str(Path(args.report) / "report.md")
    if args.compare:
        out = run_compare(args.corpus, args.report, n=args.n, seed=args.seed, families=fams,
                          scanned_share=args.scanned_share, model_dir=args.model,
                          transformer_dir=args.transformer_model, limit=args.limit,
                          command="juanping eval " + " ".join(argv))
        print(json.dumps(_compare_summary(out, report), ensure_ascii=False, indent=1))
        return 0
    clf = load_transformer(args.model) if args.model_kind == "transformer" else None
    m = run_eval(args.corpus, args.report, n=args.n, seed=args.seed, families=fams,
                 model_dir=args.model, classifier=clf, limit=args.limit, scanned_share=args.scanned_share,
                 command="juanping eval " + " ".join(argv), fit_calibration=args.fit_calibration)
    print(json.dumps(_eval_summary(m, report), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
