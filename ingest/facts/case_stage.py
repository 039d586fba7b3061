"""The procedural stage (investigation ... retrial, arbitration, mediation) of the case.

A labelled field decides; else the most advanced court or organ case number in the file;
else the case kind or a stage named in the first pages. In a criminal case the first
instance is the trial stage.
"""
from __future__ import annotations

import re

from ingest.facts.casenumbers import COURT_NUMBER_STAGES
from ingest.datamodel import Fact, Page
from ingest.facts.sources import ascii_digits, line_at
from ingest.facts.wording import STAGE_FIELD_WORDS, STAGE_LABELS, STAGE_PHRASES

_STAGE_ORDER = ["investigation", "prosecution", "trial", "first_instance", "appeal", "retrial"]
_STAGE_FIELD = re.compile(rf"(?:{STAGE_LABELS})\s*[:：]?\s*(\S{{2,10}})")


def _named(code: str, kind: str | None) -> str:
    """A criminal case's first instance is its trial stage."""
    if code == "first_instance" and kind and kind.startswith("criminal"):
        return "trial"
    return code


def _cover_first(pages: list[Page], cover_idx: set[int]) -> list[Page]:
    return sorted(pages, key=lambda p: (p.index not in cover_idx, p.index))


def stage(pages: list[Page], cover_idx: set[int], kind: str | None) -> Fact | None:
    """Stage from a labelled field, else the most advanced organ case number, else the case kind."""
    found = _stage_field(pages, cover_idx, kind)
    if found:
        return found
    if kind == "arbitration":
        return Fact("arbitration", None, "")
    if kind == "non_litigation":
        return Fact("mediation", None, "")
    found = _court_number_stage(pages, kind)
    if found:
        return found
    if kind == "criminal_agency":
        return Fact("trial", None, "")
    for pg in _cover_first(pages, cover_idx)[:12]:
        for code, rx in STAGE_PHRASES:
            m = re.search(rx, pg.text)
            if m:
                return Fact(_named(code, kind), pg.index, line_at(pg.text, m.start()))
    if kind in ("civil", "administrative"):
        return Fact("first_instance", None, "")  # no appeal/retrial marker anywhere
    return None


def _stage_field(pages: list[Page], cover_idx: set[int], kind: str | None) -> Fact | None:
    """A labelled stage field (办理阶段：审查起诉), the cover first."""
    for pg in _cover_first(pages, cover_idx):
        m = _STAGE_FIELD.search(pg.text)
        if m:
            for code, rx in STAGE_FIELD_WORDS:
                if re.search(rx, m.group(1)):
                    return Fact(_named(code, kind), pg.index, line_at(pg.text, m.start()))
    return None


def _court_number_stage(pages: list[Page], kind: str | None) -> Fact | None:
    """The most advanced stage a court, procuratorate or police case number in the file shows."""
    best: tuple[int, Fact] | None = None
    for pg in pages:
        t = ascii_digits(pg.text)
        for code, rx in COURT_NUMBER_STAGES:
            m = rx.search(t)
            if m:
                rank = _STAGE_ORDER.index(code)
                if best is None or rank > best[0]:
                    best = (rank, Fact(_named(code, kind), pg.index, line_at(pg.text, m.start())))
    return best[1] if best else None
