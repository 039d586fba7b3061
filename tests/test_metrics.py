"""eval.metrics on hand-computed examples."""
from __future__ import annotations

import numpy as np
import pytest

from eval import metrics as M


def test_accuracy_and_macro_f1():
    y = ["a", "a", "b", "c"]
    p = ["a", "b", "b", "b"]
    assert M.accuracy(y, p) == 0.5
    # a: P=1 R=.5 F=2/3; b: P=1/3 R=1 F=.5; c: P=0 R=0 F=0 -> mean 7/18
    per = M.per_class_prf(y, p)
    assert per["a"]["f1"] == pytest.approx(2 / 3)
    assert per["b"]["precision"] == pytest.approx(1 / 3)
    assert per["c"]["f1"] == 0.0 and per["c"]["support"] == 1
    assert M.macro_f1(y, p) == pytest.approx((2 / 3 + 0.5 + 0) / 3)


def test_macro_f1_ignores_absent_classes():
    assert M.macro_f1(["a", "b"], ["a", "b"]) == 1.0


def test_confusion_matrix_rows_truth():
    labels, m = M.confusion_matrix(["a", "a", "b"], ["a", "b", "b"], ["a", "b"])
    assert labels == ["a", "b"]
    np.testing.assert_array_equal(m, [[1, 1], [0, 1]])


def test_boundary_prf():
    r = M.boundary_prf({1, 3, 5, 8}, {1, 3, 6})
    assert (r["tp"], r["fp"], r["fn"]) == (2, 1, 2)
    assert r["precision"] == pytest.approx(2 / 3)
    assert r["recall"] == pytest.approx(0.5)
    assert r["f1"] == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    many = M.boundary_prf_many([({1, 3}, {1, 3}), ({1, 2}, {1})])
    assert (many["tp"], many["fp"], many["fn"]) == (3, 0, 1)
    assert many["recall"] == pytest.approx(0.75)


def test_starts_and_zero_error():
    assert M.starts_from_flags([True, False, True]) == {1, 3}
    assert M.dossier_zero_error(["a", "b"], ["a", "b"], {1, 2}, [1, 2])
    assert not M.dossier_zero_error(["a", "b"], ["a", "b"], {1, 2}, [1])
    assert M.zero_error_share([True, False, True, True]) == 0.75


def test_ece_hand_computed():
    # bin (0.5,0.6]: conf .6,.6 acc .5 -> |.5-.6|*2/4 ; bin (0.9,1.0]: conf 1.0,.95 acc 1 -> |1-.975|*2/4
    conf = [0.6, 0.6, 1.0, 0.95]
    ok = [True, False, True, True]
    assert M.expected_calibration_error(conf, ok) == pytest.approx(0.1 * 0.5 + 0.025 * 0.5)
    assert M.expected_calibration_error([], []) == 0.0
    assert M.expected_calibration_error([1.0, 1.0], [True, True]) == 0.0


def test_defect_prf_per_item_and_family():
    cases = [
        ({"MD-09", "FU-01"}, {"MD-09", "BD-03"}),  # MD-09 tp, FU-01 fn, BD-03 fp
        ({"FU-01"}, {"FU-01", "FU-02"}),  # FU-01 tp, FU-02 fp
        (set(), set()),
    ]
    r = M.defect_prf(cases, items=["TL-01"])
    assert r["items"]["MD-09"]["precision"] == 1.0 and r["items"]["MD-09"]["recall"] == 1.0
    assert (r["items"]["FU-01"]["tp"], r["items"]["FU-01"]["fn"]) == (1, 1)
    assert r["items"]["TL-01"]["support"] == 0
    fu = r["families"]["FU"]
    assert (fu["tp"], fu["fp"], fu["fn"]) == (1, 1, 1)
    assert fu["precision"] == pytest.approx(0.5) and fu["recall"] == pytest.approx(0.5)
    assert r["families"]["BD"]["precision"] == 0.0
    assert r["overall"]["tp"] == 2 and r["overall"]["fp"] == 2 and r["overall"]["fn"] == 1


def test_family_of():
    assert M.family_of("TL-05") == "TL"
