"""我的评查任务: a reviewer sees only the dossiers assigned to them."""
from __future__ import annotations

import streamlit as st

from console import state
from store.masking import mask_text
from store import repo
from store.sessions import BLIND_MARK


def render() -> None:
    user = state.require("reviewer")
    pages = st.session_state.get("_pages", {})
    if st.query_params.get("task") and "review" in pages:  # a task link to the start page opens the task
        st.switch_page(pages["review"], query_params=st.query_params.to_dict())
    eng = state.engine()
    st.title("我的评查任务")
    rows = repo.assignments(eng, reviewer_id=user.id)
    if not rows:
        st.info("暂无分配给您的案卷。")
        return
    done = sum(a.status == "submitted" for a in rows)
    st.progress(done / len(rows), text=f"已提交 {done} / {len(rows)}")
    table = []
    for a in rows:
        d = a.dossier
        table.append({"任务": a.id, "评查会": a.session.name, "案卷": d.file_name,
                      "案号": mask_text(d.case_no or "未识别"),
                      "承办律师": BLIND_MARK if a.session.blind else (d.lawyer or ""),
                      "页数": d.pages, "状态": "已提交" if a.status == "submitted" else "草稿",
                      "得分": a.score, "等级": a.grade or ""})
    st.dataframe(table, hide_index=True, width="stretch")
    options = {f"#{a.id} {a.dossier.file_name}（{'已提交' if a.status == 'submitted' else '草稿'}）": a.id
               for a in rows}
    choice = st.selectbox("选择案卷", list(options), key="task_pick")
    if st.button("打开评查", key="open_task", type="primary"):
        st.session_state["assignment_id"] = options[choice]
        for key in ("view_page", "highlight", "open_item", "review_pick"):  # the review page starts on this task
            st.session_state.pop(key, None)
        pages = st.session_state.get("_pages", {})
        if "review" in pages:
            st.switch_page(pages["review"], query_params={"task": str(options[choice])}
                           | ({state.TOKEN_PARAM: st.session_state["_token"]} if st.session_state.get("_token") else {}))
        st.rerun()
