"""Seals over dates: when stray glyphs in or after a date are a round seal's own characters.

A seal printed over a signing line leaves its characters among the date's; on a text layer the
date's own characters are all still there, so the date is whole ("sealed"), not broken.
"""
from __future__ import annotations

import re
from typing import Iterable

from ingest.datamodel import Dossier
from ingest.facts.sources import without_spaces
from ingest.facts.wording import ORGAN_SUFFIXES, SEAL_HOLDERS

_SEAL_HOLDER = re.compile(SEAL_HOLDERS)
_ORGAN_NAME = re.compile(rf"[\u4e00-\u9fff]{{2,14}}?(?:{ORGAN_SUFFIXES})")
SEAL_SHARE = 0.8  # share of the fragments' characters that must belong to the issuer's name


def seal_explains(text: str, start: int, end: int, glyphs: str, organs: Iterable[str] = ()) -> bool:
    """The stray glyphs in or right after a date (text[start:end]) are a seal's own text.

    Either each glyph is on a line near the date (the issuing body printed above
    it, the seal's other characters below), or a round seal's characters follow
    the date line as short fragments that name a seal holder (…法院, …中心, ★).
    On a text layer every character of the date is still there, so such a date
    reads as a whole one.
    """
    if not glyphs or len(glyphs) > 6:
        return False
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    below = text[b + 1:].split("\n")[:12] if b >= 0 else []
    if all(ch in "".join(text[:a].split("\n")[-4:] + below) for ch in glyphs):
        return True
    fragments = "".join(t for t in map(without_spaces, below) if 0 < len(t) <= 6)
    return bool(_SEAL_HOLDER.search(fragments)) or _seal_of_issuer(text, glyphs, fragments, organs)


def _seal_of_issuer(text: str, glyphs: str, fragments: str, organs: Iterable[str] = ()) -> bool:
    """A round seal's characters scattered below the date (宝山 律援 / 海市 助中 / 上 心) and the
    glyphs in it are all characters of an issuing body named on the page (上海市宝山区法律援助中心),
    or in ``organs`` (the firm a report's seal names, printed on the dossier's other pages)."""
    chars = {ch for ch in fragments if "\u4e00" <= ch <= "\u9fff"}
    if len(chars) < 3:
        return False
    named = [ln for ln in map(without_spaces, text.split("\n")) if 4 <= len(ln) <= 24 and _SEAL_HOLDER.search(ln[-4:])]
    return any(set(glyphs) <= set(o) and len(chars & set(o)) >= SEAL_SHARE * len(chars) for o in [*named, *organs])


def organ_names(dossier: Dossier) -> set[str]:
    """Every issuing body's name printed on a text-layer page of the dossier (seal holders)."""
    return {m.group() for p in dossier.pages if p.text_source != "ocr"
            for m in _ORGAN_NAME.finditer(without_spaces(p.text))}
