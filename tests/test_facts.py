from dataclasses import replace
from datetime import date

import pytest

from ingest.datamodel import Document, Dossier, Line, Page
from ingest.facts.casenumbers import case_no_key
from ingest.facts.extract import extract_facts

NO = "（2025）苏0508法援刑字第123号"
PAGES = {
    1: f"法律援助案件卷宗\n案号：{NO}\n案由：盗窃罪\n受援人：张三\n承办人：李四\n承办单位：江苏某某律师事务所\n"
       "结案日期：2025年9月30日\n立卷日期：2025年10月15日",
    2: "卷内目录\n序号 文件名称 页号\n1 法律援助通知书 1\n2 指派通知书 2\n3 会见笔录 3-4\n4 结案报告 5",
    3: f"法律援助通知书\n苏州市某某区人民法院\n被告人张三涉嫌盗窃罪一案，依法通知辩护，请指派律师。\n二〇二五年六月三日",
    4: f"指派通知书\n{NO}\n江苏某某律师事务所：\n现指派李四律师承办受援人张三刑事辩护一案。\n指派日期：2025年6月5日",
    5: "会见笔录\n会见时间：2025年6月7日上午\n被会见人：张三\n律师：是否认罪认罚？\n张三：愿意认罪认罚。",
    6: "张三：请求律师申请取保候审。\n（以下无正文）\n2025年6月7日",
    7: f"结案报告\n案号：{NO}\n受援人：张三\n本案经公开开庭审理，法院判决被告人张三犯盗窃罪，判处有期徒刑一年。\n"
       "结案日期：2025年9月28日\n承办律师：李四",
    8: "法律援助案件卷宗\n案号：（2025）苏0508法援刑字第999号\n受援人：王五",
}
DOCS = [("cover", 1, 1), ("toc", 2, 2), ("court_notice", 3, 3), ("assignment", 4, 4),
        ("meeting_record", 5, 6), ("closing_report", 7, 7), ("other", 8, 8)]


def dossier():
    d = Dossier(path="x.pdf", pages=[Page(index=i, text=t) for i, t in PAGES.items()])
    d.documents = [Document(t, a, b) for t, a, b in DOCS]
    return d


def test_facts():
    d = dossier()
    f = extract_facts(d)
    assert f.case_no.value == NO and f.case_no.page == 1
    assert f.case_kind.value == "criminal_defense"
    assert f.client.value == "张三" and f.lawyer.value == "李四"
    assert f.firm.value == "江苏某某律师事务所"
    assert f.cause.value == "盗窃罪"
    assert f.appointed_by_notice and f.pleaded_guilty and f.had_hearing and not f.means_test_exempt
    assert f.outcome.value == "judgment"
    assert f.cover["案号"].value == NO and f.cover["结案日期"].value == "2025年9月30日"
    assert f.cover["closing_date"] is f.cover["结案日期"] and f.cover["client"].value == "张三"
    assert f.first_date("decision").day == date(2025, 6, 3)
    assert f.first_date("notice").day == date(2025, 6, 3)
    assert f.first_date("assignment").day == date(2025, 6, 5)
    assert f.first_date("meeting").day == date(2025, 6, 7) and f.first_date("meeting").page == 5
    assert f.first_date("closing").day == date(2025, 9, 28) and f.first_date("closing").page == 7
    assert f.first_date("filing").day == date(2025, 10, 15)
    assert [(e.seq, e.first, e.last) for e in f.toc] == [(1, 1, 1), (2, 2, 2), (3, 3, 4), (4, 5, 5)]
    assert d.flagged("other_case") == [8]
    assert f.to_contract()["closing_date"] == "2025-09-28"


