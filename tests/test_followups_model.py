"""Follow-up models (models/followups.py) and their FU-01 path."""
import numpy as np
import pytest

import review.checks.followups as fu
from dossier_builders import build, criminal_spec
from models.followups import (KINDS, AnswerMatcher, RequestDetector, default_followup_models, doc_passage,
                              split_sentences)
from review.checklist import load_checklist
from review.context import CheckContext
from review.engine import run_item

CL = load_checklist()


@pytest.fixture(scope="module")
def labelled():
    from models.train_followups import export_labels
    sents, pairs, _ = export_labels(30, 3, ["A", "B", "C"])
    return sents, pairs


@pytest.fixture(scope="module")
def models(labelled):
    from models.train_followups import vocab
    req, ans, verbs = vocab()
    sents, pairs = labelled
    det = RequestDetector(kind_words=req, request_verbs=verbs).fit([s for s, *_ in sents], [l for _, l, *_ in sents])
    mat = AnswerMatcher(kind_words=ans).fit([r[:4] for r in pairs], [r[4] for r in pairs])
    return det, mat


def test_labels_come_from_generator(labelled):
    sents, pairs = labelled
    kinds = {l for _, l, *_ in sents}
    assert "none" in kinds and len(kinds - {"none"}) >= 3 and kinds <= set(KINDS)
    assert {r[4] for r in pairs} == {0, 1}


def test_predict_proba_shapes(models):
    det, mat = models
    p = det.predict_proba(["我希望律师帮我申请取保候审。", "还可以。", "我要求调取监控录像。"])
    assert p.shape == (3, len(det.classes_)) and np.allclose(p.sum(axis=1), 1)
    assert det.predict(["还可以。"]) == ["none"]
    assert det.predict_proba([]).shape == (0, len(det.classes_))
    q = mat.predict_proba([("我要求调取监控录像。", "evidence", "律师已调取监控录像。", "closing_report")])
    assert q.shape == (1, 2) and mat.predict_proba([]).shape == (0, 2)


def test_save_load_round_trip(models, tmp_path):
    det, mat = models
    det.save(tmp_path / "d.joblib")
    mat.save(tmp_path / "m.joblib")
    det2, mat2 = RequestDetector.load(tmp_path / "d.joblib"), AnswerMatcher.load(tmp_path / "m.joblib")
    sents = ["我希望律师帮我申请取保候审。", "没有了。", "我想上诉。"]
    pairs = [(s, "bail", "辩护人已于5月1日提交取保候审申请书。", "defense_opinion") for s in sents]
    assert np.array_equal(det.predict_proba(sents), det2.predict_proba(sents))
    assert np.array_equal(mat.predict_proba(pairs), mat2.predict_proba(pairs))
    assert det2.classes_ == det.classes_


def test_missing_artifact_means_rules(tmp_path):
    assert default_followup_models(tmp_path) is None


def test_helpers():
    assert split_sentences("答：我要上诉。\n好的！") == ["答：我要上诉。", "好的！"]
    assert doc_passage("标题\n另，取保候审已申请。其他。", ["取保候审"]) == ("标题另，取保候审已申请。",) * 2  # lines join (wrapped text)


def _run(dossier):
    return run_item(dossier, CL.item("FU-01"), CheckContext.build(dossier, CL))


NO_BAIL_OPINION = ["辩护词\n审判长、审判员：", "综上，请求对被告人从轻处罚。"]
BAIL_ANSWERED = ["辩护词\n审判长、审判员：",
                 "综上，请求对被告人从轻处罚。另，关于受援人提出的取保候审要求，辩护人已于2025年4月1日"
                 "向某某人民法院提交取保候审申请书，法院经审查未予准许。"]


def test_unanswered_bail_fails_with_request_page(models, monkeypatch):
    monkeypatch.setattr(fu, "_followup_models", lambda p: models)
    f = _run(build(criminal_spec(defense_opinion=NO_BAIL_OPINION)))
    assert f.status == "fail" and f.pages == [12] and f.decided_by == "model:FU-01"
    assert f.evidence[0].page == 12 and "取保候审" in f.evidence[0].text


def test_answered_request_passes_with_answer_evidence(models, monkeypatch):
    monkeypatch.setattr(fu, "_followup_models", lambda p: models)
    f = _run(build(criminal_spec(defense_opinion=BAIL_ANSWERED)))
    assert f.status == "pass" and f.pages == [12] and f.decided_by == "model:FU-01"
    assert any(e.source == "defense_opinion" and "取保候审" in e.text for e in f.evidence)


def test_between_thresholds_is_uncertain(models, monkeypatch):
    det, mat = models

    class Half:
        kind_words = mat.kind_words

        def predict_proba(self, pairs):
            return np.tile([0.5, 0.5], (len(pairs), 1))

    monkeypatch.setattr(fu, "_followup_models", lambda p: (det, Half()))
    f = _run(build(criminal_spec(defense_opinion=NO_BAIL_OPINION)))
    assert f.status == "uncertain" and 12 in f.pages and f.deduction == 0


def test_default_path_is_rules_unless_switched(monkeypatch):
    monkeypatch.delenv("JUANPING_FOLLOWUP_MODEL", raising=False)
    assert _run(build()).decided_by == "rule:FU-01"
    monkeypatch.setenv("JUANPING_FOLLOWUP_MODEL", "1")
    if default_followup_models() is None:
        pytest.skip("bundled follow-up artifact not built")
    f = _run(build(criminal_spec(defense_opinion=NO_BAIL_OPINION)))
    assert f.status == "fail" and f.pages == [12] and f.decided_by == "model:FU-01"
