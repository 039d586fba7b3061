"""Page -> model inputs: normalised text fields and a small layout vector.

Why these inputs: a document's first page is recognised by its title (the
largest line near the top), continuation pages by their body wording and by
what the neighbouring pages say. Digits are mapped to one class character so
case numbers, dates and page numbers do not get memorised as vocabulary.
Neighbour context uses only the neighbours' *text*, never their labels, so the
same features are computable at inference time.
"""
from __future__ import annotations

import re
import statistics
from bisect import bisect_right
from dataclasses import dataclass

import numpy as np

from ingest.datamodel import Line, Page

try:  # the same margin-number reader the pipeline uses, so train == inference
    from ingest.pages.pagenumbers import printed_number as _printed_number
except ImportError:  # pragma: no cover - before ingest/pages/pagenumbers.py existed
    def _printed_number(page: Page) -> int | None:
        return page.printed_number

HEAD_LINES = 6  # lines that make up the "head" field
TAIL_LINES = 3  # last lines used for end-of-document cues
BODY_CHARS = 1500  # body text cap: keeps vectorising fast and bounded

_DIGITS = re.compile(r"[0-9０-９]")
_SPACE = re.compile(r"\s+")
_QA = re.compile(r"^\s*[问答問][:：\s]")
_DATE = re.compile(r"(\d{4}|[〇零一二三四五六七八九○Ｏ]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月"
                   r"(\s*[\d一二三四五六七八九十]{1,3}\s*日)?|\d{4}[./-]\d{1,2}[./-]\d{1,2}|年\s+月\s+日")
_SIGN = re.compile(r"签名|签字|签章|盖章|[（(]\s*章\s*[)）]|捺印|印章|[（(]\s*公章\s*[)）]")


def normalize(text: str) -> str:
    """Collapse whitespace and map every digit to '0' (dates/case numbers vary)."""
    return _SPACE.sub(" ", _DIGITS.sub("0", text or "")).strip()


def text_lines(page: Page) -> list[str]:
    """Visual lines if the extractor gave them, else the text split on newlines."""
    if page.lines:
        return [ln.text.strip() for ln in page.lines if ln.text.strip()]
    return [t.strip() for t in (page.text or "").splitlines() if t.strip()]


def head_text(page: Page, k: int = HEAD_LINES) -> str:
    return _head(text_lines(page), k)


def tail_text(page: Page, k: int = TAIL_LINES) -> str:
    return _tail(text_lines(page), k)


def _head(texts: list[str], k: int = HEAD_LINES) -> str:
    """head_text from the page's text_lines (read once per page: page_fields needs three cuts)."""
    return normalize(" ".join(texts[:k]))


def _tail(texts: list[str], k: int = TAIL_LINES) -> str:
    return normalize(" ".join(texts[-k:]))


_CJK = re.compile(r"[\u4e00-\u9fff]")


def title_line(page: Page) -> Line | None:
    """Largest-font line in the upper part that reads like a title, or None.

    Like Page.title, but a line needs at least 3 CJK characters: seal
    (公章) glyphs such as "★ 院" are set larger than any heading and would
    otherwise win.
    """
    upper = [ln for ln in page.lines if ln.top < page.height * 0.45 and ln.text.strip()]
    wordy = [ln for ln in upper if len(_CJK.findall(ln.text)) >= 3]
    if not (wordy or upper):
        return None
    return max(wordy or upper, key=lambda ln: (round(ln.size, 1), -ln.top))


def page_title(page: Page) -> str:
    """Title text (title_line), falling back to the first text line without layout."""
    tl = title_line(page)
    title = tl.text.strip() if tl is not None else ""
    if not title:
        lines = text_lines(page)
        title = lines[0] if lines else ""
    return normalize(title)[:40]


# --- layout vector --------------------------------------------------------

LENGTH_BINS = (1, 20, 100, 300, 800)  # text length bucket edges (chars)
LAYOUT_NAMES = (
    ["title_rel_size", "title_larger", "title_top", "title_centered", "title_len",
     "n_lines", "qa_share", "table_share", "printed_number", "unreadable",
     "rotated", "fill", "tail_date", "tail_sign", "head_qa", "short_lines"]
    + [f"len_bin_{i}" for i in range(len(LENGTH_BINS) + 1)]
)


def _median_size(lines: list[Line]) -> float:
    sizes = [ln.size for ln in lines if ln.size > 0]
    return statistics.median(sizes) if sizes else 0.0  # = np.median, without its ~15 us of overhead


def _table_share(lines: list[Line]) -> float:
    """Share of lines that sit on the same row as another line (table cells)."""
    if len(lines) < 2:
        return 0.0
    rows: dict[int, int] = {}
    for ln in lines:
        rows[round(ln.top / 3)] = rows.get(round(ln.top / 3), 0) + 1
    multi = sum(n for n in rows.values() if n > 1)
    return multi / len(lines)