def test_case_no_forms_and_kinds():
    assert case_no_key("(2025)苏0508法援刑字第123号") == case_no_key("〔2025〕苏0508法援刑字第０１２３号")
    assert case_no_key("（2025）苏0508刑初123号") is None  # a court number, not a legal-aid number
    assert case_no_key("苏州劳人仲案字（2025）第12号") is None
    assert case_no_key("苏0508法援刑(2025)123号") == case_no_key("苏0508法援刑（2025）123号") is not None
    assert case_no_key("[2024]豫0802援民字第007号") == case_no_key("（2024）豫0802援民字第7号")
    for marker, kind in [("民", "civil"), ("仲", "arbitration"), ("行", "administrative"), ("非", "non_litigation"),
                         ("民非", "non_litigation"), ("刑代", "criminal_agency"), ("刑辩", "criminal_defense")]:
        d = Dossier(path="x.pdf", pages=[Page(index=1, text=f"案号：〔2025〕锡法援{marker}字第5号\n受援人：赵六")])
        d.documents = [Document("cover", 1, 1)]
        assert extract_facts(d).case_kind.value == kind


def test_agency_and_exemption():
    d = Dossier(path="x.pdf", pages=[
        Page(index=1, text="案号：（2025）苏法援刑字第7号\n受援人：孙七\n案件类别：刑事代理（被害人）"),
        Page(index=2, text="法律援助申请表\n申请人：孙七\n申请人系见义勇为人员，免予经济困难审查。\n申请日期：2025年3月1日")])
    d.documents = [Document("cover", 1, 1), Document("application", 2, 2)]
    f = extract_facts(d)
    assert f.case_kind.value == "criminal_agency" and f.means_test_exempt and not f.appointed_by_notice
    assert f.first_date("application").day == date(2025, 3, 1)


def test_wrapped_case_number_and_other_case_by_name():
    no = "浙0102法援民非〔2025〕1432号"
    d = Dossier(path="x.pdf", pages=[
        Page(index=1, text=f"案号：{no}\n受援人：黄秀建"),
        Page(index=2, text="结案报告\n受指派承办黄秀建一案（浙010\n2法援民非〔2025〕1432号），现报告如下"),
        Page(index=3, text="授权委托书\n委托人：罗敏，男\n对方当事人：覃飞宝"),
        Page(index=4, text="告知书\n受援人（签名）：吴淑\n2023.6.1"),
        Page(index=5, text=f"回访记录\n受援人：黄秀建\n对方当事人：覃飞宝")])
    d.documents = [Document("cover", 1, 1), Document("closing_report", 2, 2), Document("power_of_attorney", 3, 3),
                   Document("rights_notice", 4, 4), Document("callback_record", 5, 5)]
    f = extract_facts(d)
    assert f.case_kind.value == "non_litigation" and f.stage.value == "mediation"
    assert d.flagged("other_case") == [3, 4]


def test_cause_words_are_not_exemptions():
    d = Dossier(path="x.pdf", pages=[
        Page(index=1, text="法律援助申请表\n申请事项：最低生活保障行政给付纠纷一案\n追索劳动报酬争议"),
        Page(index=2, text="审批表\n申请人系城乡最低生活保障对象，免予经济困难审查。")])
    d.documents = [Document("application", 1, 1), Document("other", 2, 2)]
    assert not extract_facts(d).means_test_exempt
    d.documents = [Document("application", 1, 1), Document("approval", 2, 2)]
    assert extract_facts(d).means_test_exempt


def test_outcome_and_closing_date_from_result_heading():
    d = Dossier(path="x.pdf", pages=[
        Page(index=1, text="案号：（2024）浙0105法援刑字第85号\n受援人：段阳霞\n立卷日期：2024年4月1日"),
        Page(index=2, text="承办情况报告\n三、处理结果\n杭州市拱墅区人民检察院于二〇二四年三月十三日向法院提起公\n诉，本阶段辩护工作结束。\n"
                           "承办律师：魏浩鹏\n二〇二四年三月二十一日")])
    d.documents = [Document("cover", 1, 1), Document("closing_report", 2, 2)]
    f = extract_facts(d)
    assert f.outcome.value == "indictment"
    # the report states the closing event's date; its own date is the signing line's
    assert (f.first_date("closing").day, f.first_date("closing").how) == (date(2024, 3, 13), "stated")
    assert (f.first_date("closing_report").day, f.first_date("closing_report").how) == (date(2024, 3, 21), "signature")
    assert f.first_date("filing").how == "cover" and not f.first_date("filing").fragile


