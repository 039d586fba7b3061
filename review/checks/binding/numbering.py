"""Where the dossier's page numbering starts and what number each page should carry."""
from __future__ import annotations

from ingest.datamodel import Dossier, Page
from ingest.pages.pagenumbers import page_of_total
from review.checks.doubt import FRONT_TYPES


def numbering_start(dossier: Dossier) -> int:
    """Physical index of the last front page (cover/toc); numbering starts after it."""
    front = [d.last_page for d in dossier.documents if d.type in FRONT_TYPES]
    return max(front) if front else 0


def positional_numbers(dossier: Dossier) -> dict[int, int]:
    """Page number each page should carry: 1.. after the toc, blank pages skipped."""
    out, n = {}, 0
    for p in dossier.pages[numbering_start(dossier):]:
        if "blank" in p.flags:
            continue
        n += 1
        out[p.index] = n
    return out


def own_pagination(dossier: Dossier, pages: list[Page]) -> dict[int, int]:
    """page -> its document-internal number, for documents whose pages run 第1页共m页 ... 第m页共m页."""
    out: dict[int, int] = {}
    by_doc: dict[int, list[tuple[Page, tuple[int, int]]]] = {}
    doc_at = dossier.documents_by_page()
    for pg in pages:
        doc = doc_at.get(pg.index)
        of = page_of_total(pg)
        if doc is not None and of is not None:
            by_doc.setdefault(doc.first_page, []).append((pg, of))
    for run in by_doc.values():
        numbers = [of[0] for _, of in run]
        if numbers == list(range(1, len(run) + 1)) and all(of[1] == len(run) for _, of in run):
            out.update({pg.index: of[0] for pg, of in run})
    return out
