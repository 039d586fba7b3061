"""月度提醒函 (center admin): issue the month's letters per firm, record each firm's reply per point,
see open points per firm and month and the replies that are overdue."""
from __future__ import annotations

from collections import Counter
from datetime import date

import streamlit as st

from console import security, state
from store.exports.reminder import letter_file_name
from store.letter_rules import load_letter_rules
from store.masking import mask_text
from store import letters as lr
from store.documents import letter_docx
from store.reporting_period import PeriodError, parse_month

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _last_month(day: date) -> str:
    return f"{day.year - 1}-12" if day.month == 1 else f"{day.year}-{day.month - 1:02d}"


def _issue(eng, user, month) -> None:
    center = user.unit.name if user.unit else None
    try:
        issued = lr.issue_month_letters(eng, month, center, center_id=user.unit_id)
        st.success("已出具：" + "；".join(f"{x.number} {x.firm.name}" for x in issued))
    except lr.NothingToIssue as exc:
        st.warning(str(exc))


def _reply_form(eng, user, v, rules, unmask: bool) -> None:
    p = v.point
    pages = "、".join(map(str, p.pages or [])) or "—"
    head = f"{p.dossier.file_name} · {p.item_id} {p.title}　【{v.label}】"
    with st.expander(head, expanded=False):
        st.markdown(f"案号：{mask_text(p.dossier.case_no or '未识别', user.role, unmask)}　承办律师：{p.dossier.lawyer or '—'}"
                    f"　第{pages}页\n\n{mask_text(p.message or '不符合要求', user.role, unmask)}")
        if p.reply_note:
            st.caption(f"回复说明：{mask_text(p.reply_note, user.role, unmask)}")
        kind = st.radio("律所回复", list(rules.replies), format_func=rules.replies.get, horizontal=True,
                        key=f"lt_kind_{p.id}")
        note = st.text_area("回复说明 / 整改情况", key=f"lt_note_{p.id}")
        up = st.file_uploader("上传回复函（PDF）", type=["pdf"], key=f"lt_file_{p.id}")
        if st.button("保存回复", key=f"lt_save_{p.id}"):
            data = up.getvalue() if up else None
            try:
                if up:
                    security.check_upload(up.name, data)
                lr.record_reply(eng, p.id, kind, note, user.id, up.name if up else None, data, rules)
                st.success("已保存")
                st.rerun()
            except (ValueError, security.InputRejected) as exc:
                st.error(str(exc))


def render() -> None:
    user = state.require("center_admin")
    eng = state.engine()
    rules = load_letter_rules()
    st.title("月度提醒函")
    unmask = state.unmask_toggle(user, key="lt_unmask")
    text = st.text_input("月份（如 2026-11）", value=_last_month(date.today()), key="lt_month")
    try:
        month = parse_month(text)
    except PeriodError as exc:
        st.error(str(exc))
        return
    if st.button(f"出具{month.zh}提醒函", type="primary", key="lt_issue"):
        _issue(eng, user, month)
    t_letters, t_open, t_overdue = st.tabs(["本月提醒函与回复", "未结问题", "逾期未回复"])
    with t_letters:
        issued = lr.letters(eng, month=month.label, center_id=user.unit_id)
        if not issued:
            st.info(f"{month.zh}尚未出具提醒函。")
        views = lr.point_views(eng, month=month.label, rules=rules, center_id=user.unit_id)
        for i, letter in enumerate(issued):
            mine = [v for v in views if v.letter.id == letter.id]
            st.markdown(f"**{letter.number}　{letter.firm.name}**　出具 {letter.issued_on}，回复期限 {letter.due_on}，"
                        f"{len(mine)} 个问题，未结 {sum(v.open for v in mine)} 个")
            st.download_button("下载提醒函（DOCX）", key=f"lt_docx_{i}", mime=DOCX,
                               on_click=state.export_logged(f"提醒函 {letter.number}"),
                               data=lambda letter=letter: letter_docx(eng, letter),
                               file_name=letter_file_name(letter.firm.name, month.zh))
            for v in mine:
                _reply_form(eng, user, v, rules, unmask)
    with t_open:
        open_ = [v for v in lr.point_views(eng, rules=rules, center_id=user.unit_id) if v.open]
        if not open_:
            st.success("没有未结问题。")
        else:
            count = Counter((v.letter.firm.name, v.letter.month, v.letter.number) for v in open_)
            st.dataframe([{"律师事务所": f, "月份": m, "提醒函编号": n, "未结问题": c}
                          for (f, m, n), c in sorted(count.items())], hide_index=True, width="stretch")
    with t_overdue:
        late = lr.overdue_letters(eng, rules=rules, center_id=user.unit_id)
        st.caption(f"回复期限为出具之日起 {rules.reply_days} 日。")
        if not late:
            st.success("没有逾期未回复的提醒函。")
        else:
            st.dataframe([{"提醒函编号": o.letter.number, "律师事务所": o.letter.firm.name,
                           "回复期限": str(o.letter.due_on), "逾期天数": o.days, "未回复问题": o.unanswered}
                          for o in late], hide_index=True, width="stretch")
