"""Follow-up models for FU-01: client-request detection and answer matching.

- ``RequestDetector``: a client sentence of a meeting record (a client turn,
  or a narrative line naming the client) -> request kind in ``KINDS``
  (``none`` = not a request). Char 1-3 gram TF-IDF plus keyword indicator
  features (the checklist's request vocabularies, passed in as
  ``kind_words``) -> multinomial logistic regression.
- ``AnswerMatcher``: (request sentence, kind, one sentence of a later
  document, its doc type) -> P(the sentence acts on / answers the request,
  an explained refusal included). Char n-gram TF-IDF of the sentence, shared
  and crossed with the request kind (so keyword-free answers such as
  "打印了交易明细" are learned per kind), plus dense pair features: the kind's
  answer words, other kinds' words, action verbs, pending/restating cues
  (还在研究, 曾表示, 记录在案 ...), a dated act (于2025年5月1日), char-bigram
  overlap with the request, the document type. A request's decision is its
  best sentence (``best``), which is also the evidence.

Both follow the estimator shape of ``models.page_classifier``
(fit / predict_proba / predict / save / load). Labels come from the corpus
generator's ground truth (``training/followups.py``), never from the
rule-based check. ``default_followup_models()`` loads the bundled artifacts
lazily (None when they are missing, so callers fall back to the rules).
"""
from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import joblib
import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from models import tfidf

FORMAT_VERSION = 2
ARTIFACT_DIR = Path(__file__).parent / "artifacts" / "followups"
DETECTOR_NAME = "request_detector.joblib"
MATCHER_NAME = "answer_matcher.joblib"
META_NAME = "followups.json"

KINDS = ["none", "bail", "evidence", "witness", "appraisal", "appeal", "settlement", "complaint", "other"]

# the matcher's action features (the request vocabularies come from the checklist's FU-01 params)
ACTION_WORDS = ["已申请", "已提交", "已向", "经评估", "已解释", "不符合条件", "已于", "提交", "递交", "提出",
                "申请书", "释明", "告知", "解释", "联系", "协商", "沟通", "转达", "准许", "答复", "调取了",
                "代写", "代为", "协助", "完成", "未能", "不同意", "表示理解", "已调取", "书面", "转交", "寄送",
                "报送", "说明", "不予", "未予", "拒绝", "同意", "出具"]

_DATED = re.compile(r"于\s*(\d{4}[年.\-/]|[〇一二][〇一二三四五六七八九]{3}年|\d{1,2}月\d{1,2}日|[一二三四五六七八九十]{1,2}月)")
_SENT_END = re.compile(r"(?<=[。！？!?；;])")
# OCR reads the 〇 of 二〇二四 as a Latin O, a circle or a zero; the features see one 〇
_ZERO_LOOKALIKE = re.compile(r"(?<=[〇一二三四五六七八九十])[OoＯ○◯0零]|[OoＯ○◯0零](?=[〇一二三四五六七八九十])")


def fold_ocr(text: str) -> str:
    """Text as the models were trained on it: OCR look-alikes of 〇 inside Chinese numerals folded."""
    return _ZERO_LOOKALIKE.sub("〇", text)


def split_sentences(text: str) -> list[str]:
    """Sentences of a text (line breaks inside a sentence are joined)."""
    flat = re.sub(r"\s*\n\s*", "", text)
    return [s.strip() for s in _SENT_END.split(flat) if s.strip()]


_FIELD = re.compile(r"^\s*[\u4e00-\u9fff]{1,8}\s*[:：]")  # 办理情况： / 问： / 审判长：
_END = ("。", "！", "？", "!", "?", "；", ";")


def _units(text: str, short: int = 20) -> list[str]:
    """Lines regrouped into units that may hold sentences: a wrapped line continues the previous
    one; a short line without an end mark (a title, a caption) or a new field/speaker ends it."""
    units: list[str] = []
    joinable = False
    for ln in (x.strip() for x in text.split("\n")):
        if not ln:
            continue
        if units and joinable and not _FIELD.match(ln):
            units[-1] += ln
        else:
            units.append(ln)
        joinable = not units[-1].endswith(_END) and len(ln) >= short
    return units


