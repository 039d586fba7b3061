"""评查表 (one form per dossier and reviewer) as a PDF with a CJK TrueType font."""
from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
STATUS_ZH = {"pass": "通过", "fail": "不符合", "not_applicable": "不适用", "uncertain": "待复核", None: "—"}
ACTION_ZH = {"accept": "采纳", "override": "改判", "add_deduction": "增加扣分", None: "—"}


def _pdf() -> FPDF:
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("cjk", "", str(FONT), collection_font_number=0)
    pdf.set_font("cjk", size=10)
    return pdf


def review_form_pdf(form: dict) -> bytes:
    """``form``: session, file_name, case_no, case_kind, firm, lawyer, reviewer, status,
    model_score, model_grade, score, grade, signature_name, signed_at and items
    [{item, title, model_status, final_status, deduction, veto, action, reason, pages, message}]."""
    pdf = _pdf()
    pdf.add_page()
    pdf.set_font_size(16)
    pdf.cell(0, 10, "法律援助案卷评查表", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font_size(10)
    head = [("评查会", form.get("session", "")), ("案卷文件", form.get("file_name", "")),
            ("案号", form.get("case_no") or "未识别"), ("案件类型", form.get("case_kind") or "未识别"),
            ("承办机构", form.get("firm") or "—"), ("承办人", form.get("lawyer") or "—"),
            ("评查人", form.get("reviewer", "")), ("状态", "已提交" if form.get("status") == "submitted" else "草稿")]
    for k, v in head:
        pdf.cell(28, 6, f"{k}：")
        pdf.multi_cell(0, 6, str(v), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    style = FontFace(emphasis="")
    widths = (16, 46, 17, 17, 13, 17, 64)
    with pdf.table(col_widths=widths, headings_style=style, line_height=5, text_align="LEFT") as table:
        row = table.row()
        for h in ("项目", "评查内容", "模型结论", "评查结论", "扣分", "处理", "理由/说明（页码）"):
            row.cell(h)
        for it in form.get("items", []):
            row = table.row()
            row.cell(it["item"] + ("【否决】" if it.get("veto") and it.get("final_status") == "fail" else ""))
            row.cell(it.get("title", ""))
            row.cell(STATUS_ZH.get(it.get("model_status"), str(it.get("model_status"))))
            row.cell(STATUS_ZH.get(it.get("final_status"), str(it.get("final_status"))))
            ded = it.get("deduction") or 0
            row.cell(f"{ded:g}" if ded else "")
            row.cell(ACTION_ZH.get(it.get("action"), "—"))
            pages = "、".join(map(str, it.get("pages") or []))
            note = it.get("reason") or it.get("message") or ""
            row.cell(note + (f"（第{pages}页）" if pages else ""))
    pdf.ln(4)
    pdf.set_font_size(12)
    pdf.cell(0, 8, f"模型初评：{form.get('model_score', '—')} 分 {form.get('model_grade') or ''}",
             new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, f"评查得分：{form.get('score', 0):g} 分　等级：{form.get('grade', '')}",
             new_x="LMARGIN", new_y="NEXT")
    signed = form.get("signed_at")
    sig = form.get("signature_name") or "（未签名）"
    when = signed.strftime("%Y-%m-%d %H:%M") if hasattr(signed, "strftime") else (signed or "")
    pdf.cell(0, 8, f"评查人签名：{sig}　签署时间：{when}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
