"""Corpus I/O: generated dossiers (NAME.pdf + NAME.truth.json) -> labelled page lists.

Kept free of Dossier/segmentation so training and page-level evaluation need
only text extraction. Generation goes through eval.corpus when it exists.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ingest.datamodel import Page



@dataclass
class LabelledDossier:
    """One corpus dossier: its pages and the per-page truth."""

    name: str
    pdf: Path
    truth: dict
    pages: list[Page]
    labels: list[str]
    starts: list[bool]
    family: str = ""
    extract_seconds: float = 0.0
    extra: dict = field(default_factory=dict)


def corpus_pairs(corpus_dir: str | Path) -> list[tuple[Path, Path]]:
    """(pdf, truth) pairs in name order; PDFs without a truth file are skipped."""
    out = []
    for pdf in sorted(Path(corpus_dir).glob("*.pdf")):
        truth = pdf.with_name(pdf.stem + ".truth.json")
        if truth.exists():
            out.append((pdf, truth))
    return out


def truth_labels(truth: dict) -> tuple[list[str], list[bool]]:
    """Per-page types and start flags from page_labels (or from documents)."""
    n = int(truth.get("pages") or 0)
    labels = truth.get("page_labels") or []
    if labels:
        rows = sorted(labels, key=lambda r: r["page"])
        return [r["type"] for r in rows], [bool(r.get("start")) for r in rows]
    types, starts = ["other"] * n, [False] * n
    for doc in truth.get("documents", []):
        for p in range(doc["first_page"], doc["last_page"] + 1):
            if 1 <= p <= n:
                types[p - 1] = doc["type"]
        if 1 <= doc["first_page"] <= n:
            starts[doc["first_page"] - 1] = True
    return types, starts


def extract_pages(path: str | Path) -> list[Page]:
    """ingest.pages.pdf.extract_pages; a plain pypdfium2 reader only if ingest is absent."""
    try:
        from ingest.pages.pdf import extract_pages as _extract
    except ImportError:
        return _pdfium_fallback(Path(path))
    return _extract(path)


def _pdfium_fallback(path: Path) -> list[Page]:
    """Text only (no layout): used before ingest/pages/pdf.py existed."""
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(path))
    pages = []
    for i in range(len(pdf)):
        pg = pdf[i]
        text = pg.get_textpage().get_text_bounded()
        w, h = pg.get_size()
        pages.append(Page(index=i + 1, width=w, height=h, text=text, text_source="pdfium"))
    pdf.close()
    return pages


def load_dossier_labels(pdf: Path, truth_path: Path) -> LabelledDossier:
    import time
    truth = json.loads(Path(truth_path).read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    pages = extract_pages(pdf)
    secs = time.perf_counter() - t0
    labels, starts = truth_labels(truth)
    if len(labels) != len(pages):  # truth and PDF disagree: trust the PDF length
        labels = (labels + ["other"] * len(pages))[:len(pages)]
        starts = (starts + [False] * len(pages))[:len(pages)]
    return LabelledDossier(name=pdf.stem, pdf=pdf, truth=truth, pages=pages, labels=labels,
                           starts=starts, family=str(truth.get("meta", {}).get("template_family", "")),
                           extract_seconds=secs)


def load_corpus(corpus_dir: str | Path, limit: int | None = None) -> list[LabelledDossier]:
    """Every labelled dossier in a corpus directory (extracting text)."""
    pairs = corpus_pairs(corpus_dir)[:limit]
    return [load_dossier_labels(pdf, truth) for pdf, truth in pairs]


def _gen_range(args: tuple) -> int:
    """Worker: dossiers lo..hi-1 exactly as eval.corpus.generate_corpus would write them."""
    import random
    from eval.corpus import generate_dossier
    out, lo, hi, seed, families, scanned = args
    for i in range(lo, hi):
        scan_rng = random.Random(f"{seed}-{i}-scan") if i in scanned else None
        generate_dossier(random.Random(f"{seed}-{i}"), Path(out), index=i, seed=seed, families=families,
                         scan_rng=scan_rng)
    return hi - lo


def generate_corpus(out: str | Path, n: int, seed: int, families: list[str] | None = None,
                    workers: int = 2, scanned_share: float = 0.0) -> Path:
    """Generate a corpus with eval.corpus, split over `workers` processes.

    Same files as `juanping corpus` (each dossier is seeded by (seed, index),
    scans by (seed, index, 'scan')); only manifest.json is not written.
    """
    from concurrent.futures import ProcessPoolExecutor

    from eval.corpus.generate import scanned_indexes

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    scanned = scanned_indexes(n, seed, scanned_share)
    workers = max(1, min(workers, n))
    bounds = [1 + round(k * n / workers) for k in range(workers + 1)]
    jobs = [(str(out), bounds[k], bounds[k + 1], seed, families, scanned) for k in range(workers)]
    if workers == 1:
        _gen_range(jobs[0])
    else:
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_gen_range, jobs))
    return out


def available_families() -> list[str]:
    """Template families the generator offers."""
    from eval.corpus import FAMILIES

    return list(FAMILIES)