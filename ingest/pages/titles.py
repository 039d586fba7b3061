"""Document titles as read evidence: which type a page's heading names.

The page model types a page from all of its text; a title printed at the top
of a page is separate, read evidence of the same thing. The segmenter uses it
to lift the named type (a 质量征询意见表 the model has not seen) and the review
uses it before calling a document missing or misplaced. The vocabulary is
data (ingest/data/title_cues.yaml) plus the published example titles of each
type (ingest/data/doctypes).
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice
from pathlib import Path

import yaml

from ingest.datamodel import Page
from ingest.doctypes import example_titles, type_codes

TITLE_CUES = Path(__file__).resolve().parents[1] / "data" / "title_cues.yaml"
HEADING_LINES = 3      # a heading is among the first lines of a page
HEADING_MAX_CHARS = 18  # longer lines are prose, not headings
_SPACES = re.compile(r"[\s\u3000]")


@lru_cache(maxsize=1)
def title_cues() -> dict[str, list[re.Pattern]]:
    """type -> heading patterns (ingest/data/title_cues.yaml and the types' example titles)."""
    data = yaml.safe_load(TITLE_CUES.read_text(encoding="utf-8")) or {}
    # the published example titles of each type count too, as whole headings (举证目录 is no 目录)
    return {t: [re.compile(p) for p in data.get(t, [])] + [re.compile(f"^{re.escape(x)}$") for x in example_titles(t)]
            for t in type_codes()}


@lru_cache(maxsize=8192)
def heading_type(head: str) -> str | None:
    """The type a heading names: the longest cue or title found in it (证据目录 is no 目录).

    Cached: segmentation and several checks ask about the same first lines, against ~200 patterns."""
    best: tuple[int, str] | None = None
    for t, pats in title_cues().items():
        for rx in pats:
            m = rx.search(head)
            if m and (best is None or len(m.group(0)) > best[0]):
                best = (len(m.group(0)), t)
    return best[1] if best else None


def title_type(title: str) -> str | None:
    """The type a title cell names (a toc row's 法律援助 委托代理协议: spaces OCR or layout put in)."""
    return heading_type(_SPACES.sub("", title))


def heading_lines(page: Page, first_only: bool = False) -> list[str]:
    """Candidate heading lines: the first lines, spaces removed, short and without page ranges
    (``first_only``: just a digit-free first line, as on a page that may be a listing)."""
    firsts = islice((ln for ln in page.text.splitlines() if ln.strip()), HEADING_LINES)
    heads = [_SPACES.sub("", ln) for ln in firsts]
    if first_only:
        heads = [h for h in heads[:1] if not re.search(r"\d", h)]
    return [h for h in heads if len(h) <= HEADING_MAX_CHARS and not re.search(r"\d+\s*[-—~至]\s*\d+", h)]


def page_heading(page: Page, types: list[str], first_only: bool = False) -> tuple[str, str] | None:
    """(heading, type) if one of the page's first lines is a heading naming one of ``types``."""
    for head in heading_lines(page, first_only):
        hit = heading_type(head)
        if hit in types:
            return head, hit
    return None


def title_line(page: Page) -> tuple[str, str] | None:
    """(title line, type it names): a short digit-free line among the first lines (a page number
    or a centre's name may come first) that names a type."""
    for head in heading_lines(page):
        if re.search(r"\d", head):
            continue
        hit = heading_type(head)
        if hit is not None:
            return head, hit
    return None


def titled_type(page: Page) -> str | None:
    """The type named by the page's title line (title_line)."""
    found = title_line(page)
    return found[1] if found else None
