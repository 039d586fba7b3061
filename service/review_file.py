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


def is_edossier(path: Path | str) -> bool:
    """A folder or ``.zip`` holding one case's per-document files (review it with review_edossier)."""
    from ingest.edossier import is_edossier as _is

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
