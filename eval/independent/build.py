"""Build the independent evaluation set: NAME.pdf + NAME.truth.json per dossier."""
from __future__ import annotations

import json
import random
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .dossier import build_dossier, page_specs
from .html import document_html
from .render import Renderer
from .scan import scan_pdf

MIN_PAGES, MAX_PAGES = 15, 60


def _one(renderer: Renderer, out: Path, index: int, seed: int, split: str, scanned: bool) -> dict:
    for attempt in range(20):
        rng = random.Random(f"IND-{split}-{seed}-{index}-{attempt}")
        d = build_dossier(rng)
        if MIN_PAGES <= len(d["phys"]) <= MAX_PAGES:
            break
    c = d["case"]
    stem = f"IND{index:04d}_{c.kind}"
    t = {"file": f"{stem}.pdf", **d["truth"]}
    st = d["style"]
    t["meta"] = {"seed": seed, "index": index, "attempt": attempt, "case_kind": c.kind, "template_family": "IND",
                 "font": st.font, "layout": st.describe(), "scanned": scanned, "source": "independent", "split": split,
                 "appointed_by_notice": c.appointed, "notice_from": c.notice_from, "stage": c.stage,
                 "had_hearing": c.had_hearing, "pleaded_guilty": c.pleaded_guilty, "means_test_exempt": c.means_exempt,
                 "outcome": c.outcome, "file_review": c.file_review,
                 "dates": {k: v.isoformat() for k, v in c.dates.items()},
                 "templates": sorted({p.doc.data.get("source", p.doc.template) for p in d["phys"]})}
    html = document_html(page_specs(rng, d), st, seed=index)
    rotate = {i for i, p in enumerate(d["phys"], 1) if "rotated" in p.flags}
    pdf = out / f"{stem}.pdf"
    if scanned:
        with tempfile.TemporaryDirectory() as tmp:
            digital = Path(tmp) / "digital.pdf"
            renderer.pdf(html, digital, rotate)
            scan_pdf(digital, pdf, random.Random(f"IND-scan-{split}-{seed}-{index}"))
    else:
        renderer.pdf(html, pdf, rotate)
    (out / f"{stem}.truth.json").write_text(json.dumps(t, ensure_ascii=False, indent=1), encoding="utf-8")
    return t


def _work(args: tuple) -> list[str]:
    out, indexes, seed, split, scanned = args
    with Renderer() as r:
        return [_one(r, Path(out), i, seed, split, i in scanned)["file"] for i in indexes]


def scanned_indexes(n: int, seed: int, share: float) -> set[int]:
    """1-based indexes of the dossiers that become image-only scans."""
    return set(random.Random(f"IND-scan-pick-{seed}").sample(range(1, n + 1), round(share * n)))


def build_corpus(out_dir: str | Path, n: int, seed: int, scanned_share: float = 0.25, split: str = "test",
                 workers: int = 2) -> list[Path]:
    """Write n dossiers into out_dir (split 'calib' or 'test'; defaults: calib seed 101 n 30, test seed 202 n 64)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    scanned = scanned_indexes(n, seed, scanned_share)
    workers = max(1, min(workers, n))
    jobs = [(str(out), list(range(1 + k, n + 1, workers)), seed, split, scanned) for k in range(workers)]
    if workers == 1:
        files = _work(jobs[0])
    else:
        with ProcessPoolExecutor(workers) as pool:
            files = [f for part in pool.map(_work, jobs) for f in part]
    return sorted(out / f for f in files)
