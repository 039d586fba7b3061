"""A soft prior over which document type follows which, from the binding order.

segment.py decodes the page sequence with it: opening a document of type t'
after one of type t adds ``log_trans[t, t']``. The values are log ratios
against the most likely next type, rescaled so the least likely transition
costs exactly `weight` nats: 0 = as expected, -weight = against the order.
So the prior only redistributes a start among types (it never makes a start
likelier than the page model says), and a document whose type evidence beats
the runner-up by more than 2 x `weight` nats (one transition in, one out)
keeps its type. A weight of 0 turns it off.

The binding order is read as data (ingest/data/binding_order.yaml through
ingest.binding_order, the one parser the BD-01 rule shares). The case kind is not known at
segmentation time (facts come later), so the prior is the mean of the
per-kind transition distributions: a transition any kind allows stays
likely, one that every kind forbids is penalised. The bound on the penalty
is what keeps binding errors visible to BD-01: a confident out-of-order
document is not rewritten into the prescribed order.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ingest.binding_order import BindingOrder, load_binding_orders
# Largest transition penalty in nats, chosen on family D seed 9999 (degraded and BD-01-swapped copies):
# up to 1.5 no confidently typed out-of-order page was rewritten (2.0 rewrote one); every weight
# >= 0.1 does settle a near-tie (aid_letter 0.46 vs assignment 0.42) in the prescribed order.
PRIOR_WEIGHT = 1.5

# Unnormalised transition weights inside one kind's order (before smoothing).
SAME_RANK = 1.0  # next rank, or another type of the same (free-order) rank
FORWARD_DECAY = 0.8  # each skipped rank (an absent document) costs a little
REPEAT = 0.5  # another document of the same type (meeting records, evidence)
BACKWARD = 0.02  # against the order: possible (a binding error), rare
NEUTRAL = 0.3  # a type this order does not place (`other`, court_notice in civil cases)
SMOOTHING = 0.1  # uniform share mixed in: how far backward sits below a skipped rank


@dataclass(frozen=True)
class TransitionPrior:
    """Log prior ratios in the column order of ``classes``."""

    classes: tuple[str, ...]
    log_first: np.ndarray  # (K,) type of the dossier's first document
    log_trans: np.ndarray  # (K, K) row: previous document type, column: the next one

    def scaled(self, weight: float) -> "TransitionPrior":
        """The same prior with every log ratio times `weight` (0: no prior)."""
        return TransitionPrior(self.classes, self.log_first * weight, self.log_trans * weight)


def order_ranks(order: BindingOrder) -> dict[str, int]:
    """Type -> rank; the types of one rank may come in any order."""
    ranks: dict[str, int] = {}
    for r, group in enumerate(order.ranks):
        for t in group:
            ranks.setdefault(t, r)
    return ranks


def _pair_weight(a: int | None, b: int | None, same_type: bool) -> float:
    """Weight of opening a type of rank b after one of rank a (None: not in this order)."""
    if same_type:
        return REPEAT
    if a is None or b is None:
        return NEUTRAL
    if b >= a:
        return SAME_RANK * FORWARD_DECAY ** max(b - a - 1, 0)
    return BACKWARD


def transition_matrix(ranks: Mapping[str, int], classes: Sequence[str]) -> np.ndarray:
    """(K+1, K) row-stochastic matrix for one order; row 0 is the start of the dossier."""
    pos = [ranks.get(c) for c in classes]
    rows = [[_pair_weight(-1, b, False) for b in pos]]
    rows += [[_pair_weight(a, b, i == j) for j, b in enumerate(pos)] for i, a in enumerate(pos)]
    m = np.asarray(rows, dtype=float)
    return m / m.sum(axis=1, keepdims=True)


def binding_prior(orders: Mapping[str, BindingOrder], classes: Sequence[str],
                  weight: float = PRIOR_WEIGHT, smoothing: float = SMOOTHING) -> TransitionPrior:
    """Kind-agnostic prior: mean over the distinct orders, smoothed, as log ratios to each row's best.

    Rescaled to [-weight, 0] so `weight` is the largest penalty in nats.
    """
    distinct = {o.ranks: o for o in orders.values()}.values()
    k = len(classes)
    mats = [transition_matrix(order_ranks(o), classes) for o in distinct]
    p = np.mean(mats, axis=0) if mats else np.full((k + 1, k), 1.0 / max(k, 1))
    log_p = np.log((1 - smoothing) * p + smoothing / k)
    log_ratio = log_p - log_p.max(axis=1, keepdims=True)
    log_ratio /= max(-float(log_ratio.min()), 1e-12)
    return TransitionPrior(tuple(classes), log_ratio[0], log_ratio[1:]).scaled(weight)


@lru_cache(maxsize=8)
def default_prior(classes: tuple[str, ...], weight: float = PRIOR_WEIGHT) -> TransitionPrior | None:
    """The bundled binding-order prior for a model's classes; None when the file is absent."""
    try:
        orders = load_binding_orders()
    except OSError:
        return None
    return binding_prior(orders, classes, weight)
