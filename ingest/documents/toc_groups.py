"""The dossier's own table of contents as evidence of where documents end.

A toc row lists one document with its page range (``提交证据清单 11～13``). The page
model may open a new document on every exhibit copy behind an evidence list, or on
the 授权委托书 page behind a 委托代理协议; when the dossier's toc lists those pages
as one row, they are one document. Only neighbours of the same type are joined, so
types, binding order and missing documents are decided by the pages, never by the
toc; and records of separate occasions (three meeting records a toc groups as
``会见笔录（3份）``) stay separate documents.
"""
from __future__ import annotations

from ingest.datamodel import Document, Page, TocEntry
from ingest.doctypes import occasion_types
from ingest.pages.pagenumbers import physical_pages
from ingest.documents.toc import parse_toc


def row_spans(entries: list[TocEntry], physical: dict[int, int]) -> list[tuple[int, int]]:
    """(first, last physical page) of every multi-page row whose both ends are printed on the
    pages, as far apart as the row says. The row's title is not asked: titles overlap between
    types (a 证据目录 heads evidence or an investigation file), and only same-type pages join."""
    spans = []
    for e in entries:
        if e.first is None or e.last is None or e.last <= e.first:
            continue
        a, b = physical.get(e.first), physical.get(e.last)
        if a is not None and b is not None and b - a == e.last - e.first:
            spans.append((a, b))
    return spans


def _one_row(a: Document, b: Document, spans: list[tuple[int, int]]) -> bool:
    return any(lo <= a.first_page and b.last_page <= hi for lo, hi in spans)


def group_by_toc(pages: list[Page], documents: list[Document]) -> list[Document]:
    """Join neighbouring documents of one (non-occasion) type that one toc row lists as one."""
    toc_pages = [pg for d in documents if d.type == "toc" for pg in pages[d.first_page - 1:d.last_page]]
    spans = row_spans(parse_toc(toc_pages), physical_pages(pages)) if toc_pages else []
    if not spans:
        return documents
    occasions = occasion_types()
    out: list[Document] = []
    for doc in documents:
        prev = out[-1] if out else None
        if prev is not None and prev.type == doc.type and doc.type not in occasions and _one_row(prev, doc, spans):
            out[-1] = Document(prev.type, prev.first_page, doc.last_page, min(prev.confidence, doc.confidence), prev.title)
        else:
            out.append(doc)
    return out
