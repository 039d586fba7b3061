"""`python -m eval.corpus --out DIR --n N --seed S [--families A,B] [--defect-rate R] [--no-pdf] [--scanned-share F]`."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .generate import generate_corpus


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="juanping corpus", description="Generate synthetic legal-aid dossiers with ground truth")
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--families", default="", help="template families to use, e.g. A,B,C (default all)")
    ap.add_argument("--defect-rate", type=float, default=0.7)
    ap.add_argument("--no-pdf", action="store_true", help="write truth JSON only")
    ap.add_argument("--scanned-share", type=float, default=0.0,
                    help="share of dossiers written as image-only scans (0-1, default 0: all digital)")
    a = ap.parse_args(argv)
    fams = [f.strip().upper() for f in a.families.split(",") if f.strip()] or None
    t = time.perf_counter()
    paths = generate_corpus(a.out, a.n, a.seed, families=fams, defect_rate=a.defect_rate, render=not a.no_pdf,
                            scanned_share=a.scanned_share)
    dt = time.perf_counter() - t
    print(f"wrote {len(paths)} dossiers to {a.out} in {dt:.1f}s ({dt / max(1, len(paths)):.2f}s each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
