"""Follow-up models (models/followups.py) and their FU-01 path."""
import numpy as np
import pytest

from dossier_builders import build, criminal_spec
from ingest.datamodel import Line
from models.followups import (KINDS, AnswerMatcher, RequestDetector, candidate_sentences, default_followup_models,
                              split_sentences)
from review.checklist import load_checklist
from review.context import BUNDLED, CheckContext
from review.engine import run_item
from service.review_file import use_followup_models

CL = load_checklist()


@pytest.fixture(scope="module")
def labelled():
    from training.followups import export_labels
    sents, pairs, _ = export_labels(30, 3, ["A", "B", "C"])
    return sents, pairs


@pytest.fixture(scope="module")
def models(labelled):
    from training.followups import vocab
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
    text = "结案报告\n结案日期：2025年6月1日\n办理情况：律师已于2025年4月1日向法院提交取保候审申请书，法院未予准许。\n李某"
    # the caption's date stays apart from the act; short lines (titles, signatures) are no candidates
    assert candidate_sentences(text) == ["办理情况：律师已于2025年4月1日向法院提交取保候审申请书，法院未予准许。"]
    wrapped = "辩护人于2025年4月1日向某某区人民检察院提交了羁押必要性审查\n申请书，检察院认为仍有羁押必要。"
    assert candidate_sentences(wrapped) == [wrapped.replace("\n", "")]


def test_matcher_best_picks_the_answer_sentence(models):
    det, mat = models
    docs = [("辩护词\n被告人系初犯，认罪态度较好。", "defense_opinion"),
            ("结案报告\n关于受援人提出的取保候审要求，承办律师已于2025年4月1日向法院提交取保候审申请书，法院未予准许。",
             "closing_report")]
    score, i, sent = mat.best("我希望律师帮我申请取保候审。", "bail", docs)
    assert i == 1 and "取保候审申请书" in sent and 0 <= score <= 1
    assert mat.best("我要上诉。", "appeal", []) == (0.0, -1, "")


def test_trained_on_tiny_corpus_separates_answers_from_distractors(models):
    """Learned from 30 planned dossiers: an act on the request beats a restatement of it."""
    det, mat = models
    req = "我希望律师帮我调取银行流水。"
    acted = ("关于受援人提出的调取证据的要求，承办律师已于2025年4月1日向法院提交调取证据申请，相关材料已调取入卷。",
             "closing_report")
    restated = ("受援人在会见中曾提出希望律师调查取证。", "closing_report")
    other_kind = ("关于受援人提出的和解请求，律师于2025年4月1日与对方进行了沟通，双方达成和解。", "closing_report")
    p = mat.predict_proba([(req, "evidence", *acted), (req, "evidence", *restated), (req, "evidence", *other_kind)])[:, 1]
    assert p[0] > 0.5 and p[0] > p[1] and p[0] > p[2]
    assert det.predict(["我要求调取我和对方的通话记录。", "挺好的。"]) == ["evidence", "none"]


def test_training_entry_point_writes_loadable_artifacts(tmp_path):
    from training.followups import main
    assert main(["--n", "12", "--seed", "5", "--eval-n", "6", "--out", str(tmp_path)]) == 0
    loaded = default_followup_models(tmp_path)
    assert loaded is not None and isinstance(loaded[0], RequestDetector) and isinstance(loaded[1], AnswerMatcher)
    assert (tmp_path / "followups.json").exists()


def _run(dossier, models=BUNDLED, use=None):
    """FU-01 with ``models`` on the check context (default: the bundled ones; None: the rules)."""
    return run_item(dossier, CL.item("FU-01"), CheckContext.build(dossier, CL, models, use))


NO_BAIL_OPINION = ["辩护词\n审判长、审判员：", "综上，请求对被告人从轻处罚。"]
BAIL_ANSWERED = ["辩护词\n审判长、审判员：",
                 "综上，请求对被告人从轻处罚。另，关于受援人提出的取保候审要求，辩护人已于2025年4月1日"
                 "向某某人民法院提交取保候审申请书，法院经审查未予准许。"]