def test_a_withdrawal_is_dated_by_the_ruling_not_by_the_clients_application():
    """结案方式及结果：周华于2025年8月16日申请撤诉，法院于2025年8月20日作出裁定，准许撤诉: the
    outcome's day is the one the ruling was issued on (an issuing verb follows it). On a scan, that
    stated day decides though it sits in prose; a day no issuing verb follows stays fragile."""
    from ingest.readings import event_conf

    result = "结案方式及结果：周华于2025年8月16日申请撤诉，杭州市西湖区人民法院于2025年8月20日作出（2025）浙0106民初453号裁定，准许撤诉。"
    report = f"律师事务所结案登记表\n{result}\n承办人金霞"
    d = Dossier(path="x.pdf", pages=[Page(index=1, text="案号：（2025）浙0106法援民字第85号\n受援人：周华"),
                                     Page(index=2, text="民事裁定书\n准许原告撤回起诉。"),
                                     Page(index=3, text=report)])
    d.documents = [Document("cover", 1, 1), Document("judgment", 2, 2), Document("closing_report", 3, 3)]
    f = extract_facts(d)
    assert f.outcome.value == "ruling" and f.first_date("closing").day == date(2025, 8, 20)
    d.facts = f
    scan = d.pages[2]
    scan.text_source, scan.image_only = "ocr", True
    scan.lines = [Line(t, 50, 100 + 20 * k, 400, 114 + 20 * k, 12, conf=0.99, char_conf=[0.99] * len(t))
                  for k, t in enumerate(report.splitlines())]
    (stated,) = [e for e in f.events if e.kind == "outcome" and e.how == "stated"] or \
        [e for e in f.events if e.kind == "closing" and e.how == "stated"]
    assert event_conf(d, stated) >= 0.7
    assert event_conf(d, replace(stated, day=date(2025, 8, 16))) == 0.0


def test_a_closing_reports_toc_row_witnesses_its_date_or_stands_in_for_it():
    """The toc row 律师事务所结案登记表 2024.11.11 repeats the report's own 结案日期: a second reading
    of the report's date (readings._read_again lifts a doubtful scan of it); a row that says
    otherwise witnesses nothing; a report whose date is unread is dated by its row."""
    toc = "卷内目录\n序号 文件材料题名 日期 页号\n1 民事调解书 2024.11.22 1\n2 律师事务所结案登记表 {day} 2"
    report = "律师事务所结案登记表\n委托人 卢兰\n{field}\n结案方式及结果：双方达成调解协议。"

    def report_events(day: str, field: str) -> list:
        d = Dossier(path="x.pdf", pages=[Page(index=1, text=toc.format(day=day)),
                                         Page(index=2, text="民事调解书\n双方自愿达成协议。", printed_number=1),
                                         Page(index=3, text=report.format(field=field), printed_number=2)])
        d.documents = [Document("toc", 1, 1), Document("judgment", 2, 2), Document("closing_report", 3, 3)]
        return sorted((e.day, e.how) for e in extract_facts(d).events if e.kind == "closing_report")

    assert report_events("2024.11.11", "收案日期2024.10.16 结案日期2024.11.11") == [
        (date(2024, 11, 11), "labelled"), (date(2024, 11, 11), "toc")]
    assert report_events("2024.11.12", "收案日期2024.10.16 结案日期2024.11.11") == [(date(2024, 11, 11), "labelled")]
    assert report_events("2024.11.11", "承办律师：金霞") == [(date(2024, 11, 11), "toc")]


