"""Train the bundled TransformerPageClassifier (artifacts/transformer/).

Shares training/data.py with training/pages.py (the corpus, generated with
eval.dataset or read from --corpus / --workdir; the dossier-level split;
scan-like augmentation) and training/validation.py (the page-level validation
metrics). Early stopping on the validation split plus a wall-clock cap
(max_minutes) keep the run bounded on 2 cores.
``--val-family C`` validates on a whole training family instead (leave one
family out: how the recipe was chosen, since a random split of the training
families says little about unseen templates).

    .venv/bin/juanping train --model transformer --workdir /tmp/jp   # = python -m training.transformer
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Iterable

from models import ARTIFACT_DIR
from models.transformer_classifier import META_NAME, TransformerPageClassifier
from training.data import (DEFAULT_FAMILIES, DEFAULT_N, DEFAULT_SEED, add_scan_like, load_training_corpus, pick,
                           resolve_corpus, split_train_val)
from training.validation import evaluate_pages

TRANSFORMER_DIR = ARTIFACT_DIR / "transformer"
DEFAULT_EPOCHS = 14
DEFAULT_MAX_MINUTES = 22.0  # + corpus generation (~3 min) stays under the 30-minute budget
DEFAULT_VAL_SHARE = 0.1


def train_transformer(corpus_dir: str | Path | None = None, *, n: int = DEFAULT_N,
                      seed: int = DEFAULT_SEED, families: Iterable[str] | None = DEFAULT_FAMILIES,
                      out_dir: str | Path = TRANSFORMER_DIR, epochs: int = DEFAULT_EPOCHS,
                      max_minutes: float = DEFAULT_MAX_MINUTES, val_share: float = DEFAULT_VAL_SHARE,
                      val_family: str | None = None, work_dir: str | Path | None = None,
                      scan_share: float = 0.2, model_kwargs: dict | None = None, log=print) -> dict:
    """Fit on the train split, early-stop on the validation split, save to out_dir.

    corpus_dir None: generate n dossiers (seed, families) under work_dir, or
    reuse <work_dir>/corpus_n{n}_s{seed}_{families} when it already exists
    (the same directory training.pages uses). val_family: validate on that
    template family's dossiers (and train on the others) instead of a random
    val_share of dossiers.
    """
    t_start = time.perf_counter()
    timings: dict = {"load_avg_start": [round(x, 2) for x in os.getloadavg()]}
    corpus_dir, desc = resolve_corpus(corpus_dir, n=n, seed=seed, families=families, work_dir=work_dir,
                                      timings=timings, log=log)
    data = load_training_corpus(corpus_dir, timings, log)
    if "families=" not in desc:  # name the template families so eval can hold the rest out
        data_fams = sorted({d.family for d in data if d.family})
        if data_fams:
            desc += f" families={','.join(data_fams)}"
    tr, va = _train_val(data, val_family, val_share, seed)
    if val_family:
        desc += f" (family {val_family} held out for validation)"
    dossiers, labels, starts = [d.pages for d in data], [d.labels for d in data], [d.starts for d in data]
    train_set = add_scan_like(pick(dossiers, tr), pick(labels, tr), pick(starts, tr), scan_share, seed)
    val_set = (pick(dossiers, va), pick(labels, va), pick(starts, va)) if va else None
    if scan_share > 0:
        desc += f" + {scan_share:.0%} scan-like copies"

    t = time.perf_counter()
    kwargs = {"epochs": epochs, "max_minutes": max_minutes, "seed": seed, **(model_kwargs or {})}
    model = TransformerPageClassifier(**kwargs)
    model.fit(*train_set, corpus=desc, val=val_set, log=log)
    timings["fit_s"] = round(time.perf_counter() - t, 1)
    metrics: dict = {"seed": seed, "val_family": val_family, "train_dossiers": len(tr), "val_dossiers": len(va),
                     "train_pages": sum(len(d) for d in train_set[0]),
                     "epochs_run": len(model.meta["history"]), "stopped": model.meta["stopped"],
                     "n_parameters": model.meta["n_parameters"]}
    if val_set:
        metrics["validation"] = _validation(model, val_set)
    path = model.save(out_dir, metrics=metrics)
    timings["total_s"] = round(time.perf_counter() - t_start, 1)
    timings["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]  # the machine is shared
    timings["torch_threads"] = int(os.environ.get("JUANPING_TORCH_THREADS", "1"))
    metrics.update(timings=timings, corpus=desc, artifact=str(path), artifact_bytes=path.stat().st_size)
    _update_meta(out_dir, "metrics", {k: v for k, v in metrics.items() if k != "artifact"})
    return metrics


def _train_val(data: list, val_family: str | None, val_share: float, seed: int) -> tuple[list[int], list[int]]:
    """Indexes of the training and validation dossiers: one template family held out, or a
    random val_share of dossiers."""
    if not val_family:
        return split_train_val([d.name for d in data], val_share, seed)
    tr = [i for i, d in enumerate(data) if d.family != val_family]
    va = [i for i, d in enumerate(data) if d.family == val_family]
    if not (tr and va):
        raise ValueError(f"--val-family {val_family}: need dossiers of it and of other families")
    return tr, va


def _validation(model: TransformerPageClassifier, val_set: tuple) -> dict:
    """Page-level metrics on the validation dossiers, with the model's time per page."""
    t = time.perf_counter()
    out = evaluate_pages(model, *val_set)
    out["ms_per_page"] = round((time.perf_counter() - t) * 1000 / max(out["pages"], 1), 2)
    return out


