"""Cohen's kappa on hand-computed examples, disagreements, model agreement."""
import pytest

from store.agreement import (cohen_kappa, disagreements, grade_kappa, item_kappas, model_agreement,
                              overall_item_kappa, percent_agreement)


def test_textbook_kappa():
    # 50 subjects: yes/yes 20, yes/no 5, no/yes 10, no/no 15 -> po 0.7, pe 0.5*0.6+0.5*0.4 = 0.5, kappa 0.4
    a = ["y"] * 25 + ["n"] * 25
    b = ["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert percent_agreement(a, b) == pytest.approx(0.7)


def test_three_categories():
    # po = 4/6; pe = (2*2 + 2*1 + 2*3)/36 = 12/36 -> kappa = (4/6 - 1/3) / (2/3) = 0.5
    a = ["pass", "pass", "fail", "fail", "na", "na"]
    b = ["pass", "fail", "fail", "na", "na", "na"]
    assert cohen_kappa(a, b) == pytest.approx(0.5)


def test_edge_cases():
    assert cohen_kappa([], []) is None
    assert cohen_kappa(["a", "a"], ["a", "a"]) == 1.0
    assert cohen_kappa(["a", "b"], ["b", "a"]) == pytest.approx(-1.0)
    with pytest.raises(ValueError):
        cohen_kappa(["a"], [])


def test_items_grades_and_disagreements():
    pairs = {1: ({"MD-01": "pass", "MD-13": "fail"}, {"MD-01": "pass", "MD-13": "pass"}),
             2: ({"MD-01": "fail", "MD-13": "fail"}, {"MD-01": "fail", "MD-13": "fail"})}
    per = item_kappas(pairs)
    assert per["MD-01"] == 1.0
    assert per["MD-13"] == pytest.approx(0.0)  # po 0.5, pe 0.5
    assert overall_item_kappa(pairs) == pytest.approx((0.75 - 0.5) / 0.5)  # a: 3 fail 1 pass, b: 2/2
    dis = disagreements(pairs)
    assert [(d.dossier, d.item, d.first, d.second) for d in dis] == [(1, "MD-13", "fail", "pass")]
    assert grade_kappa({1: ("良好", "良好"), 2: ("合格", "良好")}) == pytest.approx(0.0)


def test_model_vs_reviewer():
    model = {10: {"MD-01": "pass", "FU-01": "uncertain"}}
    rev = {10: {"MD-01": "pass", "FU-01": "fail"}}
    res = model_agreement(model, rev)
    assert res["n"] == 2 and res["agreement"] == 0.5