def test_a_toc_row_naming_another_type_dates_nothing_its_wrong_range_starts_on():
    """Row 7 (委托代理协议 2024年1月19日 10-11) lists the wrong pages: page 10 is the meeting record,
    which row 8 (当事人谈话记录 2024年1月15日 10) dates; the agreement's row does not contest it."""
    toc = ("卷内目录\n序号 文件材料题名 日期 页号\n7 法律援助委托代理协议 2024年1月19日 10-11\n"
           "8 当事人谈话记录 2024年1月15日 10\n9 当事人谈话记录 2024年1月26日 11")
    meeting = "当事人谈话记录\n谈话时间 谈话地点 接待室\n问：你的诉求是什么？\n答：要求支付赡养费。"
    d = Dossier(path="x.pdf", pages=[Page(index=1, text=toc), Page(index=2, text=meeting, printed_number=10),
                                     Page(index=3, text="当事人谈话记录\n谈话时间2024年1月26日", printed_number=11)])
    d.documents = [Document("toc", 1, 1), Document("meeting_record", 2, 2), Document("meeting_record", 3, 3)]
    got = sorted((e.day, e.page, e.how) for e in extract_facts(d).events if e.kind == "meeting")
    assert (date(2024, 1, 15), 1, "toc") in got and not any(day == date(2024, 1, 19) for day, _, _ in got)


def test_generic_date_labels_must_stand_alone():
    d = Dossier(path="x.pdf", pages=[
        Page(index=1, text="提供法律援助通知书\n出生日期： 1962-04-13\n被告人张三涉嫌盗窃罪一案\n二〇二五年八月十七日"),
        Page(index=2, text="会见笔录\n案发时间：2025年1月1日\n时间 2025-08-19 10时10分\n2025年8月20日")])
    d.documents = [Document("court_notice", 1, 1), Document("meeting_record", 2, 2)]
    f = extract_facts(d)
    assert f.first_date("notice").day == date(2025, 8, 17) and f.first_date("decision").day == date(2025, 8, 17)
    assert f.first_date("meeting").day == date(2025, 8, 19)


def test_signature_date_skips_a_blank_last_page():
    d = Dossier(path="x.pdf", pages=[
        Page(index=1, text="刑事判决书\n经审理查明：2024年2月22日下午2时许，被告人张三饮酒后驾车。"),
        Page(index=2, text="判决如下：被告人张三犯危险驾驶罪。\n审判长 陈某某\n二〇二四年六月十三日\n书记员 吴某"),
        Page(index=3, text="")])
    d.documents = [Document("judgment", 1, 3)]
    assert extract_facts(d).first_date("judgment").day == date(2024, 6, 13)


def test_notice_named_in_assignment_counts_as_appointed_and_no_cover_means_no_cover_fields():
    d = dossier()
    d.pages[3].text = (f"指派通知书\n{NO}\n受援人张三盗窃罪一案，根据苏州市公安局某某分局的通知，指派你所律师承办。\n"
                       "指派日期：2025年6月5日")
    d.documents = [Document(t, a, b) for t, a, b in DOCS if t not in ("cover", "court_notice")] + \
        [Document("other", 1, 1), Document("other", 3, 3)]
    d.documents.sort(key=lambda doc: doc.first_page)
    d.pages[0].text = "卷内目录\n1 身份证复印件 2025-06-01 2\n受援人 身份证复印件 2"
    d.pages[2].text = "其他材料"
    f = extract_facts(d)
    assert f.appointed_by_notice
    assert "client" not in f.cover and "受援人" not in f.cover


SEALED_DECISION = ("给予法律援助决定书\n泉山法援决字〔2025〕第112号\n张三：\n你于2025年3月3日提出的法律援助申请收悉。经审查，"
                   "你的申请符合法律援助条件，本中心决定给予法律援助。\n特此决定。\n{sign}")