def candidate_sentences(text: str, min_len: int = 6, max_len: int = 160) -> list[str]:
    """Sentences of a later document that could record acting on a request (the matcher's
    unit). Titles and form captions stay apart from the sentence below them (a caption's
    date is not the date of an action) and short lines without an end mark (titles, names,
    dates under a signature) are no candidates; long runs are cut to ``max_len``."""
    return list(_candidates(text, min_len, max_len))


@lru_cache(maxsize=1024)
def _candidates(text: str, min_len: int, max_len: int) -> tuple[str, ...]:
    """Cached: every request of a dossier is matched against the same later documents."""
    return tuple(s[-max_len:] for u in _units(text) for s in split_sentences(u)
                 if len(s) >= min_len and (s.endswith(_END) or len(s) >= 20))


def _bigrams(s: str) -> set[str]:
    s = re.sub(r"[\s\W\d_]+", "", s)
    return {s[i:i + 2] for i in range(len(s) - 1)}


def _rows_of(values: Sequence[str]) -> dict[str, int]:
    """value -> row of a per-value table, in order of first occurrence."""
    return {x: i for i, x in enumerate(dict.fromkeys(values))}


def _overlap(request_grams: set[str], passage_grams: set[str]) -> float:
    """Share of the request's char bigrams that occur in the passage."""
    return len(request_grams & passage_grams) / len(request_grams) if request_grams else 0.0


class RequestDetector:
    """Client sentence -> request kind (``none`` when not a request)."""

    def __init__(self, kind_words: dict[str, list[str]], request_verbs: Sequence[str], C: float = 4.0,
                 max_features: int = 20000):
        self.kind_words = {k: list(v) for k, v in kind_words.items()}  # FU-01's request_kinds[*].request
        self.request_verbs = list(request_verbs)  # FU-01's request_verbs
        self.C = C
        self.max_features = max_features

    def _dense(self, sentences: Sequence[str]) -> sp.csr_matrix:
        kinds = list(self.kind_words)
        rows = []
        for s in sentences:
            verb = float(any(v in s for v in self.request_verbs))
            hits = [float(any(w in s for w in self.kind_words[k])) for k in kinds]
            rows.append(hits + [verb] + [h * verb for h in hits])
        return sp.csr_matrix(np.asarray(rows, dtype=float).reshape(len(sentences), 2 * len(kinds) + 1))

    def _features(self, sentences: Sequence[str]) -> sp.csr_matrix:
        sentences = [fold_ocr(x) for x in sentences]
        return sp.hstack([tfidf.transform(self.vec_, sentences), 2.0 * self._dense(sentences)]).tocsr()

    def fit(self, sentences: Sequence[str], labels: Sequence[str]) -> "RequestDetector":
        sentences = list(sentences)
        self.vec_ = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True,
                                    max_features=self.max_features, dtype=np.float32)
        self.vec_.fit([fold_ocr(x) for x in sentences])
        seen = set(labels)
        self.classes_ = [k for k in KINDS if k in seen] + sorted(seen - set(KINDS))
        self.lr_ = LogisticRegression(C=self.C, max_iter=3000, class_weight="balanced")
        y = np.array([self.classes_.index(v) for v in labels])
        self.lr_.fit(self._features(sentences), y)
        return self

    def predict_proba(self, sentences: Sequence[str]) -> np.ndarray:
        sentences = list(sentences)
        if not sentences:
            return np.zeros((0, len(self.classes_)))
        out = np.zeros((len(sentences), len(self.classes_)))
        out[:, self.lr_.classes_] = self.lr_.predict_proba(self._features(sentences))
        return out

    def predict(self, sentences: Sequence[str], min_p: float = 0.0) -> list[str]:
        """Most likely kind per sentence; ``none`` when that kind's probability is below ``min_p``."""
        p = self.predict_proba(sentences)
        if not len(p):
            return []
        best = p.argmax(axis=1)
        return [self.classes_[i] if p[r, i] >= min_p else "none" for r, i in enumerate(best)]

    def save(self, path: str | Path) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        joblib.dump({"format_version": FORMAT_VERSION, "model": self}, path, compress=3)

    @classmethod
    def load(cls, path: str | Path) -> "RequestDetector":
        obj = joblib.load(path)
        return obj["model"]


