"""办案补贴 (center admin): the period's subsidy statement per firm and lawyer, held-back dossiers, XLSX."""
from __future__ import annotations

from datetime import date

import streamlit as st

from console import state
from store.exports.subsidy import subsidy_statement_xlsx
from store.masking import mask_text
from store.documents import statement_file_name
from store.statements import record_statement, statement_for
from review.report import case_kind_name
from store.reporting_period import PeriodError, parse_period
from store.subsidy_rules import load_rules, scheme_names

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _quarter(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def render() -> None:
    user = state.require("center_admin")
    eng = state.engine()
    st.title("办案补贴")
    st.caption("按评查最终等级（裁决或同行评查等级优先，否则为模型等级）计算；待复核、不合格未整改等案卷暂缓发放。")
    c1, c2 = st.columns(2)
    text = c1.text_input("期间（如 2026Q4、2026-11、2026）", value=_quarter(date.today()), key="sub_period")
    names = scheme_names()
    scheme = c2.selectbox("补贴标准", names, key="sub_scheme", format_func=lambda n: load_rules(n).label or n)
    unmask = state.unmask_toggle(user, key="sub_unmask")
    try:
        period = parse_period(text)
    except PeriodError as exc:
        st.error(str(exc))
        return
    rules = load_rules(scheme)
    stmt = statement_for(eng, period, rules, center_id=user.unit_id)
    m1, m2, m3 = st.columns(3)
    m1.metric("发放案件", f"{len(stmt.rows)} 件")
    m2.metric("补贴合计（元）", f"{stmt.total:,.2f}")
    m3.metric("暂缓发放", f"{len(stmt.held)} 件")
    if not stmt.rows and not stmt.held:
        st.info(f"{period.zh}没有已评查的案卷。")
        return
    st.subheader("按律所、律师汇总")
    st.dataframe([{"律师事务所": firm, "承办律师": lawyer, "案件数": len(rows),
                   "补贴金额（元）": float(sum(r.amount for r in rows))}
                  for (firm, lawyer), rows in stmt.by_lawyer().items()], hide_index=True, width="stretch")
    st.subheader("明细")
    st.dataframe([{"律师事务所": r.case.firm, "承办律师": r.case.lawyer,
                   "案号": mask_text(r.case.case_no or "未识别", user.role, unmask), "案卷": r.case.file_name,
                   "案件类型": case_kind_name(r.case.case_kind), "等级": r.case.grade, "等级来源": r.case.grade_source,
                   "标准（元）": float(r.base), "系数": float(r.factor), "金额（元）": float(r.amount)}
                  for r in stmt.rows], hide_index=True, width="stretch")
    st.subheader("暂缓发放")
    if stmt.held:
        st.dataframe([{"律师事务所": h.case.firm or "", "承办律师": h.case.lawyer or "",
                       "案号": mask_text(h.case.case_no or "未识别", user.role, unmask), "案卷": h.case.file_name,
                       "等级": h.case.grade or "", "原因": h.reason} for h in stmt.held],
                     hide_index=True, width="stretch")
    else:
        st.caption("无。")

    def export() -> bytes:
        record_statement(eng, stmt, user.id)
        return subsidy_statement_xlsx(stmt, period.zh)

    st.download_button("下载补贴明细表（XLSX）", data=export, on_click=state.export_logged(f"办案补贴 {period}"), file_name=statement_file_name(period), mime=XLSX,
                       key="sub_xlsx")
