"""Document type codes and their Chinese names, loaded from data."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data" / "document_types.yaml"


@lru_cache(maxsize=1)
def _load() -> dict[str, dict]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))["types"]


def type_codes() -> list[str]:
    """All document type codes in file order."""
    return list(_load())


def type_name(code: str) -> str:
    """Chinese name of a document type, e.g. 'meeting_record' -> '会见笔录'."""
    entry = _load().get(code)
    return entry["zh"] if entry else code


def example_titles(code: str) -> list[str]:
    return list(_load().get(code, {}).get("titles", []))


def occasion_types() -> frozenset[str]:
    """Types recording one occasion each (meeting, hearing ...): every occasion is its own document."""
    return frozenset(t for t, entry in _load().items() if entry.get("occasion"))


def listed_titles(code: str) -> int:
    """How many documents' titles a page of this type names at least (a table of contents lists
    the dossier's documents; 0 for types that list nothing)."""
    return int(_load().get(code, {}).get("lists_titles", 0))
