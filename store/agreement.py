"""Inter-rater agreement for peer cross-evaluation: Cohen's kappa, disagreements."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Hashable, Mapping, Sequence


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two raters' labels on the same subjects.

    None when there are no paired labels. When chance agreement is 1 (both
    raters used one and the same label throughout) kappa is 1.0 if they agree.
    """
    if len(a) != len(b):
        raise ValueError("both raters must label the same subjects")
    n = len(a)
    if n == 0:
        return None
    po = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb.get(k, 0) for k in ca) / (n * n)
    if pe >= 1.0:
        return 1.0 if po == 1.0 else 0.0
    return (po - pe) / (1 - pe)


def percent_agreement(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    if not a:
        return None
    return sum(x == y for x, y in zip(a, b)) / len(a)


@dataclass(frozen=True)
class Disagreement:
    dossier: int
    item: str
    first: str
    second: str


def item_kappas(pairs: Mapping[int, tuple[Mapping[str, str], Mapping[str, str]]]) -> dict[str, float | None]:
    """Kappa per checklist item; ``pairs`` maps dossier -> (statuses of rater 1, of rater 2)."""
    items = sorted({i for s1, s2 in pairs.values() for i in set(s1) & set(s2)})
    out: dict[str, float | None] = {}
    for item in items:
        a = [s1[item] for s1, s2 in pairs.values() if item in s1 and item in s2]
        b = [s2[item] for s1, s2 in pairs.values() if item in s1 and item in s2]
        out[item] = cohen_kappa(a, b)
    return out


def overall_item_kappa(pairs: Mapping[int, tuple[Mapping[str, str], Mapping[str, str]]]) -> float | None:
    """Kappa over all (dossier, item) statuses pooled."""
    a, b = [], []
    for s1, s2 in pairs.values():
        for item in sorted(set(s1) & set(s2)):
            a.append(s1[item])
            b.append(s2[item])
    return cohen_kappa(a, b)


def grade_kappa(grades: Mapping[int, tuple[str, str]]) -> float | None:
    """Kappa on the grades the two reviewers gave each dossier."""
    keys = sorted(grades)
    return cohen_kappa([grades[k][0] for k in keys], [grades[k][1] for k in keys])


def model_agreement(model: Mapping[int, Mapping[str, str]],
                    reviewer: Mapping[int, Mapping[str, str]]) -> dict:
    """Model-vs-reviewer agreement over all (dossier, item) statuses both have."""
    a, b = [], []
    for d in sorted(set(model) & set(reviewer)):
        for item in sorted(set(model[d]) & set(reviewer[d])):
            a.append(model[d][item])
            b.append(reviewer[d][item])
    return {"n": len(a), "kappa": cohen_kappa(a, b), "agreement": percent_agreement(a, b)}


def disagreements(pairs: Mapping[int, tuple[Mapping[str, str], Mapping[str, str]]]) -> list[Disagreement]:
    """Every (dossier, item) the two reviewers judged differently, for adjudication."""
    out = []
    for d in sorted(pairs):
        s1, s2 = pairs[d]
        for item in sorted(set(s1) & set(s2)):
            if s1[item] != s2[item]:
                out.append(Disagreement(d, item, s1[item], s2[item]))
    return out


def status_confusion(model: Mapping[int, Mapping[str, str]],
                     reviewer: Mapping[int, Mapping[str, str]]) -> dict[str, dict[tuple[str, str], int]]:
    """Per item: how often the model said X where the reviewer finally said Y (over every review
    both judged), the trainer's view of where the model and the reviewers part."""
    out: dict[str, dict[tuple[str, str], int]] = {}
    for key in set(model) & set(reviewer):
        for item in set(model[key]) & set(reviewer[key]):
            cell = (model[key][item], reviewer[key][item])
            out.setdefault(item, {})[cell] = out.setdefault(item, {}).get(cell, 0) + 1
    return dict(sorted(out.items()))
