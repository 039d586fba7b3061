"""PageClassifier: learned page-type and document-start model.

Two linear models, because they train in seconds on 2 CPU cores and are
easy to inspect:
- type model: char 1-3 gram TF-IDF over title (weighted up), first lines,
  body and the neighbouring pages' text, plus a layout vector
  -> multinomial logistic regression.
- start model: binary logistic regression on the page's and the previous
  page's layout, their text similarity, end-of-document cues of the previous
  page (date, signature), the change in type probabilities and the title's
  char n-grams.
The type probabilities fed to the start model during training are
out-of-fold (grouped by dossier), so the start model sees probabilities as
noisy as the ones it gets at inference.

Satisfies the page-model protocol of docs/DESIGN.md: ``classes_``,
``predict_proba(pages)``, ``start_proba(pages)``.
"""
from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Sequence

import joblib
import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from ingest.datamodel import Page
from models import tfidf
from models.features import LAYOUT_NAMES, layout_matrix, page_fields, split_dossiers

FORMAT_VERSION = 1
ARTIFACT_NAME = "page_classifier.joblib"
META_NAME = "page_classifier.json"

# field -> (max_features, weight). Caps keep the artifact small (< 10 MB).
TEXT_FIELDS: dict[str, tuple[int, float]] = {
    "title": (4000, 0.5),  # chosen by leave-one-family-out on A,B,C (2.0: 0.953, 1.0: 0.993, 0.5: 0.995)
    "head": (8000, 1.0),
    "body": (12000, 1.0),
    "prev": (5000, 0.6),
    "next": (3000, 0.4),
}
LAYOUT_WEIGHT = 1.0


def type_order(labels: Sequence[str]) -> list[str]:
    """Seen labels in the order of the document-type data file (stable columns)."""
    try:
        from ingest.doctypes import type_codes
        order = type_codes()
    except Exception:  # data file unavailable: alphabetical is still stable
        order = []
    seen = set(labels)
    return [c for c in order if c in seen] + sorted(seen - set(order))


def as_dossiers(pages) -> list[list[Page]]:
    """Accept one dossier's pages, a flat multi-dossier list, or a list of dossiers."""
    if len(pages) and isinstance(pages[0], Page):
        return split_dossiers(list(pages))
    return [list(d) for d in pages]


def flatten(nested) -> list:
    """One list of the items of each group, in order (per-dossier lists -> per-page list)."""
    return [x for group in nested for x in group]


def _derive_starts(labels: Sequence[str]) -> list[bool]:
    """Fallback start labels when none are given: a page starts when its type changes."""
    return [i == 0 or labels[i] != labels[i - 1] for i in range(len(labels))]


def _row_cos(a: sp.csr_matrix, b: sp.csr_matrix) -> np.ndarray:
    """Row-wise cosine of two L2-normalised sparse matrices."""
    return np.asarray(a.multiply(b).sum(axis=1)).ravel()


def training_targets(pages, labels, starts=None) -> tuple[list[list[Page]], list[str], list[int]]:
    """Dossiers plus flat type labels and start flags, from flat or per-dossier input.

    Starts default to type changes within each dossier.
    """
    dossiers = as_dossiers(pages)
    if len(pages) and isinstance(pages[0], Page):
        flat_labels = list(labels)
        flat_starts = list(starts) if starts is not None else None
    else:
        flat_labels = flatten(labels)
        flat_starts = flatten(starts) if starts is not None else None
    if flat_starts is None:
        flat_starts = flatten(_derive_starts(lab) for lab in _regroup(flat_labels, [len(d) for d in dossiers]))
    return dossiers, flat_labels, flat_starts


class PageModelOutputs:
    """The page-model protocol's outputs, from one `_analyse(pages) -> (type proba, start proba)`
    that each model implements (and caches): both page models share them."""

    classes_: list[str]

    def _analyse(self, pages) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError

    def predict_proba(self, pages) -> np.ndarray:
        """n_pages x len(classes_) type probabilities; rows sum to 1."""
        return self._analyse(pages)[0].copy()

    def start_proba(self, pages) -> np.ndarray:
        """P(page is the first page of a document), one value per page."""
        return self._analyse(pages)[1].copy()

    def predict(self, pages) -> list[str]:
        return [self.classes_[i] for i in self.predict_proba(pages).argmax(axis=1)]

    def predict_starts(self, pages, threshold: float = 0.5) -> list[bool]:
        return [bool(x) for x in self.start_proba(pages) >= threshold]


