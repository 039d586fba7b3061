"""Contract version 2: score range, provisional grades, case profile, bounded messages."""
import json

from dossier_builders import build
from review.checklist import load_checklist
from review.engine import review_dossier
from review.findings import MAX_EVIDENCE, MAX_MESSAGE, Evidence, Finding, Review
from review.scoring import PROVISIONAL_GRADE, apply_scoring, grading_of

CL = load_checklist()
G = CL.grades


def scored(item_id: str, status: str, veto: bool = False, occurrences: int = 0) -> Finding:
    return apply_scoring(CL.item(item_id), Finding(item_id, status, occurrences=occurrences), veto)


def test_sure_findings_give_a_final_grade():
    g = grading_of([scored("MD-09", "fail"), scored("BD-05", "pass")], G)
    assert (g.score, g.low, g.grade, g.status) == (95, 95, "优秀", "final")


def test_uncertain_items_that_cross_a_band_make_the_grade_provisional():
    g = grading_of([scored("MD-09", "fail"), scored("MD-10", "uncertain")], G)  # 95, or 87 if MD-10 fails
    assert g.score_range == (87, 95) and g.status == "provisional" and g.grade == PROVISIONAL_GRADE
    assert g.if_confirmed == ("优秀", "良好")


def test_uncertain_items_within_one_band_keep_the_grade_final():
    g = grading_of([scored("BD-05", "uncertain")], G)
    assert g.score_range == (99, 100) and g.grade == "优秀" and g.status == "final"


def test_an_uncertain_veto_item_is_never_final():
    g = grading_of([scored("MD-13", "uncertain", veto=True)], G)
    assert g.status == "provisional" and "不合格" in g.if_confirmed and "否决" in g.reason


def test_a_failed_veto_is_final_whatever_is_open():
    g = grading_of([scored("MD-13", "fail", veto=True), scored("MD-10", "uncertain")], G)
    assert g.grade == "不合格" and g.status == "final"


def test_unreadable_pages_with_open_items_are_never_final():
    g = grading_of([scored("BD-05", "uncertain")], G, unreadable_pages=3)
    assert g.status == "provisional" and "无法识别" in g.reason


def test_each_item_at_stake_counts_its_occurrences_up_to_the_cap():
    f = scored("FU-01", "uncertain", occurrences=5)
    assert f.at_stake == 15 and f.deduction == 0


def test_review_contract_has_version_2_fields_and_keeps_version_1():
    d = build()
    d.pages[3].flags.add("unreadable")
    c = review_dossier(d).to_contract()
    for key in ("file", "pages", "case", "documents", "page_flags", "findings", "score", "grade"):
        assert key in c  # version 1 readers keep working
    assert c["contract_version"] == 2 and c["verdict"] == "dossier"
    assert set(c["case_profile"]) >= {"case_kind", "stage", "heard", "court_appointed", "means_test_exempt", "plea"}
    assert c["case_profile"]["case_kind"] == "criminal_defense"
    lo, hi = c["score_range"]
    assert lo <= hi == c["score"]
    assert c["grade_status"] in ("final", "provisional")
    if c["grade_status"] == "provisional":
        assert c["grade"] == PROVISIONAL_GRADE and c["grade_if_confirmed"]
    json.dumps(c, ensure_ascii=False)


def test_messages_and_evidence_are_bounded():
    f = Finding("BD-02", "fail", message="目录不符" * 5000,
                evidence=[Evidence(i, "x" * 3000, "toc") for i in range(1, 60)])
    c = f.to_contract()
    assert len(c["message"]) <= MAX_MESSAGE and len(c["evidence"]) == MAX_EVIDENCE
    assert c["evidence_omitted"] == 59 - MAX_EVIDENCE and all(len(e["text"]) <= 500 for e in c["evidence"])


def test_not_a_dossier_has_no_score_or_grade():
    r = Review(file="paper.pdf", pages=117, case={}, score=None, grade=None, verdict="not_a_dossier",
               verdict_reason="未见法律援助案号 / no legal-aid case number", grade_status="")
    c = r.to_contract()
    assert c["verdict"] == "not_a_dossier" and c["score"] is None and c["grade"] is None
    assert c["score_range"] is None and c["findings"] == [] and c["verdict_reason"]


def test_every_item_declares_what_decides_it():
    assert all(item.decisive for item in CL.items)
