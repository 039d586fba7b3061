"""One call from a PDF path to a finished Review: the composition the CLI,
console and evaluation share (ingest -> page model -> checks -> score)."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from ingest.pages.ocr import default_engine
from ingest.pipeline import load_dossier
from models import default_classifier
from review.engine import review_dossier
from review.findings import Review

FOLLOWUP_MODEL_ENV = "JUANPING_FOLLOWUP_MODEL"


def followup_switch(value: str | None) -> bool | None:
    """An evaluation switch over the checklist's FU-01 ``model.use``: 1/true/on uses the learned
    follow-up models, 0/false/off the rules; anything else (unset) leaves the checklist's choice."""
    v = (value or "").strip().lower()
    if v not in ("0", "1", "true", "false", "on", "off"):
        return None
    return v in ("1", "true", "on")


@lru_cache(maxsize=1)
def use_followup_models() -> bool | None:
    """``JUANPING_FOLLOWUP_MODEL`` as :func:`followup_switch` reads it, read once per process."""
    return followup_switch(os.environ.get(FOLLOWUP_MODEL_ENV))


def review_file(path: Path | str, password: str | None = None, checklist=None, ocr: bool = True) -> Review:
    """Review one dossier file with the bundled model and the default checklist.

    Image-only and garbled pages go through offline OCR (loaded only when such
    a page appears). Raises ingest.errors.DossierError when the file cannot be
    reviewed at all.
    """
    dossier = load_dossier(Path(path), default_classifier(), password=password,
                           ocr=default_engine() if ocr else None)
    return review_dossier(dossier, checklist, use_followup_models=use_followup_models())


def is_edossier(path: Path | str) -> bool:
    """A folder or ``.zip`` holding one case's per-document files (review it with review_edossier)."""
    from ingest.edossier.assemble import is_edossier as _is

    return _is(path)


def review_edossier(path: Path | str, password: str | None = None, checklist=None, ocr: bool = True,
                    keep_bound: Path | None = None) -> Review:
    """Review an e-dossier (a folder or zip of one case's per-document files) as one dossier.

    The files are ordered by name, bound into one PDF in a temporary work folder and reviewed
    like a bound dossier; the Review carries ``sources`` (page -> file, page in file) and
    findings name the source file of their pages. Raises ingest.errors.DossierError when the
    case has nothing reviewable (unsafe or encrypted zip, no usable file). ``keep_bound``: a
    path where the bound PDF is kept (for viewing its pages)."""
    from service.edossier import review_edossier as _review

    return _review(Path(path), password=password, checklist=checklist, ocr=ocr, keep_bound=keep_bound)
