"""Headings that name a document's type, read independently of the page model.

A law firm's 结案登记表 or 承办情况报告 serves as the closing report, a 辩护意见
as the defence opinion: a heading the model has not seen must not make a
document "missing", and a document whose first page has no heading of its
type is typed only by the model (fragile evidence for an order error).
"""
from __future__ import annotations

from functools import lru_cache

from ingest.datamodel import Document, Dossier, Page
from ingest.doctypes import type_codes
from ingest.pages.titles import page_heading, title_cues

# pages of these types list or name other documents: their lines are no headings
LISTING_TYPES = ("toc", "cover", "backup_sheet", "reminder_letter", "rectification_reply")


def headed_pages(dossier: Dossier, types: list[str]) -> list[tuple[int, str, str]]:
    """(page, heading, type) for pages headed as one of ``types``, whatever the model typed them."""
    out = []
    doc_at = dossier.documents_by_page()
    for page in dossier.pages:
        doc = doc_at.get(page.index)
        strict = False
        if doc is not None and doc.type in LISTING_TYPES:
            # a page typed as a toc may be the next document (typed or joined wrongly): only a
            # digit-free first line (no toc row) counts as its heading there
            strict = True
        hit = page_heading(page, types, first_only=strict)
        if hit:
            out.append((page.index, *hit))
    return out


def named_type(page: Page) -> str | None:
    """The type the page's heading names (first heading line that names any type)."""
    hit = page_heading(page, [t for t in type_codes() if t != "other"])
    return hit[1] if hit else None


def heading_contradicts(dossier: Dossier, doc: Document) -> str | None:
    """The other type that ``doc``'s first-page heading names, when it names one: the heading is
    read evidence, the document's type may be only the page model's; a document headed
    征询意见表 is no closing report, whatever the model said."""
    page = dossier.page(doc.first_page)
    if page_heading(page, [doc.type]) is not None:  # a heading names its own type too
        return None
    named = named_type(page)
    return named if named not in (None, doc.type) else None


def documents_headed_as(dossier: Dossier, *types: str) -> list[Document]:
    """Documents of ``types`` whose own heading does not name another type (read beats model)."""
    return [d for d in dossier.documents_of(*types) if not heading_contradicts(dossier, d)]


def named_types(text: str) -> set[str]:
    """Every type a text names by a cue or title (a toc row naming two is two rows run together)."""
    return {t for _, _, t in _named_titles(text)}


def titles_named(text: str) -> int:
    """How many titles a text names, apart (会见笔录会见笔录 is two: two toc rows run together)."""
    return len(_named_titles(text))


@lru_cache(maxsize=4096)
def _named_titles(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, type) of each title a text names, longest first, none inside another.
    Cached: toc rows use a small vocabulary of titles, each tried against ~200 patterns."""
    spans = sorted(((m.start(), m.end(), t) for t, pats in title_cues().items() for rx in pats
                    for m in rx.finditer(text) if m.end() > m.start()), key=lambda x: x[0] - x[1])
    kept: list[tuple[int, int, str]] = []
    for a, b, t in spans:  # longest first; a shorter cue inside a longer one (审查表 in 结案审查表) is not another
        if all(b <= x or a >= y for x, y, _ in kept):
            kept.append((a, b, t))
    return tuple(kept)
