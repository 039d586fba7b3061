"""Which documents come after a source document: where the FU checks look for an answer.

"Later" means after the source document in page order, or (so that a misbound
document does not create a false follow-up failure) of a type the binding
order puts after the source's type.
"""
from __future__ import annotations

from ingest.datamodel import Document, Dossier
from review.checks.text import flat, unreadable_pages
from review.context import CheckContext


def is_later(ctx: CheckContext, source: Document, other: Document) -> bool:
    """``other`` comes after ``source`` in the case: page order, or binding rank for another type."""
    if other is source:
        return False
    ds, do = ctx.date_of(source), ctx.date_of(other)
    if other.type == source.type and ds and do and ds != do:
        return do > ds  # several records of one type: their dates tell the order, not the binding
    if other.first_page > source.last_page:
        return True
    order = ctx.binding_order
    if order is None or other.type == source.type:
        return False
    rs, ro = order.rank_of(source.type), order.rank_of(other.type)
    return rs is not None and ro is not None and ro > rs


def flat_texts(dossier: Dossier) -> dict[int, str]:
    """id(document) -> its text without whitespace, made once per check: every source document
    is compared with the same later documents."""
    return {id(d): flat(dossier.text_of(d)) for d in dossier.documents}


def later_texts(dossier: Dossier, ctx: CheckContext, source: Document, exclude_types: set[str],
                texts: dict[int, str], exclude_docs: tuple[Document, ...] = ()) -> list[tuple[Document, str]]:
    """(document, flat text) of the documents after ``source`` (``texts``: flat_texts)."""
    return [(d, texts[id(d)]) for d in dossier.documents
            if d.type not in exclude_types and d not in exclude_docs and is_later(ctx, source, d)]


def after_in_same(dossier: Dossier, doc: Document, page: int) -> list[tuple[Document, str]]:
    """The source document's pages after the request's page: two meetings the segmentation joined
    into one record, the later meeting answering the earlier one's request."""
    rest = [i for i in doc.pages if i > page]
    return [(doc, flat("\n".join(dossier.page(i).text for i in rest)))] if rest else []


def unreadable_in(dossier: Dossier, docs: list[Document]) -> list[int]:
    """Unreadable pages of ``docs``: what they say may be the missing answer."""
    bad = set(unreadable_pages(dossier))
    return sorted(i for d in docs for i in d.pages if i in bad)
