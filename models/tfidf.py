"""Exact, faster ``TfidfVectorizer.transform`` for the char n-gram vectorisers of the bundled models.

sklearn counts a document's n-grams one at a time in Python (most of the page classifier's
time on a 100-page dossier). Here every n-gram of a batch of documents is one integer (its
code points side by side) and all of them are looked up in the vocabulary at once with
numpy; the count matrix is built as sklearn builds it (indices sorted) and goes through the
vectoriser's own tf-idf step, so the rows are identical (tests/test_tfidf.py compares them).
Any configuration other than plain char n-grams of up to 3 chars uses sklearn's transform.
"""
from __future__ import annotations

import weakref
from typing import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

try:  # private sklearn helper: a release without it gets sklearn's own transform, not an ImportError
    from sklearn.utils._sparse import _align_api_if_sparse
except ImportError:  # pragma: no cover - depends on the installed sklearn
    _align_api_if_sparse = None

BITS = 21  # every code point (<= U+10FFFF) fits in 21 bits
MAX_N = 3  # one bit marking the length, then 3 x 21 bits: the longest n-gram a uint64 code holds
_EMPTY = 2 ** 64 - 1  # a free slot: no code (code points stop at U+10FFFF)
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: 2**64 / golden ratio


def _plain_char(vec) -> bool:
    """A fitted TfidfVectorizer on char n-grams of string documents (what the fast path reproduces)."""
    return (_align_api_if_sparse is not None and type(vec) is TfidfVectorizer and vec.analyzer == "char" and vec.input == "content"
            and vec.preprocessor is None and not vec.binary and 1 <= vec.ngram_range[0]
            and vec.ngram_range[1] <= MAX_N and hasattr(vec, "vocabulary_") and hasattr(vec, "_tfidf")
            and hasattr(vec, "_white_spaces"))


def _code_points(text: str) -> np.ndarray:
    """The code points of ``text`` as uint64 (lone surrogates included, as sklearn sees them)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)


def _gram_codes(chars: np.ndarray, n: int) -> np.ndarray:
    """The code of the n-gram starting at each position of ``chars`` (code points) that has n
    chars after it: a 1 bit (so lengths never collide), then each code point, BITS apiece."""
    m = max(len(chars) - n + 1, 0)
    codes = np.ones(m, dtype=np.uint64)
    for j in range(n):
        codes <<= np.uint64(BITS)
        codes |= chars[j:j + m]
    return codes


class _GramTable:
    """n-gram code -> feature index, an open-addressing hash table that numpy looks up for a
    whole array of codes at once (a binary search would mispredict on nearly every step)."""

    def __init__(self, vocab: dict[str, int]):
        self.bits = max(4, (4 * len(vocab)).bit_length())  # at most a quarter of the slots used
        self.keys = np.full(1 << self.bits, _EMPTY, dtype=np.uint64)
        self.values = np.full(1 << self.bits, -1, dtype=np.int64)
        for n in {len(t) for t in vocab}:
            terms = [t for t in vocab if len(t) == n]
            # the terms written one after another: their codes are the n-grams at 0, n, 2n, ...
            self._insert(_gram_codes(_code_points("".join(terms)), n)[::n],
                         np.fromiter(map(vocab.__getitem__, terms), dtype=np.int64, count=len(terms)))

    def _insert(self, codes: np.ndarray, features: np.ndarray) -> None:
        """Linear probing for all codes at once: of the codes that meet at a free slot the first
        takes it, the others (and those meeting a taken slot) try the next slot."""
        slot = self._slots(codes)
        while len(codes):
            free = np.flatnonzero(self.keys[slot] == np.uint64(_EMPTY))
            won = free[np.unique(slot[free], return_index=True)[1]]
            self.keys[slot[won]], self.values[slot[won]] = codes[won], features[won]
            left = np.ones(len(codes), dtype=bool)
            left[won] = False
            codes, features, slot = codes[left], features[left], self._next(slot[left])

    def _slots(self, codes: np.ndarray) -> np.ndarray:
        return (codes * _MIX) >> np.uint64(64 - self.bits)

    def _next(self, slots: np.ndarray) -> np.ndarray:
        return (slots + np.uint64(1)) & np.uint64(len(self.keys) - 1)

    def lookup(self, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(positions of ``codes`` that are in the table, in no particular order; their features)."""
        pos, slot = np.arange(len(codes)), self._slots(codes)
        found: list[np.ndarray] = []
        features: list[np.ndarray] = []
        while len(pos):  # each round: the codes whose slot held another code try the next slot
            key = self.keys[slot]
            hit = key == codes[pos]
            found.append(pos[hit])
            features.append(self.values[slot[hit]])
            again = np.flatnonzero(~hit & (key != np.uint64(_EMPTY)))
            pos, slot = pos[again], self._next(slot[again])
        return np.concatenate(found), np.concatenate(features)


_TABLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _table(vec) -> _GramTable:
    """The vectoriser's _GramTable, built once per fitted vocabulary."""
    cached = _TABLES.get(vec)
    if cached is None or cached[0] is not vec.vocabulary_:
        cached = (vec.vocabulary_, _GramTable(vec.vocabulary_))
        _TABLES[vec] = cached
    return cached[1]


def _gram_keys(vec, texts: list[str], kind: type) -> np.ndarray:
    """document * len(vocabulary) + feature for every n-gram of ``texts`` in the vocabulary."""
    width = len(vec.vocabulary_)
    table = _table(vec)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    chars = _code_points("".join(texts))
    doc = np.repeat(np.arange(len(texts), dtype=kind), lengths)  # the document of each position
    end = np.repeat(np.cumsum(lengths), lengths)  # where that document ends
    keys = [np.zeros(0, dtype=kind)]
    for n in range(vec.ngram_range[0], vec.ngram_range[1] + 1):
        pos, features = table.lookup(_gram_codes(chars, n))
        inside = pos + n <= end[pos]  # n-grams across two documents are no n-grams
        keys.append(doc[pos[inside]] * width + features[inside].astype(kind))
    return np.concatenate(keys)


def _counts(vec, texts: list[str]) -> sp.csr_array:
    """Documents x features count matrix of the analysed ``texts`` (sklearn's layout: indices
    sorted within each row)."""
    width = len(vec.vocabulary_)
    kind = np.int32 if len(texts) * width < 2 ** 31 else np.int64  # int32 keys sort faster
    key = np.sort(_gram_keys(vec, texts, kind))
    first = np.flatnonzero(np.diff(key, prepend=-1))  # the first of each run of equal keys
    values = np.diff(first, append=len(key)).astype(np.intc)
    rows, indices = np.divmod(key[first], width)
    indptr = np.searchsorted(rows, np.arange(len(texts) + 1)).astype(np.int32)
    return sp.csr_array((values, indices.astype(np.int32), indptr), shape=(len(texts), width), dtype=vec.dtype)


def transform(vec, docs: Sequence[str]):
    """``vec.transform(docs)``, computed faster for plain char n-gram vectorisers."""
    if not _plain_char(vec):
        return vec.transform(docs)
    preprocess = vec.build_preprocessor()
    texts = [vec._white_spaces.sub(" ", preprocess(vec.decode(doc))) for doc in docs]
    return vec._tfidf.transform(_align_api_if_sparse(_counts(vec, texts)), copy=False)
