"""What a record says about this case only: a toc row that is two rows run together, another
case's callback bound into ours, the matcher's view of the request's own meeting record."""
from __future__ import annotations

from dossier_builders import build, criminal_spec, spec_of
from ingest.datamodel import Document, Dossier, Fact, Page
from review.checklist import load_checklist
from review.checks.client_requests import ClientRequest
from review.checks.request_answers import _as_written
from review.checks.titles import named_types, titles_named
from review.context import CheckContext
from review.engine import run_item

CL = load_checklist()


def run(dossier: Dossier, item_id: str):
    return run_item(dossier, CL.item(item_id), CheckContext.build(dossier, CL))


def test_a_title_named_twice_is_two_toc_rows_run_together():
    assert titles_named("会见犯罪嫌疑人笔录会见犯罪嫌疑人笔录") == 2
    assert named_types("会见犯罪嫌疑人笔录会见犯罪嫌疑人笔录") == {"meeting_record"}
    assert titles_named("会见犯罪嫌疑人笔录") == 1 and titles_named("法律援助案件结案报告") == 1


def test_another_cases_callback_says_nothing_of_this_clients():
    ours = "受援人回访表\n案号：（2025）苏0508法援刑字第123号 受援人：张某\n回访情况：电话回访，提示空号。"
    theirs = "受援人意见反馈表\n案号：（2024）苏0508法援刑字第439号 受援人：谭某\n回访情况：电话接通，受援人表示满意。"
    spec = [(t, theirs if t == "callback_record" else x) for t, x in criminal_spec()]
    spec.insert(-1, ("callback_record", ours))
    d = build(spec)
    foreign = next(doc for doc in d.documents if doc.type == "callback_record")
    assert run(d, "FU-03").status == "pass"  # the stranger's 满意 read as ours
    d.page(foreign.first_page).flags.add("other_case")
    d.facts.other_case[foreign.first_page] = ("case_no", "（2024）苏0508法援刑字第439号")
    assert run(d, "FU-03").status == "fail"  # ours says 空号, and nothing after it


def test_the_matcher_reads_only_what_follows_the_request_in_its_own_record():
    first = "会见笔录\n问：你还有什么想法？\n答：请律师帮我跟被害人协商和解，争取谅解。"
    second = "被会见人签名：于某 会见人签名：付某"
    d = Dossier(path="x.pdf", pages=[Page(index=1, text=first), Page(index=2, text=second)])
    record = Document("meeting_record", 1, 2)
    d.documents = [record]
    req = ClientRequest("settlement", record, 1, "请律师帮我跟被害人协商和解，争取谅解。")
    assert _as_written(d, record, record, req) == second


def test_in_a_defence_the_defendant_named_in_the_files_is_the_client_the_cover_must_name():
    spec = criminal_spec(application="法律援助申请表\n申请事项：刑事辩护",
                         pleading="起诉书\n被告人李四，男，汉族。被告人李四于2024年盗窃财物。",
                         judgment="刑事判决书\n被告人李四犯盗窃罪，判处有期徒刑六个月。2025年5月20日")
    d = build(spec, client=None)
    finding = run(d, "BD-08")
    assert finding.status == "fail" and "李四" in finding.message  # the cover says 张某
    d = build(spec, client=None, kind="civil")  # in a civil case 被告人 is the other side
    assert run(d, "BD-08").status == "pass"


def _numbered_once(callback: str) -> Dossier:
    """The case number printed once in the contents, on the callback record; the cover's differs."""
    spec = criminal_spec(application="法律援助申请表\n申请人：张某 性别：男\n申请事项：刑事辩护",
                         decision="给予法律援助决定书\n经审查，决定给予法律援助。\n2025年3月3日",
                         callback_record=callback)
    d = build(spec, case_no=None)
    cover = d.documents_of("cover")[0].first_page
    d.page(cover).text = d.page(cover).text.replace("第123号", "第151号")
    d.facts.cover["case_no"] = Fact("（2025）苏0508法援刑字第151号", cover)
    return d


def test_a_case_number_printed_once_on_a_page_naming_our_client_decides_against_the_cover():
    ours = "受援人回访表\n案号：（2025）苏0508法援刑字第123号 受援人：张某\n回访情况：电话接通，受援人表示满意。"
    finding = run(_numbered_once(ours), "BD-08")
    assert finding.status == "fail" and "第151号" in finding.message and "第123号" in finding.message


def test_printed_once_on_a_page_naming_someone_else_it_is_only_doubt():
    theirs = "受援人回访表\n案号：（2025）苏0508法援刑字第123号 受援人：谭某\n回访情况：电话接通，受援人表示满意。"
    finding = run(_numbered_once(theirs), "BD-08")
    assert finding.status == "uncertain" and "仅一处" in finding.message


def test_printed_once_in_the_dossiers_own_toc_it_decides_too():
    d = _numbered_once("受援人回访表\n回访情况：电话接通，受援人表示满意。")
    toc = d.documents_of("toc")[0].first_page
    assert run(d, "BD-08").status == "pass"  # no contents reading of a case number at all
    d.page(toc).text = d.page(toc).text.replace("卷内目录", "卷内目录\n案号：（2025）苏0508法援刑字第123号", 1)
    assert run(d, "BD-08").status == "fail"


