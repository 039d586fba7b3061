"""评查表 PDF, 提醒函 DOCX and the session summary XLSX."""
from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from docx import Document
from openpyxl import load_workbook

from store.exports import reminder_letter_docx, review_form_pdf, session_summary_xlsx
from service import demo
from store import make_engine, repo, reports


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    base = tmp_path_factory.mktemp("exp")
    eng = make_engine(f"sqlite:///{base / 'e.db'}")
    info = demo.seed_demo(eng, demo.generated_corpus(base / "corpus", n=2, seed=33), demo.truth_only)
    return eng, info


def pdf_text(data: bytes) -> str:
    doc = pdfium.PdfDocument(data)
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def test_review_form_pdf_has_items_reasons_and_signature(db):
    eng, info = db
    sid = info["session_id"]
    d = repo.dossiers(eng, session_id=sid)[0]
    a1, a2 = repo.assignments(eng, session_id=sid, dossier_id=d.id)[:2]
    repo.record_decision(eng, a1.id, "MD-14", "override", user_id=a1.reviewer_id, new_status="fail",
                         reason="回访记录缺少受援人签字")
    repo.record_decision(eng, a1.id, "BD-05", "add_deduction", user_id=a1.reviewer_id, points=1, reason="第9页空白")
    repo.submit_assignment(eng, a1.id, "王律师")
    text = pdf_text(review_form_pdf(reports.review_form_data(eng, a1.id)))
    for item in ("MD-01", "MD-14", "FU-05", "BD-08", "TL-05"):
        assert item in text
    assert "回访记录缺少受援人签字" in text and "第9页空白" in text
    assert "王律师" in text and "评查得分" in text
    assert d.lawyer not in text  # blind session
    assert d.lawyer in pdf_text(review_form_pdf(reports.review_form_data(eng, a1.id, blind=False)))
    repo.submit_assignment(eng, a2.id, "李律师")


def test_session_summary_xlsx_rows(db):
    eng, info = db
    sid = info["session_id"]
    data = reports.session_summary_data(eng, sid)
    wb = load_workbook(io.BytesIO(session_summary_xlsx(**data)))
    assert wb.sheetnames == ["评查汇总", "一致性", "分歧", "最终结果", "说明"]
    rows = list(wb["评查汇总"].iter_rows(values_only=True))
    assert rows[0][:4] == ("案卷ID", "文件", "案号", "评查人")
    assert len(rows) - 1 == len(repo.assignments(eng, session_id=sid))
    dis = list(wb["分歧"].iter_rows(values_only=True))[1:]
    assert ("MD-14" in {r[2] for r in dis}) and ("BD-05" in {r[2] for r in dis})
    assert not {"pass", "fail", "uncertain", "not_applicable"} & {v for r in dis for v in r[3:6]}  # Chinese, no codes
    finals = list(wb["最终结果"].iter_rows(values_only=True))
    assert finals[0] == ("案卷ID", "文件", "模型得分", "模型等级", "最终得分", "最终等级", "依据")
    assert len(finals) - 1 == len({d.id for d in repo.dossiers(eng, session_id=sid)})
    kap = {r[0]: r[1] for r in wb["一致性"].iter_rows(values_only=True)}
    assert "等级" in kap and "全部项目（合并）" in kap


def test_reminder_letter_docx_lists_problems_with_pages(db, tmp_path):
    eng, _ = db
    c = repo.dossiers(eng)[0].contract
    problems = reports.problems_of(c) or [{"item": "MD-14", "title": "回访记录", "pages": [], "message": "未见回访记录",
                                           "deduction": 4, "veto": False}]
    problems.append({"item": "FU-01", "title": "请求有回应", "pages": [10, 11], "message": "申请取保候审未处理",
                     "deduction": 5, "veto": False})
    data = reminder_letter_docx("江苏明德律师事务所", "苏州市法律援助中心",
                                [{"file_name": "a.pdf", "case_no": "（2025）苏0508法援刑字第1号", "lawyer": "李某",
                                  "score": 81, "grade": "良好", "problems": problems},
                                 {"file_name": "ok.pdf", "problems": []}])
    paras = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    body = "\n".join(paras)
    assert "法律援助案件质量提醒函" in body and paras[1].startswith("江苏明德律师事务所")
    assert "a.pdf" in body and "ok.pdf" not in body
    assert any("FU-01" in p and "第10、11页" in p and "扣5分" in p for p in paras)
    assert "苏州市法律援助中心" in body


def test_letters_are_a4_and_name_files_as_their_users_did(tmp_path, monkeypatch):
    """python-docx defaults to US Letter; the store keeps uploads under a content-hash prefix that
    must not reach a formal document."""
    from docx.shared import Mm

    data = reminder_letter_docx("江苏明德律师事务所", "苏州市法律援助中心",
                                [{"file_name": "a.pdf", "problems": [{"item": "MD-14", "message": "未见回访记录"}]}])
    sec = Document(io.BytesIO(data)).sections[0]
    assert abs(sec.page_width - Mm(210)) < Mm(1) and abs(sec.page_height - Mm(297)) < Mm(1)
    monkeypatch.setenv("JUANPING_DATA_DIR", str(tmp_path))
    stored = repo.store_upload("张三案卷_02.pdf", b"%PDF-1.4 x")
    assert stored.name != "张三案卷_02.pdf" and repo.human_name(stored) == "张三案卷_02.pdf"
