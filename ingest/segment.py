"""Split the ordered pages of a dossier into typed documents.

The page model (models/, passed in; ingest never imports it) scores each
page's type and the chance it starts a document. Boundaries come from the
start score or a confident change of type; pages that carry no content of
their own (blank, duplicate, rotated) never open a document, so a stray page
stays attached to the document around it.
"""
from __future__ import annotations

from typing import Protocol

import numpy as np

from .datamodel import Document, Page
from .pageflags import content_hash, is_blank

START_THRESHOLD = 0.5
TYPE_CHANGE_MARGIN = 0.6  # new argmax type must have at least this prob to open a document


class PageModel(Protocol):
    classes_: list[str]

    def predict_proba(self, pages: list[Page]) -> np.ndarray: ...

    def start_proba(self, pages: list[Page]) -> np.ndarray: ...


def _scores(pages: list[Page], model: PageModel) -> tuple[np.ndarray, np.ndarray]:
    """Type matrix (n x k) and start vector (n) from the page model."""
    probs = np.asarray(model.predict_proba(pages), dtype=float).reshape(len(pages), -1)
    starts = np.asarray(model.start_proba(pages), dtype=float).reshape(len(pages))
    return probs, starts


def _passive(page: Page, seen: set[str]) -> bool:
    """A page that cannot open a document: blank, or a duplicate of an earlier page."""
    if is_blank(page):
        return True
    h = content_hash(page)
    dup = h is not None and h in seen
    if h is not None:
        seen.add(h)
    return dup


def segment(pages: list[Page], model: PageModel) -> list[Document]:
    """Documents covering every page exactly once, in order; stores scores on the pages."""
    if not pages:
        return []
    classes = list(model.classes_)
    probs, starts = _scores(pages, model)
    for pg, row, s in zip(pages, probs, starts):
        pg.type_scores = {c: float(v) for c, v in zip(classes, row)}
        pg.start_score = float(s)

    # boundaries
    seen: set[str] = set()
    groups: list[list[int]] = []  # positions into pages
    boundary_conf: list[float] = []
    cur_type: int | None = None
    for i, pg in enumerate(pages):
        passive = _passive(pg, seen)
        top = int(np.argmax(probs[i]))
        if i == 0:
            groups.append([i])
            boundary_conf.append(1.0)
            cur_type = top
            continue
        if passive:
            groups[-1].append(i)
            continue
        # an upside-down/sideways page opens a document only on a strong start signal
        by_start = starts[i] > (0.8 if pg.rotation % 360 else START_THRESHOLD)
        # a type change needs text to stand on: not for rotated or unreadable (scan) pages
        by_type = not pg.rotation % 360 and pg.readable and top != cur_type and probs[i][top] >= TYPE_CHANGE_MARGIN and (
            cur_type is None or probs[i][cur_type] < 0.3)
        if by_start or by_type:
            groups.append([i])
            # how sure the cut is: the start prob, or the type evidence when that made the cut
            boundary_conf.append(float(max(starts[i], probs[i][top] if by_type else 0.0)))
            cur_type = top
        else:
            groups[-1].append(i)
            # confidence the page continues: 1 - start prob, folded into the group's boundary
            boundary_conf[-1] = min(boundary_conf[-1], 1.0 - float(starts[i]) * 0.5)
            if cur_type is None:
                cur_type = top

    docs: list[Document] = []
    for g, bconf in zip(groups, boundary_conf):
        active = [i for i in g if not is_blank(pages[i])] or g
        mean = probs[active].mean(axis=0)
        k = int(np.argmax(mean))
        first, last = pages[g[0]].index, pages[g[-1]].index
        docs.append(Document(type=classes[k], first_page=first, last_page=last,
                             confidence=float(mean[k]) * bconf, title=pages[g[0]].title))
    return docs
