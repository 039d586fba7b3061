"""Session summary workbook: assignments, item kappas, disagreements."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font


def _sheet(wb, title: str, header: list[str], rows: list[list]) -> None:
    ws = wb.create_sheet(title)
    ws.append(header)
    for c in ws[1]:
        c.font = Font(bold=True)
    for r in rows:
        ws.append([v if v is None or isinstance(v, (int, float, str)) else str(v) for v in r])
    for col, width in zip("ABCDEFGHIJ", (10, 30, 28, 12, 10, 10, 10, 12, 18, 30)):
        ws.column_dimensions[col].width = width


def _zh(status: str | None) -> str | None:
    """pass/fail/... as the checklist's Chinese words (a formal document shows no codes)."""
    from review.report import labels

    return labels()["statuses"].get(status, status) if status else status


def session_summary_xlsx(session_name: str, assignments: list[dict], kappas: dict[str, float | None],
                         disagreements: list[dict], extra: dict | None = None, finals: list[dict] | None = None) -> bytes:
    """``assignments``: [{dossier_id, file_name, case_no, reviewer, status, model_score, score, grade,
    signed_at, signature_name}]; ``kappas``: label -> kappa; ``disagreements``: [{dossier_id,
    file_name, item, first, second, adjudicated, adjudication_reason}]; ``finals``: [{dossier_id,
    file_name, model_score, model_grade, score, grade, source}] after adjudication."""
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "评查汇总", ["案卷ID", "文件", "案号", "评查人", "状态", "模型得分", "评查得分", "等级", "签署时间", "签名"],
           [[a.get("dossier_id"), a.get("file_name"), a.get("case_no"), a.get("reviewer"), a.get("status"),
             a.get("model_score"), a.get("score"), a.get("grade"), a.get("signed_at"), a.get("signature_name")]
            for a in assignments])
    _sheet(wb, "一致性", ["指标", "Kappa"], [[k, None if v is None else round(v, 3)] for k, v in kappas.items()])
    _sheet(wb, "分歧", ["案卷ID", "文件", "项目", "评查人甲", "评查人乙", "裁决", "裁决理由"],
           [[d.get("dossier_id"), d.get("file_name"), d.get("item"), _zh(d.get("first")), _zh(d.get("second")),
             _zh(d.get("adjudicated")) or "待裁决", d.get("adjudication_reason") or ""] for d in disagreements])
    _sheet(wb, "最终结果", ["案卷ID", "文件", "模型得分", "模型等级", "最终得分", "最终等级", "依据"],
           [[f.get("dossier_id"), f.get("file_name"), f.get("model_score"), f.get("model_grade"), f.get("score"),
             f.get("grade"), f.get("source")] for f in finals or []])
    ws = wb.create_sheet("说明")
    ws.append(["评查会", session_name])
    for k, v in (extra or {}).items():
        ws.append([k, str(v)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