def _one_doc(text: str, doc_type: str = "decision", *more: str) -> Dossier:
    d = Dossier(path="x.pdf", pages=[Page(index=i + 1, text=t) for i, t in enumerate((text,) + more)])
    d.documents = [Document(doc_type, 1, 1 + len(more))]
    return d


@pytest.mark.parametrize("sign,how", [
    ("二〇二五年苏三月四日\n州市\n法律援助中心", "sealed_signature"),  # the seal's fragments follow
    ("2025年3月州4日\n州市\n法律援助中心", "sealed_signature"),
    ("苏州市法律援助中心\n二〇二五年苏三月四日", "sealed_signature"),  # 苏 is the issuing body's
    ("二〇二五年苏三月四日", "broken_signature"),  # nothing explains 苏
    ("2025.3鼓.4\n（此页无正文）", "broken_signature"),
    ("苏州市法律援助中心\n二○ 二五年三月四日 苏", "signature"),  # the glyph after the date is the seal's
    ("二〇二五年三月四日 沧 李 区 人\n书记员 某某\n青\n岛\n市\n民\n法\n院", "signature"),
    ("泉州市丰泽区法律援助中心\n2025年\n区\n3月4日\n法\n丰泽 律援", "sealed_signature"),
    # the issuer's name printed far above; the round seal's characters scattered below the date
    ("二〇二五年\n区\n三月四日\n法\n宝山 律援\n海市 助中\n上 心", "broken_signature"),
    ("上海市宝山区法律援助中心\n\n\n\n\n二〇二五年\n区\n三月四日\n法\n宝山 律援\n海市 助中\n上 心", "sealed_signature"),
])
def test_seal_broken_signing_date_beats_a_date_quoted_in_the_body(sign, how):
    f = extract_facts(_one_doc(SEALED_DECISION.format(sign=sign)))
    e = f.first_date("decision")
    assert e.day == date(2025, 3, 4) and e.how == how and e.fragile == how.startswith("broken")


def test_seal_broken_date_on_a_scan_stays_fragile():
    """On a scan the seal may hide a digit (三月十四日 read 三月苏四日): never decisive."""
    d = _one_doc(SEALED_DECISION.format(sign="2025年3月州4日\n州市\n法律援助中心"))
    d.pages[0].text_source = "ocr"
    assert extract_facts(d).first_date("decision").how == "broken_signature"


def test_whole_signing_date_is_decisive_and_quoted_dates_are_not_signatures():
    f = extract_facts(_one_doc(SEALED_DECISION.format(sign="苏州市法律援助中心\n二〇二五年三月四日")))
    e = f.first_date("decision")
    assert (e.day, e.how, e.fragile) == (date(2025, 3, 4), "signature", False)
    # the signing line lost (under the seal, cut off): only the quoted date is left, marked as such
    f = extract_facts(_one_doc(SEALED_DECISION.format(sign="")))
    e = f.first_date("decision")
    assert (e.day, e.how, e.fragile) == (date(2025, 3, 3), "quoted", True)


def test_quoted_date_wrapped_onto_its_own_line_is_still_quoted():
    text = ("指派通知书\n江苏某某律师事务所：\n根据本中心作出的给予法律援助决定（受援人张三于\n2025年3月3日提出申请），现指派你所承办。\n"
            "苏州市法律援助中心\n2025年3月5日")
    e = extract_facts(_one_doc(text, "assignment")).first_date("assignment")
    assert (e.day, e.how) == (date(2025, 3, 5), "signature")


def test_signing_label_after_a_signer_is_the_signature_and_a_birth_date_is_not():
    text = "授权委托书\n委托人：戴红贵，女，2002年5月8日出生。\n委托人（签名） 戴红贵 日期 2025年3月4日"
    e = extract_facts(_one_doc(text, "power_of_attorney")).first_date("power_of_attorney")
    assert (e.day, e.how) == (date(2025, 3, 4), "signature")


