"""FU: unanswered follow-ups."""
from dossier_builders import TEXTS, build, criminal_spec
from review.checklist import load_checklist
from review.context import CheckContext
from review.engine import run_item

CL = load_checklist()


def run(dossier, item_id):
    return run_item(dossier, CL.item(item_id), CheckContext.build(dossier, CL))


def with_texts(**texts):
    return build(criminal_spec(**texts))


# ------------------------------------------------------------------ FU-01
NO_BAIL_OPINION = ["辩护词\n审判长、审判员：", "综上，请求对被告人从轻处罚。"]


def test_fu01_answered_request_passes():
    f = run(build(), "FU-01")
    assert f.status == "pass" and f.pages == [12]


def test_fu01_unanswered_bail_request_fails_with_page_and_sentence():
    f = run(with_texts(defense_opinion=NO_BAIL_OPINION), "FU-01")
    assert f.status == "fail"
    assert f.pages == [12] and f.occurrences == 1 and f.deduction == 5
    assert "会见笔录第12页受援人要求申请取保候审" in f.message and "后续材料未见处理" in f.message
    assert "取保候审" in f.evidence[0].text


def test_fu01_a_reconciliation_obtained_answers_a_request_to_mediate():
    """受援人：我想跟对方调解 … later 被告人取得了被害人的谅解: the request was acted on (取得 is an act)."""
    meeting = ("会见笔录\n律师：你还有什么想法？\n受援人：我想跟对方调解，能不能请律师联系一下？\n"
               "律师：你还有什么要补充的吗？\n受援人：没有其他要求了。")
    opinion = ["辩护词\n审判长、审判员：", "一、被告人取得了被害人的谅解，可以酌情从轻处罚。\n综上，请求对被告人从轻处罚。"]
    f = run(with_texts(meeting_record=meeting, defense_opinion=opinion), "FU-01")
    assert f.status == "pass", f.message


def test_fu01_each_capped_at_15():
    meeting = ["会见笔录\n答：我希望申请取保候审。\n答：我要求调取监控录像。",
               "答：希望通知证人出庭。\n答：我想申请伤情鉴定。\n答：判了我要上诉。"]
    f = run(with_texts(meeting_record=meeting, defense_opinion=NO_BAIL_OPINION,
                       investigation="调查笔录\n向王某了解情况。", file_review_record="阅卷笔录"), "FU-01")
    # evidence answered by the investigation; the follow-up model also reads 判了我要上诉 as a request
    assert f.status == "fail" and f.occurrences == (4 if f.decided_by.startswith("model") else 3)
    assert f.deduction == 15


def test_fu01_lawyer_explanation_is_not_a_request():
    meeting = ["会见笔录\n问：律师告知你可以申请取保候审，你明白吗？\n答：明白。",
               "律师告知受援人，可以申请取保候审。"]
    assert run(with_texts(meeting_record=meeting, defense_opinion=NO_BAIL_OPINION), "FU-01").status == "pass"


def test_fu01_negated_request_ignored():
    meeting = ["会见笔录\n问：你有什么要求？\n答：没有什么要求。\n答：我不申请取保候审。"]
    assert run(with_texts(meeting_record=meeting, defense_opinion=NO_BAIL_OPINION), "FU-01").status == "pass"


def test_fu01_yes_to_an_offer_is_a_request():
    meeting = ["会见笔录\n问：你是否需要申请取保候审？\n答：是的。"]
    f = run(with_texts(meeting_record=meeting, defense_opinion=NO_BAIL_OPINION), "FU-01")
    assert f.status == "fail"


def test_fu01_narrative_request_and_later_meeting_answers():
    spec = criminal_spec(defense_opinion=NO_BAIL_OPINION)
    i = [t for t, _ in spec].index("meeting_record")
    spec[i] = ("meeting_record", "会见笔录\n被告人提出希望申请鉴定。")
    spec.insert(i + 1, ("meeting_record", "会见笔录\n律师告知被告人鉴定申请已向法院提交。"))
    assert run(build(spec), "FU-01").status == "pass"
    spec.pop(i + 1)
    assert run(build(spec), "FU-01").status == "fail"


def test_fu01_no_meeting_record_not_applicable():
    spec = [s for s in criminal_spec() if s[0] != "meeting_record"]
    assert run(build(spec), "FU-01").status == "not_applicable"