class PageClassifier(PageModelOutputs):
    """Page type + document start classifier (sklearn estimator shape)."""

    def __init__(self, C: float = 8.0, start_C: float = 2.0, oof_folds: int = 3,
                 max_iter: int = 400, fields: dict[str, tuple[int, float]] | None = None):
        self.C = C
        self.start_C = start_C
        self.oof_folds = oof_folds
        self.max_iter = max_iter
        self.fields = dict(fields or TEXT_FIELDS)
        self.classes_: list[str] = []
        self.meta: dict = {}
        self._cache_key: tuple | None = None
        self._cache: tuple | None = None

    # --- feature matrices -------------------------------------------------
    def _fit_vectorizers(self, fields) -> None:
        self.vectorizers_ = {}
        for name, (cap, _w) in self.fields.items():
            vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), max_features=cap,
                                  min_df=2, sublinear_tf=True, dtype=np.float32)
            vec.fit([getattr(f, name) for f in fields])
            vec.stop_words_ = None  # pruned-term set is large and unused at inference
            self.vectorizers_[name] = vec

    def _blocks(self, dossiers: list[list[Page]]):
        """Per-field TF-IDF blocks and the layout matrix, pages in dossier order."""
        fields = flatten(page_fields(d) for d in dossiers)
        blocks = {name: tfidf.transform(vec, [getattr(f, name) for f in fields])
                  for name, vec in self.vectorizers_.items()}
        layout = np.vstack([layout_matrix(d) for d in dossiers]) if fields else \
            np.zeros((0, len(LAYOUT_NAMES)), np.float32)
        return blocks, layout

    def _type_X(self, blocks, layout) -> sp.csr_matrix:
        parts = [blocks[name] * self.fields[name][1] for name in self.fields]
        parts.append(sp.csr_matrix(layout * LAYOUT_WEIGHT))
        return sp.hstack(parts, format="csr", dtype=np.float32)

    def _start_X(self, dossiers, blocks, layout, proba) -> sp.csr_matrix:
        """Start features: page vs previous page (layout, similarity, type change)."""
        rows = []
        offset = 0
        for d in dossiers:
            n = len(d)
            idx = np.arange(offset, offset + n)
            prev = np.maximum(idx - 1, offset)
            first = (idx == offset).astype(np.float32)[:, None]
            p, pp = proba[idx], proba[prev]
            pp = np.where(first > 0, 0.0, pp)
            tv = 0.5 * np.abs(p - pp).sum(axis=1)
            same = (p * pp).sum(axis=1)
            diff_arg = (p.argmax(1) != pp.argmax(1)).astype(np.float32)
            cos_body = _row_cos(blocks["body"][idx], blocks["body"][prev])
            cos_head = _row_cos(blocks["head"][idx], blocks["head"][prev])
            cos_title = _row_cos(blocks["title"][idx], blocks["title"][prev])
            sims = np.column_stack([cos_body, cos_head, cos_title]) * (1 - first)
            lay_prev = layout[prev] * (1 - first)
            rows.append(np.hstack([
                first, layout[idx], lay_prev, sims,
                np.column_stack([tv, same, diff_arg, p.max(1)]) * (1 - first) + first * [1, 0, 1, 0],
                p, pp,
            ]).astype(np.float32))
            offset += n
        dense = np.vstack(rows) if rows else np.zeros((0, 1), np.float32)
        return sp.hstack([sp.csr_matrix(dense), blocks["title"]], format="csr", dtype=np.float32)

    # --- fitting ----------------------------------------------------------
    def fit(self, pages, labels, starts=None, corpus: str = "") -> "PageClassifier":
        """Fit on dossiers (list of page lists) or flat pages (split where index restarts).

        labels/starts follow the same nesting as pages; starts default to
        type changes.
        """
        t0 = time.perf_counter()
        dossiers, flat_labels, flat_starts = training_targets(pages, labels, starts)
        y = np.asarray(flat_labels)
        s = np.asarray(flat_starts, dtype=int)
        n = sum(len(d) for d in dossiers)
        if len(y) != n or len(s) != n:
            raise ValueError(f"{n} pages but {len(y)} labels / {len(s)} start labels")
        self.classes_ = type_order(flat_labels)

        self._fit_vectorizers(flatten(page_fields(d) for d in dossiers))
        blocks, layout = self._blocks(dossiers)
        X = self._type_X(blocks, layout)
        groups = np.repeat(np.arange(len(dossiers)), [len(d) for d in dossiers])

        # Out-of-fold type probabilities for the start model.
        proba = None
        folds = min(self.oof_folds, len(dossiers))
        if folds >= 2:
            proba = np.zeros((n, len(self.classes_)), np.float32)
            for tr, te in GroupKFold(n_splits=folds).split(X, y, groups):
                clf = self._new_type_clf().fit(X[tr], y[tr])
                proba[te] = self._reorder(clf, clf.predict_proba(X[te]))
        self.type_clf_ = self._new_type_clf().fit(X, y)
        self._shrink(self.type_clf_)
        if proba is None:
            proba = self._reorder(self.type_clf_, self.type_clf_.predict_proba(X))

        S = self._start_X(dossiers, blocks, layout, proba)
        if len(set(s)) < 2:  # degenerate corpus: every page starts (or none)
            s = s.copy()
            s[0] = 1 - s[0]
        self.start_clf_ = LogisticRegression(C=self.start_C, max_iter=1000).fit(S, s)
        self._shrink(self.start_clf_)
        self.meta = {
            "format_version": FORMAT_VERSION,
            "classes": self.classes_,
            "corpus": corpus,
            "n_dossiers": len(dossiers),
            "n_pages": n,
            "fit_seconds": round(time.perf_counter() - t0, 2),
            "params": {"C": self.C, "start_C": self.start_C, "oof_folds": self.oof_folds,
                       "fields": self.fields},
            "trained_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        self._cache_key = None
        return self

    def _new_type_clf(self) -> LogisticRegression:
        return LogisticRegression(C=self.C, max_iter=self.max_iter)

    @staticmethod
    def _shrink(clf: LogisticRegression) -> None:
        """float32 weights: halves the artifact, probabilities unchanged to ~1e-6."""
        clf.coef_ = clf.coef_.astype(np.float32)
        clf.intercept_ = clf.intercept_.astype(np.float32)

    def _reorder(self, clf: LogisticRegression, proba: np.ndarray) -> np.ndarray:
        """Columns from the estimator's sorted classes to classes_ (unseen -> 0)."""
        out = np.zeros((proba.shape[0], len(self.classes_)), np.float32)
        pos = {c: i for i, c in enumerate(self.classes_)}
        for j, c in enumerate(clf.classes_):
            out[:, pos[c]] = proba[:, j]
        return out

    # --- inference --------------------------------------------------------
    def _analyse(self, pages) -> tuple[np.ndarray, np.ndarray]:
        """Type probabilities and start probabilities, cached for the last page list."""
        key = tuple((id(p), p.index, hash(p.text), len(p.lines)) for p in pages)
        if key == self._cache_key and self._cache is not None:
            return self._cache
        dossiers = as_dossiers(pages)
        if not dossiers or not any(dossiers):
            empty = (np.zeros((0, len(self.classes_)), np.float32), np.zeros(0, np.float32))
            return empty
        blocks, layout = self._blocks(dossiers)
        X = self._type_X(blocks, layout)
        proba = self._reorder(self.type_clf_, self.type_clf_.predict_proba(X))
        S = self._start_X(dossiers, blocks, layout, proba)
        start = self.start_clf_.predict_proba(S)[:, list(self.start_clf_.classes_).index(1)]
        self._cache_key, self._cache = key, (proba, start.astype(np.float32))
        return self._cache


    # --- persistence ------------------------------------------------------
    def save(self, directory: str | Path, metrics: dict | None = None) -> Path:
        """Write page_classifier.joblib + page_classifier.json (meta with sha256)."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / ARTIFACT_NAME
        state = {"format_version": FORMAT_VERSION, "params": self._params(),
                 "classes_": self.classes_, "vectorizers_": self.vectorizers_,
                 "type_clf_": self.type_clf_, "start_clf_": self.start_clf_}
        joblib.dump(state, path, compress=3)
        if metrics is not None:
            self.meta["metrics"] = metrics
        self.meta["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        self.meta["size_bytes"] = path.stat().st_size
        (directory / META_NAME).write_text(json.dumps(self.meta, ensure_ascii=False, indent=1),
                                           encoding="utf-8")
        return path

    def _params(self) -> dict:
        return {"C": self.C, "start_C": self.start_C, "oof_folds": self.oof_folds,
                "max_iter": self.max_iter, "fields": self.fields}

    @classmethod
    def load(cls, path: str | Path) -> "PageClassifier":
        """Load from an artifact directory or the .joblib file itself."""
        path = Path(path)
        if path.is_dir():
            path = path / ARTIFACT_NAME
        state = joblib.load(path)
        if state.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"{path}: format {state.get('format_version')} != {FORMAT_VERSION}")
        model = cls(**state["params"])
        model.classes_ = list(state["classes_"])
        model.vectorizers_ = state["vectorizers_"]
        model.type_clf_ = state["type_clf_"]
        model.start_clf_ = state["start_clf_"]
        meta_path = path.with_name(META_NAME)
        if meta_path.exists():
            model.meta = json.loads(meta_path.read_text(encoding="utf-8"))
        return model


def _regroup(flat: list, sizes: list[int]) -> list[list]:
    out, i = [], 0
    for n in sizes:
        out.append(flat[i:i + n])
        i += n
    return out