def _has_number(page: Page) -> bool:
    """Printed page number read from the margins (not Page.printed_number, which
    only the pipeline fills in: training pages come straight from extraction)."""
    try:
        return _printed_number(page) is not None
    except Exception:  # a reader bug must not stop classification
        return page.printed_number is not None


def layout_vector(page: Page) -> np.ndarray:
    """Fixed-length float vector of layout cues, roughly scaled to [0, 1]."""
    lines = [ln for ln in page.lines if ln.text.strip()]
    texts = text_lines(page)
    n = len(texts)
    body = _median_size(lines)
    tl = title_line(page)
    if tl is not None and body > 0 and tl.size > 0:
        rel = min(max(tl.size / body, 0.5), 3.0)
    else:
        rel = 1.0
    title_top = tl.top / page.height if tl is not None and page.height else 0.5
    if tl is not None and page.width:
        centre = (tl.x0 + tl.x1) / 2
        centered = 1.0 - min(abs(centre - page.width / 2) / (page.width / 2), 1.0)
    else:
        centered = 0.0
    fill = max((ln.bottom for ln in lines), default=0.0) / page.height if page.height else 0.0
    chars = len(normalize(page.text).replace(" ", ""))
    tail = " ".join(texts[-TAIL_LINES:])
    vec = [
        (rel - 1.0) / 2.0,
        float(rel > 1.15),
        min(title_top, 1.0),
        centered,
        min(len(tl.text.strip()) / 30.0, 1.0) if tl is not None else 0.0,
        min(np.log1p(n) / np.log(80), 1.5),
        sum(bool(_QA.match(t)) for t in texts) / n if n else 0.0,
        _table_share(lines),
        float(_has_number(page)),
        float(not page.readable),
        float(page.rotation != 0),
        min(fill, 1.0),
        float(bool(_DATE.search(tail))),
        float(bool(_SIGN.search(tail))),
        float(any(_QA.match(t) for t in texts[:3])),
        sum(len(t) <= 12 for t in texts) / n if n else 0.0,
    ]
    bins = [0.0] * (len(LENGTH_BINS) + 1)
    bins[bisect_right(LENGTH_BINS, chars)] = 1.0
    return np.asarray(vec + bins, dtype=np.float32)


# --- per-page text fields with neighbour context --------------------------

@dataclass
class PageFields:
    """Text fields of one page in its dossier context (inputs to the vectorisers)."""

    title: str
    head: str
    body: str
    prev: str  # previous page: title + head + tail
    next: str  # next page: title + head


def _context(parts: tuple[str, str, str] | None, with_tail: bool) -> str:
    """A neighbour's context from its (title, head of 3 lines, tail): see _context_parts."""
    if parts is None:
        return "<none>"
    title, head, tail = parts
    return " | ".join(p for p in ([title, head, tail] if with_tail else [title, head]) if p) or "<empty>"


def _context_parts(page: Page, texts: list[str]) -> tuple[str, str, str]:
    """(page_title, head_text of 3 lines, tail_text): read once per page, used by both neighbours."""
    return page_title(page), _head(texts, 3), _tail(texts)


def page_fields(pages: list[Page]) -> list[PageFields]:
    """Fields for every page of one dossier, in order (neighbours matter)."""
    texts = [text_lines(page) for page in pages]
    parts = [_context_parts(page, t) for page, t in zip(pages, texts)]
    out = []
    for i, page in enumerate(pages):
        out.append(PageFields(
            title=parts[i][0] or "<empty>",
            head=_head(texts[i]) or "<empty>",
            body=normalize(page.text)[:BODY_CHARS] or "<empty>",
            prev=_context(parts[i - 1] if i > 0 else None, with_tail=True),
            next=_context(parts[i + 1] if i + 1 < len(pages) else None, with_tail=False),
        ))
    return out


def layout_matrix(pages: list[Page]) -> np.ndarray:
    """Layout vectors of all pages stacked (n_pages x len(LAYOUT_NAMES))."""
    if not pages:
        return np.zeros((0, len(LAYOUT_NAMES)), dtype=np.float32)
    return np.vstack([layout_vector(p) for p in pages])


def split_dossiers(pages: list[Page]) -> list[list[Page]]:
    """Split a flat page list into dossiers where the page index restarts.

    Why: callers may pass several dossiers' pages in one list; neighbour
    context must not leak across dossier boundaries.
    """
    groups: list[list[Page]] = []
    last = None
    for page in pages:
        if last is None or page.index <= last:
            groups.append([])
        groups[-1].append(page)
        last = page.index
    return groups
