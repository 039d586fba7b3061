"""办案补贴 statement workbook for finance: per firm and lawyer, held-back dossiers, A4 pages."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from review.report import case_kind_name
from store.subsidy_rules import Statement, StatementRow

MONEY = "#,##0.00"
FACTOR = "0%"
BOLD = Font(bold=True)
TOP = Border(top=Side(style="thin"))


def a4_sheet(ws: Worksheet, title: str, widths: list[float]) -> None:
    """A4 portrait, fitted to one page wide, header row repeated, a centred title in the header."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.print_title_rows = "2:2"
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)


def _header(ws: Worksheet, names: list[str]) -> None:
    ws.append(names)
    for c in ws[ws.max_row]:
        c.font = BOLD
        c.alignment = Alignment(horizontal="center")


def _total(ws: Worksheet, label: str, col: int, amount, count: int | None = None, count_col: int | None = None) -> None:
    """A bold subtotal / total row with the amount in ``col`` (1-based)."""
    row = [None] * col
    row[0], row[col - 1] = label, amount
    if count_col:
        row[count_col - 1] = count
    ws.append(row)
    for c in ws[ws.max_row]:
        c.font, c.border = BOLD, TOP
    ws.cell(ws.max_row, col).number_format = MONEY


def _detail(ws: Worksheet, r: StatementRow) -> None:
    c = r.case
    ws.append([c.firm, c.lawyer, c.case_no or "未识别", c.file_name, case_kind_name(c.case_kind), c.stage or "",
               c.grade, c.grade_source, r.base, r.factor, r.amount])
    row = ws.max_row
    ws.cell(row, 9).number_format = MONEY
    ws.cell(row, 10).number_format = FACTOR
    ws.cell(row, 11).number_format = MONEY


def subsidy_statement_xlsx(st: Statement, title_period: str = "") -> bytes:
    """Sheets 汇总 (per firm and lawyer), 明细 (each dossier with subtotals), 暂缓发放 (held back, why)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    period = title_period or st.period
    a4_sheet(ws, f"办案补贴汇总表（{period}，{st.scheme}）", [30, 14, 10, 16])
    _header(ws, ["律师事务所", "承办律师", "案件数", "补贴金额（元）"])
    for firm, rows in st.by_firm().items():
        for (f, lawyer), lrows in st.by_lawyer().items():
            if f == firm:
                ws.append([firm, lawyer, len(lrows), sum(r.amount for r in lrows)])
                ws.cell(ws.max_row, 4).number_format = MONEY
        _total(ws, f"{firm} 小计", 4, sum(r.amount for r in rows), len(rows), 3)
    _total(ws, "总计", 4, st.total, len(st.rows), 3)

    ws = wb.create_sheet("明细")
    a4_sheet(ws, f"办案补贴明细（{period}）", [22, 10, 24, 22, 10, 12, 8, 9, 11, 8, 12])
    _header(ws, ["律师事务所", "承办律师", "案号", "案卷", "案件类型", "阶段", "等级", "等级来源", "标准（元）",
                 "系数", "补贴金额（元）"])
    for (firm, lawyer), rows in st.by_lawyer().items():
        for r in rows:
            _detail(ws, r)
        _total(ws, f"{lawyer} 合计", 11, sum(r.amount for r in rows))
    _total(ws, "总计", 11, st.total)

    ws = wb.create_sheet("暂缓发放")
    a4_sheet(ws, f"暂缓发放的案卷（{period}）", [22, 10, 24, 22, 10, 10, 30])
    _header(ws, ["律师事务所", "承办律师", "案号", "案卷", "案件类型", "等级", "暂缓原因"])
    for h in st.held:
        c = h.case
        ws.append([c.firm or "", c.lawyer or "", c.case_no or "未识别", c.file_name, case_kind_name(c.case_kind),
                   c.grade or "", h.reason])
    ws.append([f"共 {len(st.held)} 件"])
    for sheet in wb.worksheets:
        for row in sheet.iter_rows(min_row=3):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
