"""Reproduce the bundled page model: generate/read a corpus, fit, validate, save.

`train()` is what `juanping train` runs. `train_from_labels()` folds reviewer
corrections exported by the console (JSONL, one page per line) into the
training data. This is tooling that sits on top of the stack: it imports the
corpus generator and metrics from eval/ lazily, inference code never does.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Iterable

from ingest.datamodel import Line, Page
from models import ARTIFACT_DIR
from models.page_classifier import PageClassifier
from training.data import (DEFAULT_FAMILIES, DEFAULT_N, DEFAULT_SEED, add_scan_like, load_training_corpus, pick,
                           resolve_corpus, scan_like, split_train_val)
from training.validation import evaluate_pages


def _fit_eval_save(dossiers, labels, starts, names, *, out_dir, val_share, seed, corpus_desc,
                   refit_full: bool, model_kwargs: dict | None = None,
                   scan_share: float = 0.0) -> dict:
    t0 = time.perf_counter()
    tr, va = split_train_val(names, val_share, seed)
    model = PageClassifier(**(model_kwargs or {}))
    model.fit(*add_scan_like(pick(dossiers, tr), pick(labels, tr), pick(starts, tr), scan_share, seed),
              corpus=corpus_desc)
    fit_s = time.perf_counter() - t0
    metrics: dict = {"train_dossiers": len(tr), "val_dossiers": len(va),
                     "fit_seconds_split": round(fit_s, 1)}
    if va:
        metrics["validation"] = evaluate_pages(model, pick(dossiers, va), pick(labels, va),
                                               pick(starts, va))
        rng = random.Random(seed + 1)
        metrics["validation_scan_like"] = {
            k: v for k, v in evaluate_pages(model, [scan_like(d, rng) for d in pick(dossiers, va)],
                                            pick(labels, va), pick(starts, va)).items()
            if k in ("accuracy", "macro_f1", "boundary", "ece")}
    if refit_full and va:
        t1 = time.perf_counter()
        model = PageClassifier(**(model_kwargs or {})).fit(
            *add_scan_like(dossiers, labels, starts, scan_share, seed), corpus=corpus_desc)
        metrics["fit_seconds_full"] = round(time.perf_counter() - t1, 1)
    metrics["trained_on"] = "train split" if (va and not refit_full) else "all"
    path = model.save(out_dir, metrics=metrics)
    metrics["artifact"] = str(path)
    metrics["artifact_bytes"] = path.stat().st_size
    return metrics


def train(corpus_dir: str | Path | None = None, *, n: int = DEFAULT_N, seed: int = DEFAULT_SEED,
          families: Iterable[str] | None = DEFAULT_FAMILIES, out_dir: str | Path = ARTIFACT_DIR,
          val_share: float = 0.2, work_dir: str | Path | None = None, refit_full: bool = True,
          extra_labels: str | Path | None = None, model_kwargs: dict | None = None,
          scan_share: float = 0.2, log=print) -> dict:
    """Train the page model and save it to out_dir; returns the metrics dict.

    corpus_dir: an existing corpus (NAME.pdf + NAME.truth.json); when None a
    corpus of n dossiers is generated with the given seed and families.
    extra_labels: a console corrections JSONL merged into the training data.
    scan_share: share of training dossiers added again as scan-like copies.
    """
    t_start = time.perf_counter()
    timings: dict = {}
    if corpus_dir is None and n <= 0:  # labels only (e.g. tests, pure correction sets)
        data, desc = [], "no corpus"
    else:
        corpus_dir, desc = resolve_corpus(corpus_dir, n=n, seed=seed, families=families, work_dir=work_dir,
                                          timings=timings, log=log)
    if corpus_dir is not None:
        data = load_training_corpus(corpus_dir, timings, log)
    dossiers = [d.pages for d in data]
    labels = [d.labels for d in data]
    starts = [d.starts for d in data]
    names = [d.name for d in data]
    if extra_labels:
        ed, el, es = pages_from_jsonl(extra_labels)
        dossiers, labels, starts = dossiers + ed, labels + el, starts + es
        names += [f"label:{i}" for i in range(len(ed))]
        desc += f" + {sum(map(len, ed))} corrected pages from {Path(extra_labels).name}"
    if scan_share > 0:
        desc += f" + {scan_share:.0%} scan-like copies"
    if not dossiers:
        raise ValueError("nothing to train on: no corpus and no labelled pages")
    t = time.perf_counter()
    metrics = _fit_eval_save(dossiers, labels, starts, names, out_dir=out_dir,
                             val_share=val_share, seed=seed, corpus_desc=desc,
                             refit_full=refit_full, model_kwargs=model_kwargs,
                             scan_share=scan_share)
    timings["fit_eval_save_s"] = round(time.perf_counter() - t, 1)
    timings["total_s"] = round(time.perf_counter() - t_start, 1)
    metrics["timings"] = timings
    metrics["corpus"] = desc
    _rewrite_meta(out_dir, metrics)
    return metrics


def _rewrite_meta(out_dir, metrics: dict) -> None:
    """Add the end-to-end timings to the saved meta (weights file unchanged)."""
    from models.page_classifier import META_NAME
    meta_path = Path(out_dir) / META_NAME
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["metrics"] = {k: v for k, v in metrics.items() if k not in ("artifact",)}
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")


# --- console corrections ---------------------------------------------------

def _line(obj) -> Line:
    if isinstance(obj, dict):
        return Line(text=obj.get("text", ""), x0=float(obj.get("x0", 0)), top=float(obj.get("top", 0)),
                    x1=float(obj.get("x1", 0)), bottom=float(obj.get("bottom", 0)),
                    size=float(obj.get("size", 0) or 0))
    text, x0, top, x1, bottom, *rest = obj
    return Line(text, float(x0), float(top), float(x1), float(bottom), float(rest[0]) if rest else 0.0)


def pages_from_jsonl(path: str | Path) -> tuple[list[list[Page]], list[list[str]], list[list[bool]]]:
    """Read console corrections: one JSON object per page.

    Keys: text, lines (list of {text,x0,top,x1,bottom,size} or lists), type
    (or label), start; optional dossier (or file/sha256), page, width,
    height, printed_number. Pages are grouped by dossier and ordered by page
    so neighbour context is rebuilt; without a dossier key consecutive rows
    form one dossier until the page number restarts.
    """
    groups: dict[str, list[dict]] = {}
    order: list[str] = []
    run, last_page = 0, None
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        row = json.loads(raw)
        key = row.get("dossier") or row.get("file") or row.get("sha256")
        if key is None:
            page_no = row.get("page")
            if last_page is not None and page_no is not None and page_no <= last_page:
                run += 1
            last_page = page_no
            key = f"_run{run}"
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(row)
    dossiers, labels, starts = [], [], []
    for key in order:
        rows = sorted(groups[key], key=lambda r: r.get("page") or 0)
        pages, lab, st = [], [], []
        for i, r in enumerate(rows):
            label = r.get("type") or r.get("label")
            if not label:
                continue
            pages.append(Page(index=int(r.get("page") or i + 1), text=r.get("text", ""),
                              lines=[_line(x) for x in r.get("lines") or []],
                              width=float(r.get("width", 595.0)), height=float(r.get("height", 842.0)),
                              printed_number=r.get("printed_number")))
            lab.append(label)
            st.append(bool(r.get("start", i == 0 or label != lab[-2] if len(lab) > 1 else True)))
        if pages:
            dossiers.append(pages)
            labels.append(lab)
            starts.append(st)
    return dossiers, labels, starts


def train_from_labels(jsonl: str | Path, corpus_dir: str | Path | None = None, **kwargs) -> dict:
    """Retrain with console corrections merged into the (generated or given) corpus."""
    return train(corpus_dir, extra_labels=jsonl, **kwargs)


# --- CLI -------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="juanping train", description="训练页面分类模型 (page type + document start)")
    ap.add_argument("--corpus", help="existing corpus dir (NAME.pdf + NAME.truth.json); default: generate")
    ap.add_argument("--n", type=int, default=DEFAULT_N, help="dossiers to generate (default 300)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--families", default=",".join(DEFAULT_FAMILIES),
                    help="template families for generation, comma separated ('' = all)")
    ap.add_argument("--out", default=str(ARTIFACT_DIR), help="artifact directory")
    ap.add_argument("--workdir", help="where to keep the generated corpus (reused if present)")
    ap.add_argument("--labels", help="console corrections JSONL to merge")
    ap.add_argument("--val-share", type=float, default=0.2)
    ap.add_argument("--no-refit", action="store_true", help="keep the train-split model (faster)")
    ap.add_argument("--scan-share", type=float, default=0.2,
                    help="share of dossiers added as scan-like copies (no font sizes, 5%% chars dropped)")
    ap.add_argument("--model", choices=["sklearn", "transformer"], default="sklearn",
                    help="transformer: hand the other options to python -m training.transformer")
    return ap


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--model" in argv:  # `juanping train --model transformer ...`: the transformer's own CLI
        k = argv.index("--model")
        kind, argv = (argv[k + 1] if k + 1 < len(argv) else ""), argv[:k] + argv[k + 2:]
        if kind == "transformer":
            from training.transformer import main as train_transformer_main
            return train_transformer_main(argv)
        if kind != "sklearn":
            build_parser().error(f"--model: choose sklearn or transformer, not {kind!r}")
    args = build_parser().parse_args(argv)
    fams = [f for f in args.families.split(",") if f] if args.families else None
    metrics = train(args.corpus, n=args.n, seed=args.seed, families=fams, out_dir=args.out,
                    val_share=args.val_share, work_dir=args.workdir, refit_full=not args.no_refit,
                    extra_labels=args.labels, scan_share=args.scan_share)
    val = metrics.get("validation", {})
    print(json.dumps({"artifact": metrics["artifact"], "bytes": metrics["artifact_bytes"],
                      "accuracy": val.get("accuracy"), "macro_f1": val.get("macro_f1"),
                      "boundary_f1": val.get("boundary", {}).get("f1"),
                      "timings": metrics["timings"]}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
