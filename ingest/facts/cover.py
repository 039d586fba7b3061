"""The cover's labelled fields, as printed, with the English aliases the checks read.

The cover is read apart from the file's content because cover-vs-content contradictions are
themselves a checklist item (BD-08); only a page recognised as the cover is read as one.
"""
from __future__ import annotations

import re

from ingest.datamodel import CaseFacts, Fact, Page
from ingest.facts.sources import longest_first
from ingest.facts.wording import COVER_ALIASES, COVER_LABELS


def cover_fields(text: str) -> dict[str, str]:
    """'LABEL：value' pairs of the cover, value up to the next label or a wide gap."""
    alt = longest_first(COVER_LABELS)
    out: dict[str, str] = {}
    spaced = re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff][\u4e00-\u9fff ]{0,6}[:：])", "", text)
    for m in re.finditer(rf"({alt})\s*[:：]?\s*", spaced):
        rest = spaced[m.end():]
        stop = re.search(rf"\n|\s{{2,}}|\t|(?:{alt})\s*[:：]|\s(?:{alt})(?=\s|$)", rest)
        val = (rest[:stop.start()] if stop else rest).strip(" _：:")
        if val and m.group(1) not in out:
            out[m.group(1)] = val
    return out


def read_cover(f: CaseFacts, cover_pages: list[Page]) -> None:
    """Fill f.cover: each label's first value, then the aliases (case_no, client ...) of the first label present."""
    for pg in cover_pages:
        for k, v in cover_fields(pg.text).items():
            if k not in f.cover:
                f.cover[k] = Fact(v, pg.index, f"{k}：{v}")
    for alias, labels in COVER_ALIASES.items():
        hit = next((f.cover[lab] for lab in labels if lab in f.cover), None)
        if hit is not None:
            f.cover[alias] = hit