def _update_meta(out_dir: str | Path, key: str, value) -> dict:
    """Set meta[key] in transformer.json; the weights file (and so its sha256) is untouched."""
    meta_path = Path(out_dir) / META_NAME
    doc = json.loads(meta_path.read_text(encoding="utf-8"))
    doc["meta"][key] = value
    meta_path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return doc


def record_held_out(compare_metrics: str | Path, out_dir: str | Path = TRANSFORMER_DIR) -> dict:
    """Copy the numbers of `juanping eval --compare` (its metrics.json) into meta["held_out"].

    Why: the artifact should say how it does on templates it never saw, not
    only on its validation split; refuses numbers measured on other weights.
    """
    d = json.loads(Path(compare_metrics).read_text(encoding="utf-8"))
    sha = json.loads((Path(out_dir) / META_NAME).read_text(encoding="utf-8"))["meta"]["sha256"]
    tf = d["compare"]["transformer"]
    if tf.get("model_version") != sha[:12]:
        raise ValueError(f"{compare_metrics}: measured model {tf.get('model_version')}, artifact is {sha[:12]}")
    entry = {"command": d.get("setup", {}).get("command"), "corpus": d.get("setup", {}).get("corpus"),
             "transformer": tf, "sklearn": d["compare"].get("sklearn")}
    _update_meta(out_dir, "held_out", entry)
    return entry


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m training.transformer",
                                 description="训练 transformer 页面分类模型 (char BERT from scratch)")
    ap.add_argument("--corpus", help="existing corpus dir (NAME.pdf + NAME.truth.json); default: generate")
    ap.add_argument("--n", type=int, default=DEFAULT_N)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--families", default=",".join(DEFAULT_FAMILIES))
    ap.add_argument("--out", default=str(TRANSFORMER_DIR))
    ap.add_argument("--workdir", help="where the generated corpus is kept (reused if present)")
    ap.add_argument("--epochs", type=int, default=DEFAULT_EPOCHS)
    ap.add_argument("--max-minutes", type=float, default=DEFAULT_MAX_MINUTES,
                    help="wall-clock cap on fitting (the learning-rate plan shrinks to fit)")
    ap.add_argument("--val-share", type=float, default=DEFAULT_VAL_SHARE)
    ap.add_argument("--val-family", help="validate on this template family (leave one family out)")
    ap.add_argument("--scan-share", type=float, default=0.2)
    ap.add_argument("--config", default="{}", help="JSON overrides, e.g. '{\"hidden\": 160}'")
    ap.add_argument("--record-eval", metavar="METRICS_JSON",
                    help="only store `juanping eval --compare` results in the artifact's meta (held_out)")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.record_eval:
        print(json.dumps(record_held_out(args.record_eval, args.out), ensure_ascii=False, indent=1))
        return 0
    fams = [f for f in args.families.split(",") if f] if args.families else None
    m = train_transformer(args.corpus, n=args.n, seed=args.seed, families=fams, out_dir=args.out,
                          epochs=args.epochs, max_minutes=args.max_minutes,
                          val_share=args.val_share, val_family=args.val_family, work_dir=args.workdir,
                          scan_share=args.scan_share, model_kwargs=json.loads(args.config))
    val = m.get("validation", {})
    print(json.dumps({"artifact": m["artifact"], "bytes": m["artifact_bytes"],
                      "accuracy": val.get("accuracy"), "macro_f1": val.get("macro_f1"),
                      "boundary_f1": val.get("boundary", {}).get("f1"),
                      "ms_per_page": val.get("ms_per_page"), "epochs_run": m["epochs_run"],
                      "stopped": m["stopped"], "timings": m["timings"]}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