Pair = tuple  # (request sentence, kind, candidate sentence of a later document, its doc type)


def _kind_blocks(x: sp.csr_matrix, kinds: Sequence[str], order: list[str]) -> sp.csr_matrix:
    """Row i of ``x`` moved into the column block of its kind, so n-gram weights are learned per kind
    (a sentence that acts on a bail request is not an answer to an appraisal request)."""
    x = x.tocsr()
    n, v = x.shape
    block = {k: order.index(k) if k in order else len(order) - 1 for k in set(kinds)}
    offs = np.array([block[k] for k in kinds]) * v
    rows = np.repeat(np.arange(n), np.diff(x.indptr))
    return sp.csr_matrix((x.data, x.indices + offs[rows], x.indptr), shape=(n, v * len(order)))


PASSAGE_CACHE_SIZE = 20000  # passages remembered across calls (one batch worker's recent dossiers)
_PASSAGE_CACHE: dict = {}
_fold_cached = lru_cache(maxsize=PASSAGE_CACHE_SIZE)(fold_ocr)  # a passage is folded once per dossier, not per request


class AnswerMatcher:
    """(request sentence, kind, later sentence, doc type) -> P(the sentence acts on / answers the request).

    Scored sentence by sentence: a request is answered when its best later sentence scores high,
    and that sentence is the evidence. Text features: char 1-3 grams of the sentence, shared and
    per request kind; dense pair features: the kind's words, other kinds' words, action verbs,
    pending/restating cues, a dated act,
    char-bigram overlap with the request, the document type.
    """

    def __init__(self, kind_words: dict[str, list[str]], action_words: Sequence[str] | None = None,
                 C: float = 2.0, max_features: int = 20000, pending_words: Sequence[str] = ()):
        self.kind_words = {k: list(v) for k, v in kind_words.items()}  # FU-01's request_kinds[*].answer
        self.action_words = list(action_words or ACTION_WORDS)
        self.pending_words = list(pending_words)  # the check's pending_cues (还在研究, 曾表示 ...)
        self.C = C
        self.max_features = max_features

    def _passage(self, passage: str) -> tuple:
        """What a passage contributes whatever the request (cached: a dossier's later sentences
        are scored against every request of the dossier)."""
        key = (id(self), passage)
        hit = _PASSAGE_CACHE.get(key)
        if hit is None:
            if len(_PASSAGE_CACHE) > PASSAGE_CACHE_SIZE:
                _PASSAGE_CACHE.clear()
            hit = (np.array([float(w in passage) for w in self.action_words]), _bigrams(passage),
                   float(bool(_DATED.search(passage))),
                   np.array([float(w in passage) for w in self.pending_words]),
                   np.array([float(any(w in passage for w in ws)) for ws in self.kind_words.values()]))
            _PASSAGE_CACHE[key] = hit
        return hit

    def _dense(self, pairs: Sequence[Pair]) -> np.ndarray:
        """Dense pair features, one row per pair (vectorised: a dossier has requests x sentences
        pairs); columns: shared, others, any_act, shared*any_act, overlap, shared*overlap, dated,
        dated*any_act, dated*shared, max(pending), acts, acts*shared, pending, kind*shared, doc type."""
        kinds = list(self.kind_words)
        types = getattr(self, "doc_types_", [])
        n = len(pairs)
        row_of = _rows_of([p[2] for p in pairs])  # passage -> row of the per-passage tables
        parts = [self._passage(x) for x in row_of]
        at_p = np.array([row_of[p[2]] for p in pairs], dtype=int)
        acts = np.array([x[0] for x in parts]).reshape(len(parts), len(self.action_words))[at_p]
        pending = np.array([x[3] for x in parts]).reshape(len(parts), len(self.pending_words))[at_p]
        named = np.array([x[4] for x in parts]).reshape(len(parts), len(kinds))[at_p]
        dated = np.array([x[2] for x in parts]).reshape(len(parts))[at_p]
        kind_row = _rows_of([p[1] for p in pairs])
        at_k = np.array([kind_row[p[1]] for p in pairs], dtype=int)
        kind_col = np.array([[float(kind == k) for k in kinds] for kind in kind_row]).reshape(len(kind_row), len(kinds))
        kind_vec = np.array([[float(kind == k) for k in kinds + ["other"]] for kind in kind_row]).reshape(
            len(kind_row), len(kinds) + 1)
        shared = (named * kind_col[at_k]).sum(axis=1)  # at most one term is non-zero: exact
        others = ((named * (1.0 - kind_col[at_k])) != 0).any(axis=1).astype(float)
        any_act = (acts != 0).any(axis=1).astype(float)
        req_grams = {req: _bigrams(req) for req in {p[0] for p in pairs}}
        overlap = np.array([_overlap(req_grams[p[0]], parts[k][1]) for p, k in zip(pairs, at_p.tolist())]).reshape(n)
        top_pending = pending.max(axis=1) if pending.shape[1] else np.zeros(n)
        type_row = _rows_of([p[3] for p in pairs])
        type_vec = np.array([[float(d == t) for t in types] for d in type_row]).reshape(len(type_row), len(types))[
            np.array([type_row[p[3]] for p in pairs], dtype=int)]
        head = np.column_stack([shared, others, any_act, shared * any_act, overlap, shared * overlap,
                                dated, dated * any_act, dated * shared, top_pending])
        return np.hstack([head, acts, acts * shared[:, None], pending, kind_vec[at_k] * shared[:, None], type_vec])

    def _tfidf(self, passages: list[str]) -> sp.csr_matrix:
        """Rows of the char tf-idf, each passage transformed once (see _passage)."""
        row_of = _rows_of(passages)
        todo = [x for x in row_of if (id(self), "tfidf", x) not in _PASSAGE_CACHE]
        if todo:
            if len(_PASSAGE_CACHE) > PASSAGE_CACHE_SIZE:
                _PASSAGE_CACHE.clear()
            m = tfidf.transform(self.vec_, todo)
            for r, x in enumerate(todo):
                a, b = m.indptr[r], m.indptr[r + 1]
                _PASSAGE_CACHE[(id(self), "tfidf", x)] = (m.data[a:b], m.indices[a:b])
        rows = [_PASSAGE_CACHE[(id(self), "tfidf", x)] for x in row_of]
        indptr = np.concatenate([[0], np.cumsum([len(d) for d, _ in rows])])
        # the passages' rows stacked as they are, then one row per pair
        unique = sp.csr_matrix((np.concatenate([d for d, _ in rows]), np.concatenate([i for _, i in rows]), indptr),
                               shape=(len(rows), len(self.vec_.vocabulary_)))
        return unique[np.array([row_of[x] for x in passages], dtype=int)]

    def _features(self, pairs: Sequence[Pair]) -> sp.csr_matrix:
        pairs = [(req, kind, _fold_cached(passage), dtype) for req, kind, passage, dtype in pairs]
        text = self._tfidf([p[2] for p in pairs])
        per_kind = _kind_blocks(text, [p[1] for p in pairs], list(self.kind_words) + ["other"])
        return sp.hstack([0.5 * text, per_kind, 2.0 * sp.csr_matrix(self._dense(pairs))]).tocsr()

    def fit(self, pairs: Sequence[Pair], labels: Sequence[int]) -> "AnswerMatcher":
        pairs = [tuple(p) for p in pairs]
        _PASSAGE_CACHE.clear()  # rows of an earlier fit of this object are stale
        self.doc_types_ = sorted({p[3] for p in pairs})
        self.vec_ = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True,
                                    max_features=self.max_features, dtype=np.float32)
        self.vec_.fit([fold_ocr(p[2]) for p in pairs])
        self.classes_ = [0, 1]
        self.lr_ = LogisticRegression(C=self.C, max_iter=3000, class_weight="balanced")
        self.lr_.fit(self._features(pairs), np.asarray(labels, dtype=int))
        return self

    def predict_proba(self, pairs: Sequence[Pair]) -> np.ndarray:
        pairs = [tuple(p) for p in pairs]
        if not pairs:
            return np.zeros((0, 2))
        out = np.zeros((len(pairs), 2))
        out[:, self.lr_.classes_] = self.lr_.predict_proba(self._features(pairs))
        return out

    def predict(self, pairs: Sequence[Pair], threshold: float = 0.5) -> list[int]:
        p = self.predict_proba(pairs)
        return [int(x >= threshold) for x in p[:, 1]] if len(p) else []

    def best(self, request: str, kind: str, docs: Sequence[tuple[str, str]]) -> tuple[float, int, str]:
        """(best score, index into ``docs``, sentence) over the candidate sentences of
        ``docs`` [(text, doc type)]; (0.0, -1, "") when there is none."""
        return self.best_many([(request, kind, docs)])[0]

    def best_many(self, queries: Sequence[tuple[str, str, Sequence[tuple[str, str]]]]) -> list[tuple[float, int, str]]:
        """``best`` for each (request, kind, docs), scored in one call: the pairs are scored
        independently, and a dossier's requests share their later sentences."""
        pairs, where, spans = [], [], []
        for request, kind, docs in queries:
            start = len(pairs)
            for i, (text, dtype) in enumerate(docs):
                for s in candidate_sentences(text):
                    pairs.append((request, kind, s, dtype))
                    where.append((i, s))
            spans.append((start, len(pairs)))
        scores = self.predict_proba(pairs)[:, 1]
        out = []
        for a, b in spans:
            if a == b:
                out.append((0.0, -1, ""))
                continue
            j = a + int(scores[a:b].argmax())
            out.append((float(scores[j]), where[j][0], where[j][1]))
        return out

    def save(self, path: str | Path) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        joblib.dump({"format_version": FORMAT_VERSION, "model": self}, path, compress=3)

    @classmethod
    def load(cls, path: str | Path) -> "AnswerMatcher":
        return joblib.load(path)["model"]


