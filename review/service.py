"""One call from a PDF path to a finished Review: the composition the CLI,
console and evaluation share (ingest -> page model -> checks -> score)."""
from __future__ import annotations

from pathlib import Path

from ingest.ocr import default_engine
from ingest.pipeline import load_dossier
from models import default_classifier
from review.engine import review_dossier
from review.findings import Review


def review_file(path: Path | str, password: str | None = None, checklist=None, ocr: bool = True) -> Review:
    """Review one dossier file with the bundled model and the default checklist.

    Image-only and garbled pages go through offline OCR (loaded only when such
    a page appears). Raises ingest.errors.DossierError when the file cannot be
    reviewed at all.
    """
    dossier = load_dossier(Path(path), default_classifier(), password=password,
                           ocr=default_engine() if ocr else None)
    return review_dossier(dossier, checklist)
