"""Exact, faster ``TfidfVectorizer.transform`` for the char n-gram vectorisers of the bundled models.

sklearn counts a document's n-grams one at a time in Python (most of the page classifier's
time on a 100-page dossier). Counting the whole n-gram stream with ``Counter`` gives the same
counts; the count matrix is built as sklearn builds it (indices sorted) and goes through the
vectoriser's own tf-idf step, so the rows are identical (tests/test_tfidf.py compares them).
Any configuration other than plain char n-grams uses sklearn's transform.
"""
from __future__ import annotations

from collections import Counter
from itertools import compress
from operator import add
from typing import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

try:  # private sklearn helper: a release without it gets sklearn's own transform, not an ImportError
    from sklearn.utils._sparse import _align_api_if_sparse
except ImportError:  # pragma: no cover - depends on the installed sklearn
    _align_api_if_sparse = None


def _plain_char(vec) -> bool:
    """A fitted TfidfVectorizer on char n-grams of string documents (what the fast path reproduces)."""
    return (_align_api_if_sparse is not None and type(vec) is TfidfVectorizer and vec.analyzer == "char" and vec.input == "content"
            and vec.preprocessor is None and not vec.binary and vec.ngram_range[0] >= 1
            and hasattr(vec, "vocabulary_") and hasattr(vec, "_tfidf") and hasattr(vec, "_white_spaces"))


def _ngram_counts(text: str, lo: int, hi: int) -> Counter:
    """Counts of the char n-grams of ``text``, lo <= n <= hi (sklearn's _char_ngrams as a multiset)."""
    counts: Counter = Counter()
    grams: Sequence[str] = text
    for n in range(1, hi + 1):
        if n > 1:
            grams = list(map(add, grams, text[n - 1:]))  # each (n-1)-gram extended by the next char
        if n >= lo:
            counts.update(grams)
    return counts


def transform(vec, docs: Sequence[str]):
    """``vec.transform(docs)``, computed faster for plain char n-gram vectorisers."""
    if not _plain_char(vec):
        return vec.transform(docs)
    vocab = vec.vocabulary_
    preprocess = vec.build_preprocessor()
    lo, hi = vec.ngram_range
    indices: list[int] = []
    values: list[int] = []
    indptr = [0]
    for doc in docs:
        counts = _ngram_counts(vec._white_spaces.sub(" ", preprocess(vec.decode(doc))), lo, hi)
        known = list(map(vocab.__contains__, counts))  # out-of-vocabulary n-grams are not counted
        indices.extend(map(vocab.__getitem__, compress(counts, known)))
        values.extend(compress(counts.values(), known))
        indptr.append(len(indices))
    counts = sp.csr_array((np.asarray(values, dtype=np.intc), np.asarray(indices, dtype=np.int32),
                           np.asarray(indptr, dtype=np.int32)),
                          shape=(len(indptr) - 1, len(vec.vocabulary_)), dtype=vec.dtype)
    counts.sort_indices()
    return vec._tfidf.transform(_align_api_if_sparse(counts), copy=False)