def test_fu01_other_request_unanswered_is_uncertain():
    meeting = ["会见笔录\n答：我希望律师帮我联系我的母亲报平安。"]
    f = run(with_texts(meeting_record=meeting, defense_opinion=NO_BAIL_OPINION), "FU-01")
    assert f.status == "uncertain" and f.deduction == 0


# ------------------------------------------------------------------ FU-02
LETTER = "案卷质量提醒函\n经检查，存在以下问题：\n一、缺少阅卷笔录；\n二、页码不连续；\n三、回访记录不完整。\n请于十日内整改回复。"


def with_letter(reply=None):
    spec = criminal_spec()
    spec.insert(-1, ("reminder_letter", LETTER))
    if reply is not None:
        spec.insert(-1, ("rectification_reply", reply))
    return build(spec)


def test_fu02_reply_addressing_each_point_passes():
    reply = "整改回复\n一、已补充阅卷笔录；\n二、已重新编写页码；\n三、已补充回访记录。"
    assert run(with_letter(reply), "FU-02").status == "pass"


def test_fu02_unnumbered_reply_covering_points_passes():
    reply = "整改报告\n我所已补充阅卷笔录，页码不连续问题已重新编号，回访记录不完整问题已补正。"
    assert run(with_letter(reply), "FU-02").status == "pass"


def test_fu02_missing_reply_fails():
    f = run(with_letter(), "FU-02")
    assert f.status == "fail" and "未见整改回复" in f.message and f.deduction == 5


def test_fu02_partial_reply_fails():
    f = run(with_letter("整改回复\n1. 已补充阅卷笔录。"), "FU-02")
    assert f.status == "fail" and "列明3项" in f.message and "仅回复1项" in f.message


def test_fu02_letter_closing_formula_is_no_answered_point():
    """The letter's closing request (整改…回复本中心) and signature belong to no point: a reply
    that echoes them (收到…整改情况回复如下) has answered only the points it names."""
    letter = ("督办函\n存在以下问题：\n一、会见笔录缺少受援人签名。\n二、未附判决书复印件。\n"
              "请你所于十五日内逐项整改，并将整改情况书面回复本中心。\n某某市法律援助中心\n2024年9月13日")
    reply = ("情况说明\n某某市法律援助中心：\n收到你中心提醒函后，我所立即组织整改，现将整改情况回复如下：\n"
             "一、关于“会见笔录缺少受援人签名”的问题：已由受援人补签。\n某某律师事务所\n2024年9月23日")
    spec = criminal_spec()
    spec.insert(-1, ("reminder_letter", letter))
    spec.insert(-1, ("rectification_reply", reply))
    f = run(build(spec), "FU-02")
    assert f.status == "fail" and "列明2项" in f.message and "仅回复1项" in f.message


def test_fu02_no_letter_not_applicable():
    assert run(build(), "FU-02").status == "not_applicable"


# ------------------------------------------------------------------ FU-03
def test_fu03_reached_passes():
    assert run(build(), "FU-03").status == "pass"


def test_fu03_failed_callback_without_retry_fails():
    f = run(with_texts(callback_record="受援人回访表\n回访情况：电话无人接听。"), "FU-03")
    assert f.status == "fail" and "无人接听" in f.message


def test_fu03_retry_or_closure_passes():
    retry = "受援人回访表\n3月1日电话无人接听；3月3日再次回访，电话接通，受援人表示满意。"
    closed = "受援人回访表\n电话关机，多次联系未果，结束回访。"
    assert run(with_texts(callback_record=retry), "FU-03").status == "pass"
    assert run(with_texts(callback_record=closed), "FU-03").status == "pass"


def test_fu03_dissatisfaction_needs_handling():
    bad = "受援人回访表\n电话接通，受援人表示不满意，认为律师会见次数少。"
    ok = bad + "\n处理情况：已核实并向受援人解释。"
    assert run(with_texts(callback_record=bad), "FU-03").status == "fail"
    assert run(with_texts(callback_record=ok), "FU-03").status == "pass"


