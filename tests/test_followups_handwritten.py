"""FU-01 on hand-written wording (not generator templates): rules vs the follow-up model.

Each case is a small criminal dossier (tests/dossier_builders) whose meeting record
and later documents are written the way lawyers write them: requests in the client's
own words or reported, answers as filed applications, hearing motions, later meeting
records or explained refusals (which count as answered, checklist FU-01), and
unanswered requests whose topic is still mentioned later (a restatement, the word in
another sense, an answer to a different request). ``test_default_path_on_handwritten``
holds the path the pipeline uses to this set; ``-s`` prints rules vs model side by side.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from dossier_builders import build, criminal_spec
from models.followups import default_followup_models
from review.checklist import load_checklist
from review.context import CheckContext, bundled_followup_models
from review.engine import run_item

CL = load_checklist()
NO_BAIL_OPINION = ["辩护词\n审判长、审判员：", "综上，请求对被告人从轻处罚。"]
PLAIN_INVESTIGATION = "调查笔录\n被调查人：王某\n问：你和张某是什么关系？\n答：邻居。"


@dataclass(frozen=True)
class Case:
    """One dossier: the meeting record, texts of later documents, the FU-01 status a reviewer gives."""

    name: str
    expected: str  # pass | fail
    meeting: str
    texts: dict = field(default_factory=dict)  # doc type -> text (None removes the document)
    post_meeting: str | None = None  # a second meeting record after the judgment
    later_meeting: str | None = None  # a second meeting record right after the first


CASES = [
    # ---- answered (acted on, or refused with a reason)
    Case("bail_by_custody_review", "pass",
         "会见笔录\n问：你有什么想法？\n答：我血压高，在里面吃不消，想让律师帮我办个取保。",
         {"defense_opinion": ["辩护词\n审判长、审判员：",
                              "辩护人于2025年3月20日向某某区人民检察院提交《羁押必要性审查申请书》，检察院审查后认为仍有羁押必要。"
                              "综上，请求对被告人从轻处罚。"]}),
    Case("evidence_cctv_copied", "pass",
         "会见笔录\n答：案发那晚小区门口的监控能拍到我根本不在场，麻烦律师去物业把录像调出来。",
         {"investigation": "调查笔录\n2025年3月15日，承办律师前往某某物业服务中心，复制案发当晚小区东门监控录像一份（光盘），已附卷。"}),
    Case("witness_at_hearing", "pass",
         "会见笔录\n答：我表哥刘某当时就在旁边，他能证明是对方先动的手，我希望他出庭。",
         {"hearing_record": "庭审笔录\n开庭时间：2025年5月10日\n辩护人：申请证人刘某出庭作证。\n审判长：准许。证人刘某到庭。"}),
    Case("appraisal_refused_with_reason", "pass",
         "会见笔录\n答：伤情鉴定我不服，要求重新鉴定。",
         {"closing_report": "法律援助案件结案报告表\n结案日期：2025年6月1日\n"
                            "办理情况：关于被告人要求重新鉴定一节，经查阅卷宗，原鉴定由具备资质的机构依规范作出，程序合法，"
                            "承办律师认为申请重新鉴定缺乏依据，已于2025年4月2日会见时向被告人说明，被告人表示接受。\n"
                            "案件结果：法院判决被告人有期徒刑六个月。\n意见采纳情况：辩护意见部分采纳。"}),
    Case("appeal_drafted", "pass",
         "会见笔录\n问：你有什么要求？\n答：暂时没有。",
         {"closing_report": "法律援助案件结案报告表\n结案日期：2025年6月1日\n"
                            "办理情况：判决后承办律师会见被告人，被告人表示不服，律师协助其书写上诉状，于2025年5月25日经看守所转交法院。\n"
                            "案件结果：法院判决被告人有期徒刑六个月。\n意见采纳情况：辩护意见部分采纳。"},
         post_meeting="会见笔录\n时间：2025年5月22日\n问：判决书收到了吗？\n答：收到了，判六个月太重，我要上诉。"),
    Case("settlement_reached", "pass",
         "会见笔录\n答：我愿意赔钱，希望能跟被害人家里和解，求他们原谅。",
         {"defense_opinion": ["辩护词\n审判长、审判员：",
                              "被告人家属已于2025年4月10日赔偿被害人经济损失人民币三万元，被害人出具了谅解书（见附件）。"
                              "综上，请求对被告人从轻处罚。"]}),
    Case("complaint_channel_explained", "pass",
         "会见笔录\n答：派出所有人打了我，我要控告他们。",
         later_meeting="会见笔录\n时间：2025年3月20日\n问：上次你说要控告办案民警，我们已告诉你可以向检察院驻所检察室控告，"
                       "并帮你写好了控告材料，你交上去了吗？\n答：交了。"),
    Case("bail_answered_in_later_meeting", "pass",
         "会见笔录\n被告人提出希望律师帮其申请取保候审。",
         later_meeting="会见笔录\n时间：2025年3月20日\n律师告知被告人：取保候审申请已于2025年3月12日递交法院，"
                       "法院以其可能判处较重刑罚为由不予准许。\n答：知道了。"),
    Case("evidence_bank_statement_no_keyword", "pass",
         "会见笔录\n答：我要求调取我的工资流水，能证明我一直在上班。",
         {"closing_report": "法律援助案件结案报告表\n结案日期：2025年6月1日\n"
                            "办理情况：承办律师于2025年3月18日到某银行打印了受援人工资卡2024年度交易明细并提交法院。\n"
                            "案件结果：法院判决被告人有期徒刑六个月。\n意见采纳情况：辩护意见部分采纳。"}),
    Case("evidence_list_names_the_asked_item", "pass",
         "会见笔录\n答：对方的银行流水我拿不到，希望律师帮忙调取。",
         {"investigation": "证据目录\n提交人：承办律师\n序号 证据名称 证明内容 页数\n1 身份证复印件 主体资格 1\n"
                           "2 对方银行流水（法院调取） 对方的收入情况 3",
          "closing_report": "法律援助案件结案报告表\n结案日期：2025年6月1日\n"
                            "办理情况：接受指派后，承办律师会见了受援人，了解案件情况，多次与对方沟通协商。\n"
                            "案件结果：法院判决被告人有期徒刑六个月。\n意见采纳情况：辩护意见部分采纳。"}),
    # ---- unanswered (nothing later acts on the request, though its topic may be named)
    Case("evidence_list_without_the_asked_item", "fail",
         "会见笔录\n答：对方的银行流水我拿不到，希望律师帮忙调取。",
         {"investigation": "证据目录\n提交人：承办律师\n序号 证据名称 证明内容 页数\n1 身份证复印件 主体资格 1\n"
                           "2 微信聊天记录截图 事实经过 3",
          "closing_report": "法律援助案件结案报告表\n结案日期：2025年6月1日\n"
                            "办理情况：接受指派后，承办律师会见了受援人，了解案件情况，多次与对方沟通协商。\n"
                            "案件结果：法院判决被告人有期徒刑六个月。\n意见采纳情况：辩护意见部分采纳。"}),
    Case("bail_only_restated", "fail",
         "会见笔录\n答：家里孩子没人管，我要求办取保候审。",
         {"closing_report": "法律援助案件结案报告表\n结案日期：2025年6月1日\n"
                            "办理情况：承办律师会见被告人三次，会见中被告人提出希望取保候审。\n"
                            "案件结果：法院判决被告人有期徒刑六个月。\n意见采纳情况：辩护意见部分采纳。"}),
    Case("witness_word_in_other_sense", "fail",
         "会见笔录\n答：我同事赵某看见了，我要求让他出庭作证。",
         {"defense_opinion": ["辩护词\n审判长、审判员：",
                              "证人钱某的证言与被告人供述能够相互印证。综上，请求对被告人从轻处罚。"],
          "investigation": None}),
    Case("appraisal_vague_promise", "fail",
         "会见笔录\n答：那个价格鉴定太高了，我要求重新鉴定。",
         later_meeting="会见笔录\n时间：2025年3月20日\n问：重新鉴定的事我们还在研究，有结果再告诉你。\n答：好的。"),
    Case("evidence_other_request_answered", "fail",
         "会见笔录\n答：我要求律师去调取我和他的微信聊天记录。\n答：另外我愿意赔偿，希望和被害人和解。",
         {"closing_report": "法律援助案件结案报告表\n结案日期：2025年6月1日\n"
                            "办理情况：关于被告人提出的和解要求，承办律师于2025年4月1日联系被害人，被害人拒绝和解。\n"
                            "案件结果：法院判决被告人有期徒刑六个月。\n意见采纳情况：辩护意见部分采纳。",
          "investigation": None}),
    Case("settlement_never_mentioned", "fail",
         "会见笔录\n答：我想请律师帮我跟对方谈谈，争取对方谅解。", {"investigation": None}),
    Case("complaint_dropped", "fail",
         "会见笔录\n答：看守所的管教骂我，我要投诉他。",
         {"closing_report": "法律援助案件结案报告表\n结案日期：2025年6月1日\n"
                            "办理情况：受援人曾表示要投诉，律师记录在案。\n"
                            "案件结果：法院判决被告人有期徒刑六个月。\n意见采纳情况：辩护意见部分采纳。"}),
    # ---- no request at all
    Case("topic_without_request", "pass",
         "会见笔录\n问：之前做过伤情鉴定吗？\n答：在派出所做过，是轻微伤。"),
    Case("offer_declined", "pass",
         "会见笔录\n问：你可以申请取保候审，你要申请吗？\n答：不用了，反正也快判了。"),
]


def _dossier(case: Case):
    texts = dict(case.texts)
    texts.setdefault("defense_opinion", NO_BAIL_OPINION)
    spec = [(t, texts.get(t, x)) for t, x in criminal_spec(meeting_record=case.meeting)]
    spec = [(t, x) for t, x in spec if x is not None]
    types = [t for t, _ in spec]
    if case.later_meeting:
        spec.insert(types.index("meeting_record") + 1, ("meeting_record", case.later_meeting))
    if case.post_meeting:
        spec.insert([t for t, _ in spec].index("closing_report"), ("meeting_record", case.post_meeting))
    return build(spec)


def fu01(case: Case, models):
    """FU-01 on a case with the given follow-up models (None: the rules)."""
    d = _dossier(case)
    return run_item(d, CL.item("FU-01"), CheckContext.build(d, CL, models))


def _decided(status: str) -> str:
    return "fail" if status == "fail" else "pass"  # uncertain deducts nothing: not a failure


def scores(models) -> tuple[int, int, int, list[str]]:
    """(correct, missed unanswered, false failures, names wrong) over CASES."""
    wrong = [c.name for c in CASES if _decided(fu01(c, models).status) != c.expected]
    missed = sum(1 for c in CASES if c.name in wrong and c.expected == "fail")
    return len(CASES) - len(wrong), missed, len(wrong) - missed, wrong


def test_cases_are_well_formed():
    assert len(CASES) >= 10 and len({c.name for c in CASES}) == len(CASES)
    assert {c.expected for c in CASES} == {"pass", "fail"}


@pytest.mark.parametrize("case", [c for c in CASES if c.expected == "fail"], ids=lambda c: c.name)
def test_unanswered_fail_with_request_evidence(case):
    """Whatever decides, a failure names the request page and quotes the request."""
    f = fu01(case, bundled_followup_models())
    if f.status == "fail":
        assert f.evidence and all(e.page in f.pages for e in f.evidence) and f.evidence[0].text


def test_default_path_on_handwritten(capsys):
    """Rules vs model on the set; the path the pipeline uses is the better one and misses little."""
    rules = scores(None)
    model = default_followup_models()
    learned = scores(model) if model is not None else None
    with capsys.disabled():
        print(f"\nhand-written FU-01 ({len(CASES)} cases): rules correct={rules[0]} missed={rules[1]} "
              f"false_fail={rules[2]} wrong={rules[3]}")
        if learned:
            print(f"hand-written FU-01: model correct={learned[0]} missed={learned[1]} "
                  f"false_fail={learned[2]} wrong={learned[3]}")
    default = scores(bundled_followup_models())
    assert default[0] >= rules[0] and (learned is None or default[0] >= learned[0])
    assert default[0] >= len(CASES) - 3


def test_an_evidence_list_answers_only_what_it_lists():
    """A 证据目录 (typed as investigation material) after a request to obtain the other side's
    bank records acts on it only when it lists them; a closing report's routine 会见了受援人，了解
    案件情况 is no answer either, whatever the matcher scores it."""
    by_name = {c.name: c for c in CASES}
    models = bundled_followup_models()
    assert fu01(by_name["evidence_list_without_the_asked_item"], models).status == "fail"
    assert fu01(by_name["evidence_list_names_the_asked_item"], models).status == "pass"
