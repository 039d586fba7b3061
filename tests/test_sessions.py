"""Sampling, assignment, blind view and live rescoring (store/sessions.py)."""
from collections import Counter

import pytest

from store.sessions import (BLIND_MARK, AssignmentError, DossierRef, ItemDecision, ReviewerRef,
                             assign_reviewers, blind_contract, draw_sample, eligible, rescore, review_order,
                             risk_key)


def pool():
    # center 1: firms 11, 12 (30 dossiers); center 2: firm 21 (8 dossiers)
    out = [DossierRef(i, 1, 11 if i % 2 else 12, f"sha{i:03d}") for i in range(1, 31)]
    out += [DossierRef(100 + i, 2, 21, f"shb{i:03d}") for i in range(8)]
    return out


def test_sample_is_reproducible_per_center_with_minimum_one():
    a = draw_sample(pool(), 0.1, seed=5)
    assert a == draw_sample(list(reversed(pool())), 0.1, seed=5)  # input order does not matter
    by_center = Counter(1 if i < 100 else 2 for i in a)
    assert by_center == {1: 3, 2: 1}  # ceil(3.0) and the minimum of 1
    assert draw_sample(pool(), 0.1, seed=6) != a or True
    assert len(draw_sample(pool(), 1.0, seed=1)) == 38
    with pytest.raises(ValueError):
        draw_sample(pool(), 0, seed=1)


def test_different_seeds_give_different_samples():
    samples = {tuple(draw_sample(pool(), 0.2, seed=s)) for s in range(6)}
    assert len(samples) > 1


def reviewers():
    return [ReviewerRef(1, 11), ReviewerRef(2, 12), ReviewerRef(3, 21), ReviewerRef(4, 31), ReviewerRef(5, 1)]


def test_assignment_never_own_unit_two_distinct_reviewers_balanced():
    dossiers = [d for d in pool() if d.id in set(draw_sample(pool(), 0.5, seed=3))]
    pairs = assign_reviewers(dossiers, reviewers(), per_dossier=2, seed=3)
    by_dossier = {}
    for d, r in pairs:
        by_dossier.setdefault(d, []).append(r)
    assert set(by_dossier) == {d.id for d in dossiers}
    refs = {d.id: d for d in dossiers}
    revs = {r.id: r for r in reviewers()}
    for d, rs in by_dossier.items():
        assert len(rs) == 2 and len(set(rs)) == 2
        for r in rs:
            assert revs[r].unit not in (refs[d].firm, refs[d].center)
    assert pairs == assign_reviewers(dossiers, reviewers(), per_dossier=2, seed=3)


def test_load_is_balanced_when_everyone_is_eligible():
    dossiers = pool()[:20]
    revs = [ReviewerRef(i, 30 + i) for i in range(1, 7)]
    load = Counter(r for _, r in assign_reviewers(dossiers, revs, per_dossier=2, seed=9))
    assert sum(load.values()) == 40 and max(load.values()) - min(load.values()) <= 1
    # existing load is taken into account
    load2 = Counter(r for _, r in assign_reviewers(dossiers[:3], revs, 2, 9, existing_load={1: 5, 2: 5}))
    assert 1 not in load2 and 2 not in load2


def test_center_staff_never_review_their_center():
    d = DossierRef(1, center=1, firm=11)
    assert not eligible(d, ReviewerRef(5, 1)) and not eligible(d, ReviewerRef(1, 11))
    assert eligible(d, ReviewerRef(3, 21))


def test_not_enough_reviewers_raises():
    with pytest.raises(AssignmentError):
        assign_reviewers([DossierRef(1, 1, 11)], [ReviewerRef(1, 11), ReviewerRef(2, 21)], per_dossier=2)


CONTRACT = {
    "file": "x.pdf", "pages": 12,
    "case": {"case_no": "（2025）苏0508法援民字第1号", "case_kind": "civil", "client": "张小明", "lawyer": "李大华"},
    "findings": [
        {"item": "MD-13", "status": "pass", "confidence": 0.9, "pages": [], "message": ""},
        {"item": "MD-14", "status": "fail", "confidence": 0.8, "pages": [], "message": "未见回访记录",
         "deduction": 4.0, "veto": False},
        {"item": "FU-01", "status": "uncertain", "confidence": 0.4, "pages": [5],
         "message": "张小明要求调取证据，李大华未答复",
         "evidence": [{"page": 5, "text": "张小明要求李大华调查取证", "source": "meeting_record"}]},
    ],
}


