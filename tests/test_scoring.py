"""Deductions, caps, veto and grade bands."""
import pytest

from dossier_builders import build, criminal_spec
from review.checklist import load_checklist
from review.engine import review_dossier
from review.findings import Finding
from review.scoring import apply_scoring, deduction_for, grade_of, score_of

CL = load_checklist()
G = CL.grades


def fail(item_id, occurrences=1, veto=False):
    return apply_scoring(CL.item(item_id), Finding(item_id, "fail", occurrences=occurrences), veto)


def test_flat_item_deducts_points_once():
    assert deduction_for(CL.item("MD-09"), Finding("MD-09", "fail", occurrences=3)) == 5


@pytest.mark.parametrize("occ, expected", [(1, 5), (2, 10), (3, 15), (7, 15)])
def test_each_item_per_occurrence_capped(occ, expected):
    assert fail("FU-01", occ).deduction == expected


def test_only_failures_deduct():
    for status in ("pass", "not_applicable", "uncertain"):
        assert deduction_for(CL.item("MD-13"), Finding("MD-13", status)) == 0


def test_score_never_below_zero():
    findings = [fail(i.id, 10) for i in CL.items]
    assert score_of(findings, G) == 0


@pytest.mark.parametrize("score, grade", [(100, "优秀"), (90, "优秀"), (89.9, "良好"), (80, "良好"),
                                          (79.5, "合格"), (60, "合格"), (59.9, "不合格"), (0, "不合格")])
def test_grade_bands(score, grade):
    assert G.grade_for(score) == grade


def test_veto_gives_fail_grade_whatever_the_score():
    f = fail("BD-07", veto=True)
    assert f.veto
    assert grade_of([f], score_of([f], G), G) == "不合格"
    assert score_of([f], G) == 95


def test_veto_only_counts_on_failure():
    f = apply_scoring(CL.item("MD-13"), Finding("MD-13", "uncertain"), True)
    assert not f.veto and grade_of([f], 100, G) == "优秀"


def test_conditional_veto_in_review():
    spec = [s for s in criminal_spec() if s[0] != "meeting_record"]
    crim = review_dossier(build(spec), CL)
    assert crim.finding("MD-08").veto and crim.grade == "不合格" and crim.score >= 60
    civil = review_dossier(build(spec, kind="civil"), CL)
    assert not civil.finding("MD-08").veto and civil.grade != "不合格"


def test_clean_dossier_scores_100():
    r = review_dossier(build(), CL)
    assert r.score == 100 and r.grade == "优秀"
    assert not r.by_status("fail")
