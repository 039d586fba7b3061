"""Finding confidences as calibrated probabilities.

A check's own confidence is a constant of its code path (0.85 for a deadline,
0.8 for a page flag): it says nothing about how often that path is right on
dossiers the project did not make. Calibration replaces it by the rate at
which findings of the same status, item and path were right on the
calibration split of the independent evaluation set (eval/independent, never
its test split), smoothed towards the rate of the wider group (item ->
family -> status) so a rare path does not get 0 or 1 from a handful of cases.

Meaning of ``Finding.confidence`` after calibration:
- pass / fail / not_applicable: the probability that the status is right;
- uncertain: the probability that the item is in fact a defect, so open
  items sort with the failures by how likely a problem is.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

CALIBRATION_FILE = Path(__file__).parent / "data" / "calibration.json"
PRIOR_WEIGHT = 4.0  # pseudo-observations of the parent group's rate


def path_of(decided_by: str) -> str:
    """The code path a finding took: ocr / fragile / title / model / rule."""
    d = decided_by or ""
    for tag in ("+ocr", "+fragile", "+partly_sure", "+title"):
        if tag in d:
            return tag[1:]
    return "model" if d.startswith("model") or "+model" in d else "rule"


def band_of(raw: float) -> str:
    """The check's own confidence, coarsely: it still orders findings within a path."""
    return "hi" if raw >= 0.75 else "mid" if raw >= 0.45 else "lo"


def keys_of(status: str, item: str, decided_by: str, raw: float) -> list[str]:
    """Most to least specific calibration keys of a finding."""
    family = item.split("-")[0]
    path = path_of(decided_by)
    return [f"{status}|{item}|{path}|{band_of(raw)}", f"{status}|{item}|{path}", f"{status}|{item}",
            f"{status}|{family}", status]


def outcome_right(status: str, is_defect: bool) -> bool:
    """What calibration counts as 'right' for a status (see the module docstring)."""
    return is_defect if status in ("fail", "uncertain") else not is_defect


@dataclass
class Calibration:
    """Smoothed rates per key; ``counts`` keeps (right, total) for the report."""

    rates: dict[str, float] = field(default_factory=dict)
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    source: str = ""

    def probability(self, status: str, item: str, decided_by: str, raw: float) -> float:
        """The calibrated probability of a finding (its raw confidence if nothing was fitted)."""
        for key in keys_of(status, item, decided_by, raw):
            if key in self.rates:
                return self.rates[key]
        return raw

    @classmethod
    def fit(cls, records: Iterable[tuple[str, str, str, float, bool]], source: str = "") -> "Calibration":
        """records: (status, item, decided_by, raw confidence, is_defect) from the calibration split."""
        counts: dict[str, list[int]] = {}
        for status, item, decided_by, raw, is_defect in records:
            right = outcome_right(status, is_defect)
            for key in keys_of(status, item, decided_by, raw):
                c = counts.setdefault(key, [0, 0])
                c[0] += int(right)
                c[1] += 1
        rates: dict[str, float] = {}
        for key in sorted(counts, key=lambda k: k.count("|")):  # parents first
            right, total = counts[key]
            parent = key.rsplit("|", 1)[0] if "|" in key else None
            prior = rates.get(parent, 0.5) if parent else 0.5
            rates[key] = round((right + PRIOR_WEIGHT * prior) / (total + PRIOR_WEIGHT), 4)
        return cls(rates, {k: (v[0], v[1]) for k, v in counts.items()}, source)

    def save(self, path: Path | str = CALIBRATION_FILE) -> None:
        Path(path).write_text(json.dumps({"source": self.source, "prior_weight": PRIOR_WEIGHT,
                                          "rates": self.rates, "counts": self.counts},
                                         ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")

    @classmethod
    def load(cls, path: Path | str = CALIBRATION_FILE) -> "Calibration | None":
        p = Path(path)
        if not p.exists():
            return None
        data = json.loads(p.read_text(encoding="utf-8"))
        return cls(dict(data.get("rates", {})), {k: tuple(v) for k, v in data.get("counts", {}).items()},
                   str(data.get("source", "")))


_LOADED: dict[str, Calibration | None] = {}


def default_calibration() -> Calibration | None:
    """The bundled calibration (None before one was fitted)."""
    if "default" not in _LOADED:
        _LOADED["default"] = Calibration.load()
    return _LOADED["default"]
