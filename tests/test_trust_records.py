"""What a record says about this case only: a toc row that is two rows run together, another
case's callback bound into ours, the matcher's view of the request's own meeting record."""
from __future__ import annotations

from dossier_builders import build, criminal_spec
from ingest.datamodel import Document, Dossier, Page
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
