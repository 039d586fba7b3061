"""Synthetic labelled corpus of legal-aid dossiers (PDF + ground truth) for training and evaluation.

Public API:
    generate_corpus(out_dir, n, seed, *, families=None, defect_rate=0.7, render=True, scanned_share=0.0) -> list[Path]
    scan_pdf(src_pdf, dst_pdf, rng, *, rotate_pages=set()) image-only "scanned" copy of a PDF
    generate_dossier(rng, out_dir=None, *, index=1, ...) -> truth dict
    plan_corpus(n, seed, ...) -> list of truth dicts, nothing written (fast)
    CHECKLIST_ITEMS, FAMILIES, CASE_KINDS
"""
from __future__ import annotations

from .checklist import CASE_KINDS, CHECKLIST_ITEMS, FAMILIES
from .generate import PlannedDossier, generate_corpus, generate_dossier, plan_corpus, plan_dossier, plan_dossiers
from .scan import scan_pdf

__all__ = ["generate_corpus", "generate_dossier", "plan_corpus", "plan_dossier", "plan_dossiers", "PlannedDossier", "scan_pdf", "CHECKLIST_ITEMS", "FAMILIES", "CASE_KINDS"]