def test_labelled_field_wins_over_signing_line():
    text = SEALED_DECISION.format(sign="二〇二五年三月九日") + "\n决定日期：2025年3月4日"
    e = extract_facts(_one_doc(text)).first_date("decision")
    assert (e.day, e.how) == (date(2025, 3, 4), "labelled")


def test_prose_date_without_signing_line_is_a_fallback():
    text = "法律援助决定书\n经审查，决定自2025年3月4日给予法律援助，本案2025年3月6日移交承办律师办理，请予配合"
    e = extract_facts(_one_doc(text)).first_date("decision")
    assert e.how in ("quoted", "fallback") and e.fragile



def test_foreign_aid_number_on_a_page_naming_our_client_is_ours():
    """A procuratorate's or firm's own 援字 number on a page about our client is no other case;
    the same number with another client's name is."""
    no = "（2025）苏0508法援刑字第123号"
    d = Dossier(path="x.pdf", pages=[
        Page(index=1, text=f"案号：{no}\n受援人：张三"),
        Page(index=2, text="法律援助通知书\n苏检刑援〔2025〕421号\n犯罪嫌疑人张三涉嫌盗窃一案，请指派律师。"),
        Page(index=3, text="会见笔录\n（2025）苏0508法援刑字第98号\n被会见人：王五")])
    d.documents = [Document("cover", 1, 1), Document("court_notice", 2, 2), Document("meeting_record", 3, 3)]
    extract_facts(d)
    assert d.flagged("other_case") == [3]


def test_cover_labels_with_name_suffix_are_labels_not_values():
    """承办人姓名 毛康阳: the label is 承办人姓名, the lawyer 毛康阳 (not 姓名)."""
    from ingest.facts.cover import cover_fields

    got = cover_fields("承办人姓名 毛康阳\n受援人姓名：邱子荣\n承办单位 广东同济律师事务所")
    assert got["承办人姓名"] == "毛康阳" and got["受援人姓名"] == "邱子荣"
    assert "承办人" not in got


def test_an_empty_cover_name_cell_is_no_name():
    """承办人姓名： with nothing after it: the next line's label (承办单位) is not the lawyer."""
    from review.checks.binding.cover_values import plausible_cover_value

    assert not plausible_cover_value("lawyer", "承办单位")
    assert not plausible_cover_value("lawyer", "姓名")
    assert plausible_cover_value("lawyer", "余静振")


def test_a_toc_rows_date_stands_in_for_a_seal_hidden_signing_date():
    """The assignment's own date lost under a seal on a scan: the toc row listing it (指派通知书
    2025年3月6日 p.2) dates it; a readable own date is never replaced."""
    toc = "卷内目录\n序号 文件名称 日期 页号\n1 给予法律援助决定书 2025年3月4日 1\n2 指派通知书 2025年3月6日 2"
    unreadable = "指派通知书\n某律师事务所：\n现指派你所承办。\n某法律援助中心\n二〇二五年区\n法\n律"
    d = Dossier(path="x.pdf", pages=[Page(index=1, text=toc), Page(index=2, text=SEALED_DECISION.format(sign="二〇二五年三月四日"), printed_number=1),
                                     Page(index=3, text=unreadable, printed_number=2)])
    d.documents = [Document("toc", 1, 1), Document("decision", 2, 2), Document("assignment", 3, 3)]
    f = extract_facts(d)
    (e,) = [e for e in f.events if e.kind == "assignment"]
    assert (e.day, e.how, e.page, e.fragile) == (date(2025, 3, 6), "toc", 1, False)
    assert [(e.day, e.how) for e in f.events if e.kind == "decision"] == [(date(2025, 3, 4), "signature")]


