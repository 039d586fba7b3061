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


def _zh_number(n: int) -> str:
    """15 -> 十五 (1-99): official letters write the reply period in Chinese numerals."""
    digits = "零一二三四五六七八九"
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (digits[ones] if ones else "")


def reminder_letter_docx(firm: str, center: str, dossiers: list[dict], day: date | None = None,
                         number: str = "", period: str = "", reply_days: int = 15) -> bytes:
    """``dossiers``: [{file_name, case_no, lawyer, score, grade, problems: [{item, title, pages, message,
    deduction, veto}]}]; dossiers without problems are left out. ``period`` (2026年11月) names the
    month of a monthly letter; ``reply_days`` the written reply's deadline."""
    day = day or date.today()
    doc = Document()
    a4(doc)
    _font(doc)
    doc.add_heading("法律援助案件质量提醒函", level=1)
    if number:
        doc.add_paragraph(number)
    doc.add_paragraph(f"{firm}：")
    listed = [d for d in dossiers if d.get("problems")]
    points = sum(len(d["problems"]) for d in listed)
    doc.add_paragraph(f"经我中心对贵所{period}承办的法律援助案卷进行质量{'评查' if period else '自查'}，"
                      f"共有{len(listed)}件案卷存在以下{points}个问题，请督促承办律师逐项核实整改，"
                      f"并于收到本函之日起{_zh_number(reply_days)}日内逐项书面回复。")
    for n, d in enumerate(listed, 1):
        doc.add_paragraph(f"{n}. 案卷《{d.get('file_name', '')}》 案号：{d.get('case_no') or '未识别'}　"
                          f"承办人：{d.get('lawyer') or '—'}　{'评查' if period else '自查'}得分：{d.get('score', '—')}（{d.get('grade', '')}）")
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


def letter_file_name(firm: str, period_zh: str) -> str:
    """提醒函_江苏明德律师事务所_2026年11月.docx: what a firm sees attached, no ids or hashes."""
    safe = "".join(ch for ch in firm if ch not in '\\/:*?"<>|').strip() or "律师事务所"
    return f"提醒函_{safe}_{period_zh}.docx"