def save_models(detector: RequestDetector, matcher: AnswerMatcher, directory: str | Path | None = None,
                meta: dict | None = None) -> Path:
    d = Path(directory or ARTIFACT_DIR)
    detector.save(d / DETECTOR_NAME)
    matcher.save(d / MATCHER_NAME)
    h = hashlib.sha256((d / DETECTOR_NAME).read_bytes() + (d / MATCHER_NAME).read_bytes()).hexdigest()
    (d / META_NAME).write_text(json.dumps({"format_version": FORMAT_VERSION, "sha256": h, **(meta or {})},
                                          ensure_ascii=False, indent=1), encoding="utf-8")
    return d


@lru_cache(maxsize=4)
def _load(directory: str):
    d = Path(directory)
    if not (d / DETECTOR_NAME).exists() or not (d / MATCHER_NAME).exists():
        return None
    try:
        return RequestDetector.load(d / DETECTOR_NAME), AnswerMatcher.load(d / MATCHER_NAME)
    except Exception:  # noqa: BLE001 - an unreadable artifact means: use the rules
        return None


def default_followup_models(directory: str | Path | None = None):
    """(RequestDetector, AnswerMatcher) from the bundled artifacts, loaded once; None if missing."""
    return _load(str(directory or ARTIFACT_DIR))
