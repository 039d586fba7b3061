"""Headings that name a document's type, read independently of the page model.

A law firm's 结案登记表 or 承办情况报告 serves as the closing report, a 辩护意见
as the defence opinion: a heading the model has not seen must not make a
document "missing", and a document whose first page has no heading of its
type is typed only by the model (fragile evidence for an order error).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from ingest.datamodel import Dossier, Page
from ingest.doctypes import example_titles, type_codes

TITLE_CUES = Path(__file__).resolve().parent.parent / "data" / "title_cues.yaml"
HEADING_LINES = 3      # a heading is among the first lines of a page
HEADING_MAX_CHARS = 18  # longer lines are prose, not headings
# pages of these types list or name other documents: their lines are no headings
LISTING_TYPES = ("toc", "cover", "backup_sheet", "reminder_letter", "rectification_reply")


@lru_cache(maxsize=1)
def title_cues() -> dict[str, list[re.Pattern]]:
    """type -> heading patterns (review/data/title_cues.yaml)."""
    data = yaml.safe_load(TITLE_CUES.read_text(encoding="utf-8")) or {}
    return {t: [re.compile(p) for p in data.get(t, [])] + [re.compile(re.escape(x)) for x in example_titles(t)]
            for t in type_codes()}  # the published example titles of each type count too


def headed_pages(dossier: Dossier, types: list[str]) -> list[tuple[int, str, str]]:
    """(page, heading, type) for pages headed as one of ``types``, whatever the model typed them."""
    out = []
    for page in dossier.pages:
        doc = dossier.document_at(page.index)
        if doc is not None and doc.type in LISTING_TYPES:
            continue
        hit = page_heading(page, types)
        if hit:
            out.append((page.index, *hit))
    return out


def page_heading(page: Page, types: list[str]) -> tuple[str, str] | None:
    """(heading, type) if one of the page's first lines is a heading naming one of ``types``."""
    cues = title_cues()
    heads = [re.sub(r"[\s\u3000]", "", ln) for ln in page.text.splitlines() if ln.strip()][:HEADING_LINES]
    for head in heads:
        if len(head) > HEADING_MAX_CHARS or re.search(r"\d+\s*[-—~至]\s*\d+", head):
            continue
        hit = next((t for t in types for rx in cues.get(t, []) if rx.search(head)), None)
        if hit:
            return head, hit
    return None