def test_blind_contract_removes_names_everywhere():
    out = blind_contract(CONTRACT, "江苏明德律师事务所", "李大华", "张小明")
    assert out["case"]["lawyer"] == BLIND_MARK and out["case"]["client"] == BLIND_MARK
    text = str(out)
    assert "李大华" not in text and "张小明" not in text
    assert CONTRACT["case"]["lawyer"] == "李大华"  # the original is untouched
    other = dict(CONTRACT, findings=[{"item": "BD-08", "status": "fail", "message": "封面承办单位为无锡锡成律师事务所"}])
    assert "锡成" not in str(blind_contract(other, "江苏明德律师事务所", "李大华", "张小明"))


def test_rescore_with_override_and_added_deduction():
    base, grade, _ = rescore(CONTRACT, {})
    assert base == 96.0 and grade == "优秀"
    score, grade, findings = rescore(CONTRACT, {"MD-14": ItemDecision("MD-14", "override", "pass", reason="有回访")})
    assert score == 100.0
    score, grade, findings = rescore(CONTRACT, {"FU-01": ItemDecision("FU-01", "add_deduction", points=10, reason="x")})
    assert score == 86.0 and grade == "良好"
    # MD-13 (closing report) is a veto item: overriding it to fail forces 不合格
    score, grade, findings = rescore(CONTRACT, {"MD-13": ItemDecision("MD-13", "override", "fail", reason="无结案报告")})
    assert grade == "不合格" and next(f for f in findings if f.item == "MD-13").veto
    assert score == 90.0


def test_ordering_helpers():
    order = [f["item"] for f in review_order(CONTRACT["findings"])]
    assert order == ["FU-01", "MD-14", "MD-13"]
    vetoed = {"score": 95, "findings": [{"item": "MD-13", "status": "fail", "veto": True}]}
    low = {"score": 70, "findings": []}
    assert sorted([low, vetoed], key=risk_key)[0] is vetoed


def test_console_rescoring_and_engine_share_the_veto_rule():
    """For every item with a veto rule, a reviewer's override to fail gets the veto the engine gives:
    the contract's case_profile (stage, hearing ...) reaches the rule, not just the case kind."""
    from dossier_builders import build
    from review.checklist import load_checklist
    from review.context import CheckContext
    from review.engine import review_dossier
    from review.report import review_to_json
    from store.sessions import ItemDecision, apply_decisions

    cl = load_checklist()
    vetoable = [i for i in cl.ids if cl.item(i).veto or cl.item(i).veto_when]
    assert "MD-10" in vetoable
    for kind, stage in (("criminal_defense", "trial"), ("criminal_defense", "investigation"), ("civil", "trial")):
        d = build(kind=kind, stage=stage)
        ctx = CheckContext.build(d, cl)
        contract = review_to_json(review_dossier(d, cl))
        for item_id in vetoable:
            got = {f.item: f for f in apply_decisions(contract, {item_id: ItemDecision(item_id, "override", "fail")}, cl)}
            assert got[item_id].veto == ctx.is_veto(cl.item(item_id)), (kind, stage, item_id)


def test_conflict_check_reads_the_firm_and_lawyer_named_in_the_dossier():
    """The database may record the dossier under another firm (or none); the dossier itself names
    江苏明德律师事务所 on its agreement: a reviewer of that firm is not eligible, nor is the lawyer
    who handled the case."""
    from store.sessions import DossierRef, ReviewerRef, eligible

    d = DossierRef(1, center=10, firm=None, names=frozenset({"江苏明德律师事务所", "刘红梅"}))
    assert not eligible(d, ReviewerRef(7, unit=3, names=frozenset({"江苏明德律师事务所"})))
    assert not eligible(d, ReviewerRef(8, unit=4, names=frozenset({"刘红梅", "苏州正衡律师事务所"})))
    assert eligible(d, ReviewerRef(9, unit=5, names=frozenset({"苏州正衡律师事务所", "王立"})))
