"""Independent evaluation set: dossiers made another way than eval/corpus (issue 9).

Real published document wording (data/*.yaml, sources in SOURCES.md), an HTML+CSS
layout rendered by headless Chromium with other fonts, seals in the text layer,
a quarter scanned; truth in the training corpus's format. Never imports eval.corpus.

    build_corpus(out_dir, n, seed, scanned_share=0.25, split="test") -> list[Path]
"""
from __future__ import annotations

from .build import build_corpus

DEFAULT_SETS = {"calib": {"seed": 101, "n": 30}, "test": {"seed": 202, "n": 64}}

__all__ = ["build_corpus", "DEFAULT_SETS"]
