"""提醒函 (reminder letter) to a law firm listing each dossier's problems with pages."""
from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt


def a4(doc) -> None:
    """A4 pages with the margins of Chinese official letters (python-docx defaults to US Letter)."""
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)


def _font(doc) -> None:
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")


def reminder_letter_docx(firm: str, center: str, dossiers: list[dict], day: date | None = None,
                         number: str = "") -> bytes:
    """``dossiers``: [{file_name, case_no, lawyer, score, grade, problems: [{item, title, pages, message,
    deduction, veto}]}]; dossiers without problems are left out."""
    day = day or date.today()
    doc = Document()
    a4(doc)
    _font(doc)
    doc.add_heading("法律援助案件质量提醒函", level=1)
    if number:
        doc.add_paragraph(number)
    doc.add_paragraph(f"{firm}：")
    listed = [d for d in dossiers if d.get("problems")]
    doc.add_paragraph(f"经我中心对贵所承办的法律援助案卷进行质量自查，共有{len(listed)}件案卷存在以下问题，"
                      "请督促承办律师逐项核实整改，并于收到本函之日起十五日内书面回复。")
    for n, d in enumerate(listed, 1):
        doc.add_paragraph(f"{n}. 案卷《{d.get('file_name', '')}》 案号：{d.get('case_no') or '未识别'}　"
                          f"承办人：{d.get('lawyer') or '—'}　自查得分：{d.get('score', '—')}（{d.get('grade', '')}）")
        for p in d["problems"]:
            pages = "、".join(map(str, p.get("pages") or []))
            where = f"（第{pages}页）" if pages else ""
            veto = "【否决项】" if p.get("veto") else ""
            ded = f"，扣{p['deduction']:g}分" if p.get("deduction") else ""
            doc.add_paragraph(f"{p['item']} {p.get('title', '')}{veto}：{p.get('message') or '不符合要求'}{where}{ded}",
                              style="List Bullet")
    doc.add_paragraph("特此函告。")
    doc.add_paragraph(center)
    doc.add_paragraph(f"{day.year}年{day.month}月{day.day}日")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
