"""Named raw confidence levels of rule findings and their evidence (review/data/confidence.yaml).

A check's own confidence is a constant of its code path; naming it by the evidence it stands
for keeps every level in one file, where paths can be compared and tuned together
(review.calibration maps the raw levels to probabilities afterwards).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import yaml

CONFIDENCE_FILE = Path(__file__).parent / "data" / "confidence.yaml"


class ConfidenceLevelError(ValueError):
    """The levels file is not a mapping of names to numbers in [0, 1]."""


def load_levels(path: Path | str = CONFIDENCE_FILE) -> dict[str, float]:
    """Read and check a levels file: a bad value fails at load, not as a wrong finding."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ConfidenceLevelError(f"{path}: expected a mapping of level names to numbers")
    out: dict[str, float] = {}
    for name, value in data.items():
        if not isinstance(name, str) or isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfidenceLevelError(f"{path}: level {name!r} must be a name with a number, got {value!r}")
        if not 0.0 <= value <= 1.0:
            raise ConfidenceLevelError(f"{path}: level {name!r} = {value} is outside [0, 1]")
        out[name] = float(value)
    return out


@lru_cache(maxsize=1)
def levels() -> Mapping[str, float]:
    """The bundled levels, read once."""
    return MappingProxyType(load_levels())


def level(name: str) -> float:
    """The raw confidence named ``name``; KeyError naming the file for an unknown name."""
    try:
        return levels()[name]
    except KeyError:
        raise KeyError(f"unknown confidence level {name!r}: not in {CONFIDENCE_FILE}") from None
