"""The prescribed binding order (装订顺序) per case kind, read once from ingest/data/binding_order.yaml.

Three readers share this one parser: segmentation's soft type-transition prior
(ingest.documents.sequence_prior), the BD-01 rule (review.checklist, review.checks.binding) and the
corpus generator's document order (eval.corpus). It lives in ingest, the lowest layer that
needs it. A rank may hold several types that may come in any order (a court notice takes the
application's place).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

ORDER_FILE = Path(__file__).resolve().parent / "data" / "binding_order.yaml"


class BindingOrderError(ValueError):
    """A binding-order file that cannot be used (missing orders, a malformed order)."""


@dataclass(frozen=True)
class BindingOrder:
    """Prescribed document order for one case kind; a rank may hold several types."""

    case_kind: str
    ranks: tuple[tuple[str, ...], ...]

    def rank_of(self, doc_type: str) -> int | None:
        for i, group in enumerate(self.ranks):
            if doc_type in group:
                return i
        return None

    def types(self) -> list[str]:
        """Every type in order, the types of one rank in the order the file lists them."""
        return [t for group in self.ranks for t in group]


def load_binding_orders(path: str | Path = ORDER_FILE) -> dict[str, BindingOrder]:
    """Parse a binding-order YAML file into one :class:`BindingOrder` per case kind."""
    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    orders = data.get("orders") if isinstance(data, dict) else None
    if not isinstance(orders, dict) or not orders:
        raise BindingOrderError(f"{path}: needs a non-empty 'orders' mapping")
    out = {}
    for kind, seq in orders.items():
        if not isinstance(seq, list):
            raise BindingOrderError(f"{path}: order for {kind} must be a list")
        ranks = tuple(tuple(str(t) for t in x) if isinstance(x, list) else (str(x),) for x in seq)
        out[str(kind)] = BindingOrder(str(kind), ranks)
    return out
