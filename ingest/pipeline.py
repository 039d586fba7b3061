"""load_dossier: PDF file -> Dossier with pages, documents, flags and facts.

Each stage runs per page where it can, and a failure of one stage on one
page is recorded as a ProcessingError, so a reviewer still gets a report
for the rest of the file. Only whole-file problems raise (DossierError).
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ingest.aidtext import text_evidence
from ingest.datamodel import CaseFacts, Document, Dossier, Page, ProcessingError
from ingest.facts.extract import extract_facts
from ingest.hashing import file_sha256
from ingest.pages.pageflags import flag_pages
from ingest.pages.pagenumbers import read_printed_number, repair_numbers
from ingest.pages.pdf import extract_pages
from ingest.pages.picture import add_pictures
from ingest.documents.segment import segment
from ingest.documents.sequence_prior import default_prior
from ingest.pages.textnorm import clean_page
from ingest.documents.toc import is_toc_page

# (pdf path, 1-based page index) -> Page with text_source="ocr"; called with password=... for
# encrypted files (ingest.pages.ocr.OcrEngine has this signature)
OcrHook = Callable[..., Page]
EXEMPT_TYPES = ("cover", "toc")
OCR_PROBE_PAGES = 3  # pages OCR'd before a file whose text names no legal aid stops being OCR'd


def apply_ocr(path: Path, pages: list[Page], ocr: OcrHook, errors: list[ProcessingError],
              password: str | None = None, probe: int | None = OCR_PROBE_PAGES) -> None:
    """Replace image-only / garbled pages with the OCR hook's result (flags and rotation kept).

    After the first ``probe`` pages OCR'd, a file whose text so far shows it is not a
    legal-aid dossier (ingest.aidtext: text, and not one legal-aid word) is not OCR'd further:
    a 100-page scanned book must not cost minutes to be called not a dossier. A file whose
    text layer, on most of its pages, is in another language and names no legal aid is not
    OCR'd at all (a Chinese dossier's digital pages are Chinese). ``probe=None``: OCR every page."""
    before = text_evidence(pages)
    if probe is not None and before.unrelated and before.foreign and 2 * before.readable >= before.pages:
        probe = 0  # most pages already read, in another language, naming no legal aid: no OCR at all
    done = 0
    for i, pg in enumerate(pages):
        if not (pg.image_only or pg.garbled or pg.text_source == "none"):
            continue
        if probe is not None and done == probe and text_evidence(pages).unrelated:
            rest = sum(1 for p in pages[i:] if p.image_only or p.garbled or p.text_source == "none")
            errors.append(ProcessingError("ocr", f"{rest} pages not OCR'd: the text read so far names no legal "
                                                 f"aid (not a legal-aid dossier)", pg.index))
            return
        done += 1
        try:
            # an encrypted file needs its password to render; hooks without the keyword get (path, index)
            new = ocr(path, pg.index, password=password) if password is not None else ocr(path, pg.index)
        except Exception as exc:  # noqa: BLE001 - OCR failure leaves the page unreadable
            errors.append(ProcessingError("ocr", f"{type(exc).__name__}: {exc}", pg.index))
            continue
        if new is None:
            continue
        clean_page(new)  # OCR text (cached pages too) goes through the same normalisation
        new.index = pg.index
        new.image_only = pg.image_only  # still a scan: the flag records where text came from
        if not new.text_source or new.text_source == "pdf":
            new.text_source = "ocr"
        if not new.rotation:
            new.rotation = pg.rotation
        pages[i] = new


def load_dossier(path: str | Path, model, password: str | None = None,
                 ocr: OcrHook | None = None) -> Dossier:
    """Read, segment and analyse one dossier PDF.

    `model` follows segment.PageModel (classes_, predict_proba, start_proba);
    `ocr`, when given, is called for image-only or garbled pages.
    """
    path = Path(path)
    pages = extract_pages(path, password=password)  # raises DossierError for whole-file problems
    dossier = Dossier(path=path, pages=pages, sha256=file_sha256(path))
    errors = dossier.errors
    if ocr is not None:
        apply_ocr(path, pages, ocr, errors, password)
        try:
            add_pictures(path, pages, password)
        except Exception as exc:  # noqa: BLE001 - a page bound twice may go unseen, nothing else
            errors.append(ProcessingError("picture", f"{type(exc).__name__}: {exc}"))

    for pg in pages:
        try:
            pg.printed_number, pg.number_conf = read_printed_number(pg)
        except Exception as exc:  # noqa: BLE001
            errors.append(ProcessingError("pagenumbers", f"{type(exc).__name__}: {exc}", pg.index))
    repair_numbers(pages)

    try:
        dossier.documents = segment(pages, model, default_prior(tuple(model.classes_))) if model is not None else [
            Document("other", 1, len(pages), 0.0)]
    except Exception as exc:  # noqa: BLE001 - keep going with one unknown document
        errors.append(ProcessingError("segment", f"{type(exc).__name__}: {exc}"))
        dossier.documents = [Document("other", 1, len(pages), 0.0)]

    exempt = {i for d in dossier.documents_of(*EXEMPT_TYPES) for i in d.pages}
    front = [i for i in exempt if i <= 6]
    if not front:  # no classifier verdict: fall back to the toc heading
        front = [p.index for p in pages[:5] if is_toc_page(p)]
    # every page up to the last cover/toc page near the front is unnumbered by rule
    first_numbered = max(front) + 1 if front else 1
    exempt |= set(range(1, first_numbered))
    try:
        flag_pages(pages, exempt=exempt, first_numbered=first_numbered)
    except Exception as exc:  # noqa: BLE001
        errors.append(ProcessingError("pageflags", f"{type(exc).__name__}: {exc}"))

    try:
        dossier.facts = extract_facts(dossier)
    except Exception as exc:  # noqa: BLE001
        errors.append(ProcessingError("facts", f"{type(exc).__name__}: {exc}"))
        dossier.facts = CaseFacts()
    return dossier