def test_unanswered_bail_fails_with_request_page(models):
    f = _run(build(criminal_spec(defense_opinion=NO_BAIL_OPINION)), models)
    assert f.status == "fail" and f.pages == [12] and f.decided_by == "model:FU-01"
    assert f.evidence[0].page == 12 and "取保候审" in f.evidence[0].text


def test_answered_request_passes_with_answer_evidence(models):
    f = _run(build(criminal_spec(defense_opinion=BAIL_ANSWERED)), models)
    assert f.status == "pass" and f.pages == [12] and f.decided_by == "model:FU-01"
    assert any(e.source == "defense_opinion" and "取保候审" in e.text for e in f.evidence)


def test_between_thresholds_is_uncertain(models):
    det, mat = models

    class Half(AnswerMatcher):
        def predict_proba(self, pairs):
            return np.tile([0.5, 0.5], (len(pairs), 1))

    stub = (det, Half(mat.kind_words))
    named = ["辩护词\n审判长、审判员：", "综上，请求对被告人从轻处罚。本案中取保候审的条件较为严格。"]
    f = _run(build(criminal_spec(defense_opinion=named)), stub)
    assert f.status == "uncertain" and 12 in f.pages and f.deduction == 0


def test_between_thresholds_with_subject_never_named_later_fails(models):
    """A middling score is no answer when no later document so much as names 取保候审, scanned
    pages read surely included; a doubtful character where the word could be (取保侯审 with a
    doubtful 侯) may hide it, so a reviewer decides."""
    det, mat = models

    class Half(AnswerMatcher):
        def predict_proba(self, pairs):
            return np.tile([0.5, 0.5], (len(pairs), 1))

    stub = (det, Half(mat.kind_words))
    dossier = build(criminal_spec(defense_opinion=NO_BAIL_OPINION))
    f = _run(dossier, stub)
    assert f.status == "fail" and f.pages == [12] and f.deduction > 0
    def scan(page, text, doubtful=()):
        page.text, page.text_source = text, "ocr"
        page.lines = []
        for row in text.split("\n"):
            start = sum(len(ln.text) + 1 for ln in page.lines)
            conf = [0.4 if start + k in doubtful else 0.99 for k in range(len(row))]
            page.lines.append(Line(row, 50, 100, 400, 114, conf=min(conf, default=0.99), char_conf=conf))

    for page in dossier.pages[12:]:
        scan(page, page.text)
    assert _run(dossier, stub).status == "fail"
    later = dossier.page(dossier.documents_of("closing_report")[0].first_page)
    text = later.text + "\n本案取保侯审问题"
    scan(later, text, doubtful={text.index("侯")})
    assert _run(dossier, stub).status == "uncertain"


def test_default_path_is_the_model_with_rules_as_fallback(monkeypatch):
    monkeypatch.delenv("JUANPING_FOLLOWUP_MODEL", raising=False)
    if default_followup_models() is None:
        pytest.skip("bundled follow-up artifact not built")
    f = _run(build(criminal_spec(defense_opinion=NO_BAIL_OPINION)))
    assert f.status == "fail" and f.pages == [12] and f.decided_by == "model:FU-01"
    assert f.evidence[0].page == 12 and "取保候审" in f.evidence[0].text
    assert _run(build()).decided_by == "model:FU-01"
    monkeypatch.setenv("JUANPING_FOLLOWUP_MODEL", "0")  # the service reads it once, and switches
    use_followup_models.cache_clear()
    assert _run(build(), use=use_followup_models()).decided_by == "rule:FU-01"
    monkeypatch.delenv("JUANPING_FOLLOWUP_MODEL")
    use_followup_models.cache_clear()
    monkeypatch.setattr("models.followups.default_followup_models", lambda directory=None: None)
    assert _run(build()).decided_by == "rule:FU-01"  # artifact absent: the rules decide