def test_fu03_checkbox_form_and_no_callback():
    form = "满意度测评表\n回访结果：☑满意 □基本满意 □不满意\n投诉电话：12348"
    assert run(with_texts(callback_record=form), "FU-03").status == "pass"
    spec = [s for s in criminal_spec() if s[0] != "callback_record"]
    assert run(build(spec), "FU-03").status == "not_applicable"


def test_fu03_the_way_tried_is_not_a_callback_that_reached():
    """回访方式 上门回访 names the way planned; 无法接通 below says it failed."""
    form = "受援人意见反馈表\n承办人 王辉建 回访方式 上门回访\n回访情况：拨打受援人电话无法接通，待再次回访。"
    f = run(with_texts(callback_record=form), "FU-03")
    assert f.status == "fail" and "无法接通" in f.message


# ------------------------------------------------------------------ FU-04
NOTICE = "法院通知\n请辩护人于2025年5月1日前补充提交被告人家庭情况材料。"


def with_notice(answer=None):
    spec = criminal_spec()
    i = [t for t, _ in spec].index("hearing_record")
    spec.insert(i, ("other", NOTICE))
    if answer:
        spec = [(t, x + "\n" + answer if t == "closing_report" else x) for t, x in spec]
    return build(spec)


def test_fu04_answered_request_passes():
    assert run(with_notice("已按法院要求补充提交了家庭情况材料，已提交。"), "FU-04").status == "pass"


def test_fu04_unanswered_request_fails():
    f = run(with_notice(), "FU-04")
    assert f.status == "fail" and f.deduction == 3 and "补充材料" in f.message


def test_fu04_not_applicable_without_requests():
    assert run(build(), "FU-04").status == "not_applicable"


# ------------------------------------------------------------------ FU-05
def test_fu05_complete_report_passes():
    assert run(build(), "FU-05").status == "pass"


def test_fu05_missing_adoption_fails():
    f = run(with_texts(closing_report="结案报告\n案件结果：法院判决被告人有期徒刑六个月。\n意见采纳情况："), "FU-05")
    assert f.status == "fail" and "意见采纳情况" in f.message


def test_fu05_missing_outcome_fails():
    d = with_texts(closing_report="结案报告\n本案已办结。辩护意见部分采纳。")
    d.facts.outcome = None
    f = run(d, "FU-05")
    assert f.status == "fail" and "案件结果" in f.message


def test_fu05_an_empty_outcome_caption_is_not_filled_by_the_next_line():
    d = with_texts(closing_report="结案报告\n案件结果：\n辩护（代理）意见采纳情况：辩护意见部分被采纳，已向受援人解释。")
    d.facts.outcome = None
    f = run(d, "FU-05")
    assert f.status == "fail" and "案件结果" in f.message


def test_fu05_a_result_field_left_blank_is_not_filled_by_a_request_told_elsewhere():
    report = ("承办情况报告\n二、承办经过：会见受援人，阅卷。\n三、办理结果：\n四、辩护意见被基本采纳。\n"
              "针对受援人提出的取保候审要求，承办律师提交了取保候审申请书，办案机关未予准许。")
    assert run(with_texts(closing_report=report), "FU-05").status == "fail"
    filled = report.replace("三、办理结果：\n", "三、办理结果：\n法院判决被告人有期徒刑六个月。\n")
    assert run(with_texts(closing_report=filled), "FU-05").status == "pass"


def test_fu05_outcome_in_the_reports_own_words_under_a_combined_caption():
    d = with_texts(closing_report="结案登记表\n结案方式及结果：公安分局将案件移送区人民检察院，侦查阶段辩护工作结束。\n"
                                  "代理意见未被采纳，承办律师已向受援人作了解释。")
    d.facts.outcome = None
    assert run(d, "FU-05").status == "pass"


def test_fu05_not_applicable_without_report():
    assert run(build([s for s in criminal_spec() if s[0] != "closing_report"]), "FU-05").status == "not_applicable"


def test_texts_fixture_unchanged():
    assert "取保候审" in TEXTS["meeting_record"][0]


