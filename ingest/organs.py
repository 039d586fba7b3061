"""Issuing bodies' names as the page readers recognise them (data/organs.yaml), loaded once.

Segmentation (a page that only signs off), page flags (an issuer's line on a second print) and
the case facts (seals around dates, notices that appoint) all read organ names; their lists
live in one data file, each named by what its reader looks at.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import yaml

ORGANS_FILE = Path(__file__).parent / "data" / "organs.yaml"

_O = yaml.safe_load(ORGANS_FILE.read_text(encoding="utf-8"))
SIGNING_LINE_ENDINGS: tuple[str, ...] = tuple(_O["signing_line_endings"])
SCATTERED_NAMES: tuple[str, ...] = tuple(_O["scattered_names"])
NAME_ENDINGS: tuple[str, ...] = tuple(_O["name_endings"])
ISSUER_LINE_ENDINGS: tuple[str, ...] = tuple(_O["issuer_line_endings"])
SEAL_HOLDERS: tuple[str, ...] = tuple(_O["seal_holders"])
ORGAN_SUFFIXES: tuple[str, ...] = tuple(_O["organ_suffixes"])
NOTICE_ORGANS: tuple[str, ...] = tuple(_O["notice_organs"])


def either(words: Sequence[str]) -> str:
    """The words as regex alternatives, in their order (they are plain words or simple patterns)."""
    return "|".join(words)
