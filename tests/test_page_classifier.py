"""PageClassifier on hand-built dossiers: learns, protocol shape, save/load round trip."""
from __future__ import annotations

import numpy as np
import pytest

import toy_pages
from ingest.datamodel import Page
from models.page_classifier import PageClassifier

NPAGES = {"cover": 1, "toc": 1, "application": 1, "meeting_record": 2, "judgment": 3,
          "closing_report": 1}


def toy_corpus(n: int, seed: int):
    return toy_pages.toy_corpus(n, seed, NPAGES)


@pytest.fixture(scope="module")
def fitted():
    pages, labels, starts = toy_corpus(8, seed=1)
    return PageClassifier(oof_folds=2).fit(pages, labels, starts, corpus="toy")


def test_classes_order_follows_type_file(fitted):
    assert fitted.classes_ == ["cover", "toc", "application", "meeting_record", "judgment",
                               "closing_report"]


def test_beats_chance_on_held_out(fitted):
    pages, labels, starts = toy_corpus(3, seed=99)
    flat_pred, flat_true, s_pred, s_true = [], [], [], []
    for p, lab, st in zip(pages, labels, starts):
        flat_pred += fitted.predict(p)
        flat_true += lab
        s_pred += list(fitted.start_proba(p) >= 0.5)
        s_true += st
    acc = np.mean([a == b for a, b in zip(flat_pred, flat_true)])
    assert acc > 0.8  # chance is 1/6
    assert np.mean([a == b for a, b in zip(s_pred, s_true)]) > 0.8


def test_proba_shape_and_rows_sum_to_one(fitted):
    pages, _, _ = toy_corpus(1, seed=5)
    proba = fitted.predict_proba(pages[0])
    assert proba.shape == (len(pages[0]), len(fitted.classes_))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-5)
    start = fitted.start_proba(pages[0])
    assert start.shape == (len(pages[0]),)
    assert ((start >= 0) & (start <= 1)).all()


def test_flat_multi_dossier_list_equals_per_dossier(fitted):
    pages, _, _ = toy_corpus(2, seed=7)
    flat = fitted.predict_proba(pages[0] + pages[1])
    per = np.vstack([fitted.predict_proba(pages[0]), fitted.predict_proba(pages[1])])
    np.testing.assert_allclose(flat, per, atol=1e-6)


def test_save_load_round_trip(fitted, tmp_path):
    path = fitted.save(tmp_path, metrics={"note": "toy"})
    assert path.exists() and (tmp_path / "page_classifier.json").exists()
    again = PageClassifier.load(tmp_path)
    pages, _, _ = toy_corpus(1, seed=11)
    np.testing.assert_array_equal(fitted.predict_proba(pages[0]), again.predict_proba(pages[0]))
    np.testing.assert_array_equal(fitted.start_proba(pages[0]), again.start_proba(pages[0]))
    assert again.classes_ == fitted.classes_
    assert again.meta["metrics"] == {"note": "toy"} and len(again.meta["sha256"]) == 64


def test_empty_and_textless_pages(fitted):
    assert fitted.predict_proba([]).shape == (0, len(fitted.classes_))
    blank = [Page(index=1), Page(index=2, text="   ")]
    proba = fitted.predict_proba(blank)
    assert proba.shape == (2, len(fitted.classes_))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-5)


def test_default_classifier_error_names_train(tmp_path):
    from models import ModelMissingError, default_classifier, model_version
    with pytest.raises(ModelMissingError, match="juanping train"):
        default_classifier(tmp_path)
    assert model_version(tmp_path) == "untrained"