def test_bundled_model_on_answered_and_unanswered():
    """The shipped artifact: an explained refusal answers; a restatement does not."""
    models = default_followup_models()
    if models is None:
        pytest.skip("bundled follow-up artifact not built")
    assert _run(build(criminal_spec(defense_opinion=BAIL_ANSWERED)), models).status == "pass"
    restated = ["辩护词\n审判长、审判员：", "综上，请求对被告人从轻处罚。会见中被告人曾提出希望取保候审。"]
    f = _run(build(criminal_spec(defense_opinion=restated)), models)
    assert f.status == "fail" and f.pages == [12]


def test_kind_guessed_without_its_words_is_uncertain_not_fail(models):
    """A request the detector types although no word of the kind is in it is left to a reviewer."""
    det, mat = models

    class Guess:
        classes_ = det.classes_

        def predict(self, sentences, min_p=0.0):
            return ["bail" if "回家" in s else "none" for s in sentences]

    stub = (Guess(), mat)
    meeting = ["会见笔录\n问：你有什么要求？\n答：能不能想办法让我先回家等开庭？"]
    f = _run(build(criminal_spec(meeting_record=meeting, defense_opinion=NO_BAIL_OPINION)), stub)
    assert f.status == "uncertain" and 12 in f.pages and f.deduction == 0 and f.evidence[0].page == 12


def test_generator_phrasings_hold_family_d_out_and_stay_clear_of_other_items():
    """Requests/answers/distractors: family D's phrasings occur in no A-C slice, and none carries
    an FU-04 request word or an adoption word (which would change another item's truth)."""
    import eval.corpus.templates.requests as rq
    pools = [rq.NARRATIVE_FRAMES, rq.OFFER_YES, rq.ASK_REQUEST, rq.MEETING_TAILS, *rq.ANSWER_INTROS.values()]
    for table in (rq.REQUEST_QUOTES, rq.REQUEST_CONTEXT, rq.NARRATIVE_OBJECTS, rq.OFFER_QUESTIONS, rq.ANSWER_TOPICS,
                  rq.ANSWER_ACTIONS, rq.PLAIN_ACTIONS, rq.DISTRACTORS, rq.HEARING_MOVES, rq.TOPIC_REMARKS):
        pools += list(table.values())
    organ_words = [w for k in CL.item("FU-04").params["request_kinds"].values() for w in k["request"]]
    for pool in pools:
        if len(pool) >= 4:
            assert not set(map(str, pool[3::4])) & set(map(str, pool[0::4] + pool[1::4] + pool[2::4]))
        text = "".join(map(str, pool))
        assert not any(w in text for w in organ_words + ["采纳", "采信", "开庭审理"]), pool


def test_generator_records_requests_and_their_answers():
    from training.followups import export_labels
    sents, pairs, dossiers = export_labels(10, 11, ["A", "B", "C"])
    for d in dossiers:
        docs = d["docs"]
        for m in (x for x in docs if x.type == "meeting_record"):
            assert [k for k, *_ in m.data.get("request_texts", [])] == m.data.get("requests", [])
        for x in docs:
            for kind, text in x.data.get("answer_texts", []):
                assert text in x.text() or text.split("：", 1)[-1] in x.text()


def test_bundled_matcher_reads_an_ocr_zero_like_the_printed_one():
    """A scan turns 二〇二四 into 二O二四: the answer must score the same, not drop below answer_lo."""
    _, matcher = default_followup_models()
    req = ("当事人称想请律师申请劳动能力鉴定。", "appraisal")
    printed = matcher.best(*req, [("此外，代理人已于二〇二四年十月六日申请对签名真伪进行检验。", "defense_opinion")])[0]
    scanned = matcher.best(*req, [("此外，代理人已于二O二四年十月六日申请对签名真伪进行检验。", "defense_opinion")])[0]
    assert scanned == pytest.approx(printed) and printed > 0.3
