"""MD: missing documents."""
import pytest

from dossier_builders import CRIMINAL, build, criminal_spec, spec_of
from review.checks.missing import required_documents
from review.checklist import load_checklist
from review.context import CheckContext

CL = load_checklist()


def run(dossier, item_id):
    item = CL.item(item_id)
    from review.engine import run_item
    return run_item(dossier, item, CheckContext.build(dossier, CL))


def without(*types, **kw):
    return build([s for s in criminal_spec() if s[0] not in types], **kw)


@pytest.mark.parametrize("item_id, removed, missing_name", [
    ("MD-01", ("toc",), "卷内目录"), ("MD-02", ("application",), "法律援助申请表"),
    ("MD-03", ("identity",), "受援人身份证明"), ("MD-04", ("financial_status",), "经济困难证明"),
    ("MD-05", ("decision",), "给予法律援助决定书"), ("MD-06", ("assignment",), "指派通知书"),
    ("MD-07", ("power_of_attorney",), "授权委托书"), ("MD-08", ("meeting_record",), "会见笔录"),
    ("MD-09", ("file_review_record",), "阅卷笔录"), ("MD-10", ("defense_opinion",), "辩护词"),
    ("MD-11", ("hearing_record",), "庭审笔录"), ("MD-12", ("judgment",), "判决书"),
    ("MD-13", ("closing_report",), "结案报告"), ("MD-14", ("callback_record",), "回访记录"),
])
def test_missing_document_fails_with_type_as_evidence(item_id, removed, missing_name):
    assert run(build(), item_id).status == "pass"
    f = run(without(*removed, had_hearing=True), item_id)
    assert f.status == "fail", f
    assert f.message.startswith("未见") and missing_name in f.message
    assert f.evidence and f.evidence[0].source.startswith("missing_type:")
    assert f.deduction == CL.item(item_id).points


def test_veto_items():
    assert run(without("decision"), "MD-05").veto
    assert run(without("meeting_record"), "MD-08").veto  # criminal_defense
    civil = build([s for s in criminal_spec() if s[0] != "meeting_record"], kind="civil")
    f = run(civil, "MD-08")
    assert f.status == "fail" and not f.veto
    assert run(without("defense_opinion"), "MD-10").veto  # trial stage
    assert not run(without("defense_opinion", "hearing_record", stage="investigation"), "MD-10").veto


def test_court_appointed_defence():
    types = [t for t in CRIMINAL if t not in ("application", "financial_status")]
    types.insert(2, "court_notice")
    d = build(spec_of(types), appointed_by_notice=True)
    assert run(d, "MD-02").status == "not_applicable"
    assert run(d, "MD-04").status == "not_applicable"
    assert run(d, "MD-03").status == "pass"
    no_identity = build(spec_of([t for t in types if t != "identity"]), appointed_by_notice=True)
    assert run(no_identity, "MD-03").status == "fail"  # identity proof is required for all cases
    d2 = build(spec_of([t for t in types if t != "power_of_attorney"]), appointed_by_notice=True)
    assert run(d2, "MD-07").status == "pass"  # aid letter suffices


def test_means_test_exempt():
    assert run(without("financial_status", means_test_exempt=True), "MD-04").status == "not_applicable"


def test_applicability_from_facts():
    assert run(without("file_review_record", stage="investigation"), "MD-09").status == "not_applicable"
    assert run(without("file_review_record", stage=None), "MD-09").status == "uncertain"
    assert run(without("hearing_record", had_hearing=False), "MD-11").status == "not_applicable"
    no_hearing = [(t, x) for t, x in criminal_spec() if t not in ("judgment", "hearing_record")]
    assert run(build(no_hearing, outcome=None, had_hearing=False), "MD-12").status == "not_applicable"
    # a heard case ends in an outcome document even when no closing report names it
    assert run(without("judgment", outcome=None), "MD-12").status == "fail"
    assert run(build(kind="non_litigation"), "MD-10").status == "not_applicable"