def _closing_on_cover(events: dict) -> Dossier:
    d = build(criminal_spec(closing_report="法律援助案件结案报告表\n案件结果：法院判决被告人有期徒刑六个月。"),
              events=events)
    cover = d.documents_of("cover")[0].first_page
    d.facts.cover["closing_date"] = Fact("2025年6月20日", cover)
    return d


def test_a_cover_closing_after_the_surely_read_filing_fails_though_the_reports_date_was_not_read():
    from dossier_builders import EVENTS, D
    events = {k: v for k, v in EVENTS.items() if k not in ("closing_report", "filing")}
    assert run(_closing_on_cover(events), "BD-08").status == "uncertain"  # the report's day may be the cover's
    events["filing"] = (D(2025, 6, 15), "backup_sheet")
    finding = run(_closing_on_cover(events), "BD-08")
    assert finding.status == "fail" and "2025-06-15" in finding.message


def _client_unlabelled(cover_client: str, **texts) -> Dossier:
    """No page labels the client (受援人/申请人); the files show her as 委托人 and 原告."""
    spec = spec_of(["cover", "toc", "application", "decision", "power_of_attorney", "pleading", "judgment",
                    "closing_report", "backup_sheet"],
                   application="法律援助申请表\n姓名 张某 性别 女",
                   power_of_attorney="授权委托书\n委托人：张某，女，汉族。受托人：李某\n2025年3月5日",
                   pleading="民事起诉状\n原告：张某，女，1980年1月1日出生。", **texts)
    d = build(spec, kind="civil", client=None)
    cover = d.documents_of("cover")[0].first_page
    d.facts.cover["client"] = Fact(cover_client, cover)
    return d


def test_a_cover_client_named_on_no_page_fails_against_the_parts_the_client_plays():
    finding = run(_client_unlabelled("王五"), "BD-08")
    assert finding.status == "fail" and "王五" in finding.message and "张某" in finding.message
    assert run(_client_unlabelled("张某"), "BD-08").status == "pass"


def test_a_cover_client_the_files_name_somewhere_is_not_contradicted_by_roles_alone():
    # the cover's 王五 signs the decision's receipt: the roles may be a relative's or a guardian's
    d = _client_unlabelled("王五", decision="给予法律援助决定书\n经审查，决定给予法律援助。\n签收人 王五\n2025年3月3日")
    assert run(d, "BD-08").status != "fail"


def test_a_cover_lawyer_the_files_write_throughout_is_not_contradicted_by_the_courts_handler():
    spec = criminal_spec(assignment="指派通知书\n兹指派李某律师承办本案。\n2025年3月4日",
                         meeting_record=["会见笔录\n会见人 李某\n时间：2025年3月6日", "会见人签名：李某"],
                         judgment="刑事判决书\n承办人 王某某\n判处被告人有期徒刑六个月。2025年5月20日")
    d = build(spec, lawyer=None)
    finding = run(d, "BD-08")
    assert finding.status == "pass" and "承办人" in finding.message  # compared, and agreed
    d.facts.cover["lawyer"] = Fact("赵六", d.documents_of("cover")[0].first_page)
    assert run(d, "BD-08").status != "pass"


def test_a_scanned_cover_name_differs_from_the_files_only_where_ocr_doubted_it():
    from review.checks.binding.cover import _names
    assert _names("委托人：郝琳，女", "郝琳", frozenset())
    assert not _names("委托人：郝林，女", "郝琳", frozenset())  # a sure 琳 is not 林
    assert _names("委托人：郝林，女", "郝琳", frozenset({1}))  # a doubted one may be
    assert not _names("委托人：李林，女", "郝琳", frozenset({1}))  # but only there


def test_of_two_case_numbers_printed_once_ours_is_the_one_beside_our_clients_name():
    from ingest.datamodel import Document
    from ingest.facts.extract import extract_facts
    texts = ["卷内目录\n1 身份证复印件 1\n2 判决书 2\n3 回访记录 3",
             "居民身份证复印件\n（（2025）历下法援刑辩第244号）\n姓名 武某某 性别 男 民族 汉",
             "刑事判决书\n被告人向某某，男，1983年9月14日出生。\n判处有期徒刑六个月。\n二〇二五年七月一日",
             "受援人回访表\n案号 历下援刑辩字〔2025〕第611号 受援人 向某某\n回访情况：满意。"]
    d = Dossier(path="x.pdf", pages=[Page(index=i, text=t) for i, t in enumerate(texts, 1)])
    d.documents = [Document("toc", 1, 1), Document("identity", 2, 2), Document("judgment", 3, 3),
                   Document("callback_record", 4, 4)]
    facts = extract_facts(d)
    assert "611" in facts.case_no.value
    assert 2 in facts.other_case  # the identity copy of another case


def test_a_case_number_whose_kind_marker_ocr_misread_is_still_ours():
    ours = "受援人回访表\n案号：（2025）苏0508法援型字第123号 受援人：张某\n回访情况：电话接通。"  # 刑 read as 型
    d = _numbered_once(ours)
    cover = d.documents_of("cover")[0].first_page
    d.page(cover).text = d.page(cover).text.replace("第151号", "第123号")
    d.facts.cover["case_no"] = Fact("（2025）苏0508法援刑字第123号", cover)
    assert run(d, "BD-08").status == "pass"
