"""Training data shared by both page-model trainers (training.pages, training.transformer).

The corpus defaults, where the corpus comes from (given, or generated once under a work dir
and reused), the dossier-level train/validation split, and the scan-like copies that teach
a model what OCR'd pages look like. The corpus generator and reader come from eval/ lazily:
importing this module stays cheap.
"""
from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path
from typing import Sequence, TypeVar

from ingest.datamodel import Line, Page

DEFAULT_N = 300
DEFAULT_SEED = 1
DEFAULT_FAMILIES = ("A", "B", "C")

T = TypeVar("T")


def resolve_corpus(corpus_dir, *, n: int, seed: int, families, work_dir, timings: dict,
                   log=print) -> tuple[Path, str]:
    """The training corpus folder and its description: the given one, or one generated
    under work_dir (and reused when it already holds dossiers: the same folder for every model)."""
    from eval.dataset import available_families, generate_corpus
    if corpus_dir is not None:
        return Path(corpus_dir), f"corpus {Path(corpus_dir).name}"
    fams = list(families) if families else None
    offered = available_families()
    if fams and offered:
        fams = [f for f in fams if f in offered] or None
    corpus_dir = Path(work_dir or tempfile.mkdtemp(prefix="juanping-train-")) / \
        f"corpus_n{n}_s{seed}_{''.join(fams or ['all'])}"
    if not any(Path(corpus_dir).glob("*.truth.json")):
        log(f"generating {n} dossiers (seed {seed}, families {fams or 'all'}) -> {corpus_dir}")
        t = time.perf_counter()
        generate_corpus(corpus_dir, n=n, seed=seed, families=fams)
        timings["generate_s"] = round(time.perf_counter() - t, 1)
    return corpus_dir, f"generated n={n} seed={seed} families={','.join(fams or ['all'])}"


def load_training_corpus(corpus_dir: str | Path, timings: dict, log=print) -> list:
    """The corpus's labelled dossiers (eval.dataset.load_corpus), timed into timings["extract_s"];
    an empty folder is an error."""
    from eval.dataset import load_corpus
    t = time.perf_counter()
    data = load_corpus(corpus_dir)
    if not data:
        raise FileNotFoundError(f"no NAME.pdf + NAME.truth.json pairs in {corpus_dir}")
    timings["extract_s"] = round(time.perf_counter() - t, 1)
    log(f"extracted {sum(len(d.pages) for d in data)} pages from {len(data)} dossiers "
        f"in {timings['extract_s']} s")
    return data


def split_train_val(names: list[str], val_share: float, seed: int) -> tuple[list[int], list[int]]:
    """Dossier-level train/validation split (pages of a dossier stay together)."""
    idx = list(range(len(names)))
    random.Random(seed).shuffle(idx)
    n_val = int(round(len(idx) * val_share)) if len(idx) > 2 else 0
    return sorted(idx[n_val:]), sorted(idx[:n_val])


def pick(seq: Sequence[T], ids: list[int]) -> list[T]:
    """The items of seq at ids (one side of a split)."""
    return [seq[i] for i in ids]


def scan_like(pages: list[Page], rng: random.Random, drop: float = 0.05) -> list[Page]:
    """A copy of a dossier as OCR would return it: no font sizes, some characters lost.

    Why: generated PDFs always carry a text layer with font sizes, while
    scanned dossiers come through OCR (Line.size == 0, imperfect text);
    training on such copies keeps the model from leaning on sizes alone.
    """
    out = []
    for p in pages:
        keep = lambda t: "".join(ch for ch in t if ch == "\n" or rng.random() >= drop)  # noqa: E731
        lines = [Line(keep(ln.text), ln.x0, ln.top, ln.x1, ln.bottom, 0.0) for ln in p.lines]
        out.append(Page(index=p.index, width=p.width, height=p.height,
                        text="\n".join(ln.text for ln in lines) if lines else keep(p.text),
                        lines=lines, rotation=p.rotation, image_only=p.image_only,
                        text_source="ocr"))
    return out


def add_scan_like(dossiers, labels, starts, share: float, seed: int):
    """Append scan-like copies of a share of the dossiers (see scan_like)."""
    if share <= 0 or not dossiers:
        return dossiers, labels, starts
    rng = random.Random(seed)
    picks = sorted(rng.sample(range(len(dossiers)), max(1, int(len(dossiers) * share))))
    return (dossiers + [scan_like(dossiers[i], rng) for i in picks],
            labels + [labels[i] for i in picks], starts + [starts[i] for i in picks])
