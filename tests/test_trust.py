"""A `fail` needs decisive evidence: documents' own numbers, names alone, cover cells,
unseen headings and single mistyped pages do not accuse a lawyer (issue 9)."""

from dossier_builders import CASE_NO, build, criminal_spec
from ingest.datamodel import Dossier, Fact
from ingest.facts.casenumbers import case_no_key, find_case_numbers, is_document_number
from ingest.facts.other_case import flag_other_case as _flag_other_case
from review.checklist import load_checklist
from review.context import CheckContext
from review.engine import run_item

CL = load_checklist()


def run(dossier, item_id):
    return run_item(dossier, CL.item(item_id), CheckContext.build(dossier, CL))


def _flag(d: Dossier) -> list[int]:
    _flag_other_case(d, d.facts, case_no_key(CASE_NO))
    return d.flagged("other_case")


# ------------------------------------------------------------------ BD-07
def test_documents_own_reference_numbers_are_not_case_numbers():
    for own in ("泉山法援决字〔2025〕第112号", "苏0508法援指字〔2025〕第64号", "崂援函字（2025）第3号"):
        assert find_case_numbers(own) == [], own
    assert is_document_number("泉山法援决字") and not is_document_number("苏0508法援刑字")
    assert find_case_numbers(CASE_NO)


def test_decision_and_court_numbers_do_not_mark_another_case():
    spec = criminal_spec(
        decision=f"给予法律援助决定书\n泉山法援决字〔2025〕第112号\n你于2025年3月3日提出的法律援助申请，决定给予法律援助。",
        assignment="指派通知书\n苏0508法援指字〔2025〕第64号\n指派律师：李某",
        judgment="刑事判决书\n（2024）苏0508刑初123号\n公诉机关苏州市姑苏区人民检察院\n苏检刑诉〔2024〕45号")
    assert _flag(build(spec)) == []


def test_another_legal_aid_case_number_of_the_same_kind_marks_the_page():
    spec = criminal_spec(investigation="调查笔录\n（2025）苏0508法援刑字第777号\n向证人王某了解情况。")
    d = build(spec)
    page = d.documents_of("investigation")[0].first_page
    assert _flag(d) == [page]
    f = run(d, "BD-07")
    assert f.status == "fail" and f.veto and "第777号" in f.message


def test_page_naming_our_case_number_too_is_not_another_case():
    spec = criminal_spec(investigation=f"调查笔录\n{CASE_NO}\n关联案件（2025）苏0508法援刑字第777号")
    assert _flag(build(spec)) == []


def test_a_strangers_name_alone_is_uncertain_not_a_veto():
    spec = criminal_spec(callback_record="受援人回访表\n被回访人：王小明\n回访情况：电话接通，表示满意。")
    d = build(spec)
    assert _flag(d) == [d.documents_of("callback_record")[0].first_page]
    f = run(d, "BD-07")
    assert f.status == "uncertain" and not f.veto and "未见他案案号" in f.message


# ------------------------------------------------------------------ BD-08
def test_bracketed_or_empty_cover_cell_is_not_compared():
    d = build()
    d.facts.cover["client"] = Fact("）", 1)
    assert run(d, "BD-08").status == "pass"


def test_cover_closing_date_may_be_the_judgment_date():
    d = build()
    d.facts.cover["closing_date"] = Fact("2025年5月20日", 1)  # the judgment's date, not the report's
    assert run(d, "BD-08").status == "pass"


def test_cover_name_contradicted_by_one_reading_is_uncertain():
    d = build()
    d.facts.cover["client"] = Fact("王某", 1)
    f = run(d, "BD-08")
    assert f.status == "uncertain" and "仅一处" in f.message


# ------------------------------------------------------------------ MD
def test_firm_form_heading_counts_as_the_closing_report():
    spec = [(t, x) for t, x in criminal_spec() if t != "closing_report"]
    spec.insert(-2, ("other", "律师事务所结案登记表\n案件结果：判处有期徒刑六个月。"))
    f = run(build(spec), "MD-13")
    assert f.status == "pass" and "结案登记表" in f.message and f.decided_by.endswith("+title")


def test_a_mention_in_prose_is_no_heading():
    spec = [(t, x) for t, x in criminal_spec() if t != "closing_report"]
    spec.insert(-2, ("other", "情况说明\n承办律师将于近期提交结案报告，请中心予以督促。"))
    assert run(build(spec), "MD-13").status == "fail"


def test_page_the_model_thought_could_be_the_missing_type_makes_it_uncertain():
    spec = [(t, x) for t, x in criminal_spec() if t != "closing_report"]
    spec.insert(-2, ("other", "某某材料\n案件办理完毕。"))
    d = build(spec)
    d.pages[d.documents_of("other")[0].first_page - 1].type_scores = {"other": 0.6, "closing_report": 0.35}
    f = run(d, "MD-13")
    assert f.status == "uncertain" and not f.veto and "可能即为" in f.message


# ------------------------------------------------------------------ BD-01
def test_one_unheaded_page_typed_out_of_order_is_uncertain():
    spec = criminal_spec(closing_report=["法律援助案件结案报告表\n结案日期：2025年6月1日", "委托人签名：张某"])
    d = build(spec)
    cr = d.documents_of("closing_report")[0]
    # the report's second page mistyped as a power of attorney: a one-page "document" out of place
    cr.last_page -= 1
    d.documents.insert(d.documents.index(cr) + 1, type(cr)("power_of_attorney", cr.last_page + 1, cr.last_page + 1, 0.6))
    assert run(d, "BD-01").status == "pass"  # the toc lists the report over both pages: one report
    d.facts.toc = [e for e in d.facts.toc if "结案" not in e.title]  # no row says what the page is
    f = run(d, "BD-01")
    assert f.status == "uncertain" and "仅凭模型" in f.message and f.deduction == 0


def test_headed_document_out_of_order_still_fails():
    spec = criminal_spec()
    types = [t for t, _ in spec]
    spec.insert(types.index("meeting_record"), spec.pop(types.index("closing_report")))
    assert run(build(spec), "BD-01").status == "fail"


def test_another_clients_name_in_a_meeting_record_decides_bd07():
    """The checklist: another legal-aid number of the same kind or another client's name. A meeting
    with a stranger who is named nowhere in the case's own forms is another case's page; the same
    name on the application means the recorded client (the cover) is what is wrong."""
    meeting = ["会见笔录\n时间：2025年3月6日\n被会见人：王小明\n问：你有什么要求？\n答：没有。", "答：没有了。"]
    d = build(criminal_spec(meeting_record=meeting))
    assert _flag(d) == [d.documents_of("meeting_record")[0].first_page]
    f = run(d, "BD-07")
    assert f.status == "fail" and f.veto
    app = "法律援助申请表\n申请人：王小明\n申请事项：刑事辩护"
    d = build(criminal_spec(meeting_record=meeting, application=app))
    _flag(d)
    assert run(d, "BD-07").status == "uncertain"