def test_fu04_response_naming_the_supplement_with_a_date_answers():
    spec = criminal_spec()
    types = [t for t, _ in spec]
    spec.insert(types.index("defense_opinion"), ("other", "补正通知书\n请你于2025年5月1日前向本院补充提交病历原件等材料。"))
    answered = [(t, x + "\n法院要求的补充材料已于2025年4月24日寄送法院。" if t == "closing_report" else x)
                for t, x in spec]
    assert run(build(answered), "FU-04").status == "pass"
    unrelated = [(t, x + "\n律师已于2025年5月10日代为提交鉴定申请书。" if t == "closing_report" else x)
                 for t, x in spec]
    assert run(build(unrelated), "FU-04").status == "fail"


def test_fu04_open_request_without_closing_report_is_uncertain():
    """The response is recorded in the closing report: without the report (MD-13 counts that)
    an open request is no decisive evidence against the lawyer."""
    spec = [s for s in criminal_spec() if s[0] != "closing_report"]
    spec.insert([t for t, _ in spec].index("hearing_record"), ("other", NOTICE))
    f = run(build(spec), "FU-04")
    assert f.status == "uncertain" and "结案报告" in f.message and f.deduction == 0


def test_fu05_outcome_in_the_reports_own_words_passes():
    d = with_texts(closing_report="办案小结\n三、案件结果：公安机关于2025年9月9日将案件移送检察院，侦查阶段辩护工作结束。\n"
                                  "四、辩护意见未被采纳，已向受援人解释。")
    d.facts.outcome = None
    assert run(d, "FU-05").status == "pass"
    empty = with_texts(closing_report="办案小结\n案件结果：     意见采纳情况：辩护意见未被采纳。")
    empty.facts.outcome = None
    assert run(empty, "FU-05").status == "fail"  # a caption followed only by the next caption


def test_fu05_ignores_a_form_headed_as_another_type():
    """A 征询意见表 the page model typed as closing report is not the report."""
    d = with_texts(closing_report="司法机关意见征询表\n办案机关意见：较好地履行了职责。")
    assert run(d, "FU-05").status == "not_applicable"
    md = run(d, "MD-13")
    assert md.status == "fail" and "标题表明其为" in md.message


def test_fu01_answer_in_a_later_meeting_joined_to_the_same_record():
    """Two meetings the segmentation joined into one record: the second meeting's account of what
    the lawyer did answers the first one's request."""
    meeting = ["会见笔录\n时间：2025年3月6日\n问：你有什么要求？\n答：我希望律师帮我申请取保候审。",
               "会见笔录\n时间：2025年3月20日\n问：根据你的要求，承办律师已向检察院提交取保候审申请书，检察院未予准许。\n答：好的。"]
    f = run(with_texts(meeting_record=meeting, defense_opinion=NO_BAIL_OPINION), "FU-01")
    assert f.status == "pass", f.message


def test_fu01_complaint_passed_on_to_the_procuratorate_is_answered():
    meeting = ["会见笔录\n时间：2025年3月6日\n问：你还有什么要求？\n答：我要投诉看守所的管教，请律师帮我反映。",
               "问：还有其他要求吗？\n答：没有了。"]
    report = ("法律援助案件结案报告表\n案件结果：法院判决被告人有期徒刑六个月。\n意见采纳情况：辩护意见部分采纳。\n"
              "对受援人反映的问题，承办律师已向驻所检察室书面反映，并将处理情况告知受援人。")
    f = run(with_texts(meeting_record=meeting, closing_report=report), "FU-01")
    assert f.status == "pass", f.message


def test_an_exhibit_list_the_model_typed_as_an_investigation_does_not_act_on_an_evidence_request():
    """答：我要求调取监控录像, then a page headed 证据清单 (typed investigation by the model): the
    heading says it is the exhibits (evidence), not an investigation, so its type answers nothing;
    headed 调查笔录 it acts on the request by itself."""
    from review.checks.request_answers import rule_decisions

    def evidence_decision(investigation: str):
        d = with_texts(meeting_record="会见笔录\n答：我要求调取监控录像。", defense_opinion=NO_BAIL_OPINION,
                       investigation=investigation)
        decisions = rule_decisions(d, CheckContext.build(d, CL), CL.item("FU-01").params,
                                   d.documents_of("meeting_record"))
        return next(x for x in decisions if x.req.kind == "evidence")

    assert evidence_decision("证据清单\n序号 证据名称 证明内容\n1 身份证复印件 主体资格").status == "unanswered"
    assert evidence_decision("调查笔录\n向王某了解情况。").status == "answered"