def test_md09_agency_when_file_was_read():
    civil = [s for s in criminal_spec() if s[0] != "file_review_record"]
    assert run(build(civil, kind="civil"), "MD-09").status == "not_applicable"
    civil_read = [(t, x + "\n承办律师到法院阅卷。" if t == "closing_report" else x) for t, x in civil]
    assert run(build(civil_read, kind="civil"), "MD-09").status == "fail"


def test_md15_plea_agreement():
    assert run(build(), "MD-15").status == "not_applicable"
    assert run(build(pleaded_guilty=True), "MD-15").status == "fail"
    spec = criminal_spec()
    spec.insert(15, ("plea_agreement", "认罪认罚具结书"))
    assert run(build(spec, pleaded_guilty=True), "MD-15").status == "pass"


def test_unreadable_page_makes_missing_uncertain():
    spec = [s for s in criminal_spec() if s[0] != "closing_report"] + [("other", "")]
    f = run(build(spec), "MD-13")
    assert f.status == "uncertain" and f.pages == [len(build(spec).pages)]
    assert f.deduction == 0


def test_low_confidence_document_is_uncertain():
    d = build(confidence={"closing_report": 0.3})
    doc = d.documents_of("closing_report")[0]
    d.page(doc.first_page).text = "本案已于2025年6月1日办结，法院判决被告人有期徒刑六个月，辩护意见部分采纳。"  # no heading
    f = run(d, "MD-13")
    assert f.status == "uncertain" and "识别置信度低" in f.message


def test_low_confidence_document_confirmed_by_its_heading():
    d = build(confidence={"closing_report": 0.3})
    assert run(d, "MD-13").status == "pass"  # the page is headed 结案报告


def test_direct_call_without_engine():
    d = build()
    assert required_documents(d, CL.item("MD-01"), CheckContext.build(d, CL)).status == "pass"


def test_md04_without_the_forms_that_state_an_exemption_is_uncertain():
    """Whether the means test applied is read from the application or approval form: with both
    missing, a missing 经济困难证明 is no decisive evidence (MD-02 counts the missing form)."""
    spec = [s for s in criminal_spec() if s[0] not in ("financial_status", "application", "approval")]
    f = run(build(spec, kind="civil"), "MD-04")
    assert f.status == "uncertain" and "无法确定" in f.message
    spec = [s for s in criminal_spec() if s[0] != "financial_status"]
    assert run(build(spec, kind="civil"), "MD-04").status == "fail"


def _toc_weighed(text: str):
    """No toc bound; an evidence page the page model gives 0.4 of toc."""
    d = without("toc", had_hearing=True)
    page = d.page(d.documents_of("investigation")[0].first_page)
    page.text, page.type_scores = text, {"toc": 0.4, "evidence": 0.2}
    return d


def test_a_page_that_lists_no_documents_is_no_table_of_contents_however_the_model_weighs_it():
    assert run(_toc_weighed("工资欠条（复印件）\n复印件与原件一致"), "MD-01").status == "fail"
    listing = "（第一卷）\n序号 题名 页号\n1 法律援助申请表 1-2\n2 给予法律援助决定书 3\n3 指派通知书 4"
    assert run(_toc_weighed(listing), "MD-01").status == "uncertain"  # it may be the toc


def _meeting_weighed(text: str):
    """No meeting record bound; an evidence page the page model gives 0.31 of a meeting record."""
    d = without("meeting_record", kind="civil")
    page = d.page(d.documents_of("investigation")[0].first_page)
    page.text, page.type_scores = text, {"meeting_record": 0.31, "evidence": 0.4}
    return d


def test_a_page_naming_no_meeting_is_no_possible_meeting_record_however_the_model_weighs_it():
    """考勤记录（复印件） is not the missing meeting record (MD-08 fails); a page that says 谈话 may be."""
    assert run(_meeting_weighed("考勤记录（复印件）\n复印件与原件一致"), "MD-08").status == "fail"
    assert run(_meeting_weighed("谈话时间 2025年3月6日\n受援人陈述了案件经过。"), "MD-08").status == "uncertain"
