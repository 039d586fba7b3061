"""Viterbi segmentation with the binding-order prior, on fixed page-model outputs (no PDFs)."""
import numpy as np
import pytest

from ingest.datamodel import Line, Page
from ingest.documents.segment import segment
from ingest.binding_order import load_binding_orders
from ingest.documents.sequence_prior import binding_prior, default_prior

CLASSES = ["cover", "toc", "application", "approval", "decision", "assignment", "meeting_record",
           "judgment", "closing_report", "other"]
PRIOR = default_prior(tuple(CLASSES))


class FixedModel:
    """Returns the given type rows (dict type -> prob, rest shared) and start probabilities."""

    classes_ = CLASSES

    def __init__(self, rows: list[dict[str, float]], starts: list[float]):
        self.rows, self.starts = rows, starts

    def predict_proba(self, pages):
        out = np.zeros((len(pages), len(CLASSES)))
        for i, row in enumerate(self.rows):
            rest = (1.0 - sum(row.values())) / (len(CLASSES) - len(row))
            out[i] = [row.get(c, rest) for c in CLASSES]
        return out

    def start_proba(self, pages):
        return np.asarray(self.starts, dtype=float)


def page(i: int, blank: bool = False) -> Page:
    text = "" if blank else f"第{i}页的正文内容各不相同，用于测试分段解码，这一页的编号是{i * 7919}号，内容到此为止。"
    return Page(index=i, text=text, lines=[Line(text, 50, 300, 400, 312, 12)] if text else [])


def run(spec: list[tuple[dict[str, float], float]], prior=PRIOR, blank=()) -> list[tuple[str, int, int]]:
    pages = [page(i, i in blank) for i in range(1, len(spec) + 1)]
    docs = segment(pages, FixedModel([r for r, _ in spec], [s for _, s in spec]), prior)
    assert [p for d in docs for p in d.pages] == list(range(1, len(pages) + 1))
    assert all(0.0 <= d.confidence <= 1.0 for d in docs)
    return [(d.type, d.first_page, d.last_page) for d in docs]


def sure(t: str) -> dict[str, float]:
    return {t: 0.9}


def test_confident_out_of_order_document_stays_out_of_order():
    spec = [(sure("cover"), 0.9), (sure("application"), 0.9), (sure("decision"), 0.9),
            (sure("approval"), 0.9), (sure("approval"), 0.1)]  # approval bound after decision: BD-01
    assert run(spec) == [("cover", 1, 1), ("application", 2, 2), ("decision", 3, 3), ("approval", 4, 5)]


def test_ambiguous_page_is_settled_by_the_prior():
    # a new document after the decision that reads slightly more like an approval (which comes before)
    spec = [(sure("application"), 0.9), (sure("decision"), 0.9),
            ({"approval": 0.46, "assignment": 0.44}, 0.9), ({"approval": 0.46, "assignment": 0.44}, 0.1)]
    assert run(spec, prior=None)[-1] == ("approval", 3, 4)
    assert run(spec)[-1] == ("assignment", 3, 4)


def test_weak_page_joins_the_document_around_it():
    # a page with a weak, wrong type guess and no start signal inside a meeting record
    spec = [(sure("meeting_record"), 0.9), ({"judgment": 0.4, "meeting_record": 0.3}, 0.2),
            (sure("meeting_record"), 0.05)]
    assert run(spec) == [("meeting_record", 1, 3)]


def test_blank_page_never_starts_a_document():
    spec = [(sure("application"), 0.9), (sure("judgment"), 0.99), (sure("application"), 0.05)]
    assert run(spec, blank={2}) == [("application", 1, 3)]


def test_duplicate_page_never_starts_a_document():
    pages = [page(1), page(2), page(1)]
    pages[2].index = 3
    model = FixedModel([sure("meeting_record"), sure("closing_report"), sure("meeting_record")], [0.9, 0.9, 0.9])
    docs = segment(pages, model, PRIOR)
    assert [(d.type, d.first_page, d.last_page) for d in docs] == [
        ("meeting_record", 1, 1), ("closing_report", 2, 3)]


def test_single_page_and_empty():
    assert run([(sure("cover"), 0.2)]) == [("cover", 1, 1)]
    assert segment([], FixedModel([], []), PRIOR) == []


def test_repeated_type_splits_on_start_signals():
    spec = [(sure("meeting_record"), 0.9), (sure("meeting_record"), 0.05), (sure("meeting_record"), 0.9),
            (sure("meeting_record"), 0.9)]
    assert run(spec) == [("meeting_record", 1, 2), ("meeting_record", 3, 3), ("meeting_record", 4, 4)]


def test_rotated_page_needs_a_strong_start():
    spec = [(sure("meeting_record"), 0.9), (sure("meeting_record"), 0.7), (sure("meeting_record"), 0.95)]
    pages = [page(i) for i in (1, 2, 3)]
    pages[1].rotation = pages[2].rotation = 180
    docs = segment(pages, FixedModel([r for r, _ in spec], [s for _, s in spec]), PRIOR)
    assert [(d.first_page, d.last_page) for d in docs] == [(1, 2), (3, 3)]


def test_prior_prefers_the_binding_order_but_is_bounded():
    p = binding_prior(load_binding_orders(), CLASSES, weight=1.0)
    ix = CLASSES.index
    assert p.log_trans[ix("application"), ix("approval")] > p.log_trans[ix("decision"), ix("approval")] + 0.5
    assert p.log_trans[ix("approval"), ix("decision")] > p.log_trans[ix("approval"), ix("judgment")]
    assert p.log_first[ix("cover")] == 0.0
    assert np.allclose(p.log_trans.max(axis=1), 0.0)  # never makes a start likelier than the model says
    assert np.isclose(p.log_trans.min(), -1.0)  # the weight is the largest penalty: nothing is forbidden
    assert np.allclose(binding_prior(load_binding_orders(), CLASSES, weight=0.0).log_trans, 0.0)


def test_prior_classes_must_match_the_model():
    with pytest.raises(ValueError):
        run([(sure("cover"), 0.9)], prior=default_prior(("cover", "toc")))
