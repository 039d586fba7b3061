"""What the transformer page model reads: a page as four short text fields plus layout.

``[CLS] title [SEP] first lines [SEP] body sample [SEP] previous page [SEP]``, each field with
its own segment id and character budget (the config keys ``*_chars``), and the layout vectors
of the page and the previous page. Shared by fitting and inference in
models.transformer_classifier, so both cut pages the same way.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

from ingest.datamodel import Page
from models.features import LAYOUT_NAMES, layout_matrix, normalize, page_title, text_lines, title_line

PAD, UNK, CLS, SEP, EMPTY, NONE = 0, 1, 2, 3, 4, 5  # EMPTY: field has no text; NONE: no previous page
N_SPECIAL = 6
N_FIELDS = 4  # title, head, body, previous page
N_LAYOUT = 2 * len(LAYOUT_NAMES) + 1  # page layout, previous page layout, first-page flag


@dataclass(frozen=True)
class PageParts:
    """A page's normalised title and its other text lines (title line removed)."""

    title: str
    lines: tuple[str, ...]


def page_parts(page: Page) -> PageParts:
    """Title (features.page_title) and the remaining lines, so the title is not read twice."""
    title = page_title(page)
    if page.lines:
        tl = title_line(page)
        rest = [ln.text for ln in page.lines if ln is not tl and ln.text.strip()]
    else:
        rest = text_lines(page)[1:]  # page_title fell back to the first line
    return PageParts(title, tuple(normalize(t) for t in rest))


def max_len(cfg: dict) -> int:
    """Sequence length: the field budgets (an empty field is one token) plus [CLS] and the [SEP]s."""
    budgets = (cfg["title_chars"], cfg["head_chars"], cfg["body_chars"], cfg["prev_chars"])
    return 1 + N_FIELDS + sum(max(b, 1) for b in budgets)


def page_fields(parts: PageParts, prev: PageParts | None, cfg: dict,
                rng: random.Random | None = None) -> tuple[str, str, str, str | None]:
    """(title, head, body sample, previous page) texts; rng set = training augmentation.

    Inference takes evenly spaced body lines; training samples them at random
    and drops the page's (and the previous page's) title for a share of pages.
    """
    title = parts.title
    if rng is not None and rng.random() < cfg["aug_title_drop"]:
        title = ""
    k = cfg["head_lines"]
    head = " ".join(parts.lines[:k])
    rest = parts.lines[k:]
    n_pieces = max(1, cfg["body_chars"] // max(cfg["body_piece"], 1))
    if len(rest) <= n_pieces:
        picked = list(rest)
    elif rng is not None:
        picked = [rest[i] for i in sorted(rng.sample(range(len(rest)), n_pieces))]
    else:
        step = (len(rest) - 1) / max(n_pieces - 1, 1)
        picked = [rest[round(i * step)] for i in range(n_pieces)]
    body = " ".join(t[:cfg["body_piece"]] for t in picked)
    if prev is None:
        prev_text = None
    else:
        prev_title = prev.title
        if rng is not None and rng.random() < cfg["aug_prev_title_drop"]:
            prev_title = ""
        prev_text = " ".join(t for t in (prev_title, prev.lines[0] if prev.lines else "") if t)
    return title, head, body, prev_text


def page_layout(pages: list[Page]) -> np.ndarray:
    """Layout of each page, of the previous page (zeros for the first) and a first flag."""
    lay = layout_matrix(pages)
    prev = np.vstack([np.zeros((1, lay.shape[1]), np.float32), lay[:-1]]) if len(lay) else lay
    first = np.zeros((len(lay), 1), np.float32)
    if len(lay):
        first[0] = 1.0
    return np.hstack([lay, prev, first]).astype(np.float32)


def batch_tensors(torch, ids: list[list[int]], types: list[list[int]], layout: np.ndarray, rows: list[int]):
    """Token ids, segment ids and attention mask of pages ``rows``, right-padded to the longest,
    and their layout rows, as torch tensors."""
    L = max(len(ids[r]) for r in rows)
    a = np.zeros((len(rows), L), np.int64)
    b = np.zeros((len(rows), L), np.int64)
    m = np.zeros((len(rows), L), np.int64)
    for k, r in enumerate(rows):
        n = len(ids[r])
        a[k, :n], b[k, :n], m[k, :n] = ids[r], types[r], 1
    return (torch.from_numpy(a), torch.from_numpy(b), torch.from_numpy(m),
            torch.from_numpy(layout[rows]))