def test_a_toc_row_whose_page_cell_was_lost_dates_the_document_its_title_names():
    """Row 1 (提供法律援助通知书 2025年9月22日) lost its page cell; row 2 starts on page 2, so row 1
    lists page 1, the court's notice whose own date a seal hid: the row dates it. A row whose
    title names another type than the document there dates nothing."""
    toc = "卷内目录\n序号 文件名称 日期 页号\n1 {title} 2025年9月22日\n2 指派通知书 2025年9月29日 2"
    notice = "提供法律援助通知书\n某法律援助中心：\n特通知你中心为被告人指派辩护律师。\n某人民法院\n二〇二五年区"
    assignment = "指派通知书\n某律师事务所：\n现指派你所承办。\n某法律援助中心\n2025年9月29日"

    def notice_days(title: str) -> list:
        d = Dossier(path="x.pdf", pages=[Page(index=1, text=toc.format(title=title)),
                                         Page(index=2, text=notice, printed_number=1),
                                         Page(index=3, text=assignment, printed_number=2)])
        d.documents = [Document("toc", 1, 1), Document("court_notice", 2, 2), Document("assignment", 3, 3)]
        return [(e.day, e.how) for e in extract_facts(d).events if e.kind in ("notice", "court_notice", "decision")]

    assert (date(2025, 9, 22), "toc") in notice_days("提供法律援助通知书")
    assert not any(how == "toc" for _, how in notice_days("户口簿复印件"))


def test_a_scans_own_date_that_disagrees_with_its_toc_row_is_contested():
    """OCR dropped the 1 of 13 under the seal (2025年5月3日); the toc row says 5月13日: neither
    reading decides alone. On a text layer the document's own date stands."""
    toc = "卷内目录\n序号 文件名称 日期 页号\n1 行政判决书 2025年5月13日 1\n2 结案报告 2025年5月20日 2"
    judgment = "行政判决书\n判决如下：驳回原告的诉讼请求。\n泉州市丰泽区人民法院\n2025年5月3日"
    d = Dossier(path="x.pdf", pages=[Page(index=1, text=toc), Page(index=2, text=judgment, printed_number=1),
                                     Page(index=3, text="结案报告\n本案已办结。", printed_number=2)])
    d.documents = [Document("toc", 1, 1), Document("judgment", 2, 2), Document("closing_report", 3, 3)]
    assert [(e.day, e.how) for e in extract_facts(d).events if e.kind == "judgment"] == [(date(2025, 5, 3), "signature")]
    d.pages[1].text_source = "ocr"  # read surely: OCR gives a dropped 1 no doubt to show
    d.pages[1].lines = [Line(t, 50, 100 + 20 * k, 400, 114 + 20 * k, 12, conf=0.99, char_conf=[0.99] * len(t))
                        for k, t in enumerate(judgment.splitlines())]
    got = sorted((e.day, e.how, e.fragile) for e in extract_facts(d).events if e.kind == "judgment")
    assert got == [(date(2025, 5, 3), "contested", True), (date(2025, 5, 13), "contested", True)]


def test_another_cases_page_bound_into_a_document_dates_no_event_of_ours():
    """A page of another case inside our assignment (its own signed date) is BD-07's business:
    the assignment is dated from our page, not from the stranger's."""
    pages = dict(PAGES)
    pages[4] = f"指派通知书\n{NO}\n江苏某某律师事务所：\n现指派李四律师承办受援人张三刑事辩护一案。\n二〇二五年六月五日"
    pages[5] = ("指派通知书\n案号：（2025）苏0508法援刑字第999号\n江苏某某律师事务所：\n"
                "现指派赵六律师承办受援人王五刑事辩护一案。\n二〇二五年九月一日")
    d = Dossier(path="x.pdf", pages=[Page(index=i, text=t) for i, t in pages.items()])
    d.documents = [Document(t, a, b) for t, a, b in
                   [("cover", 1, 1), ("toc", 2, 2), ("court_notice", 3, 3), ("assignment", 4, 5),
                    ("meeting_record", 6, 6), ("closing_report", 7, 7), ("other", 8, 8)]]
    f = extract_facts(d)
    assert 5 in d.flagged("other_case")
    assert f.first_date("assignment").day == date(2025, 6, 5)
