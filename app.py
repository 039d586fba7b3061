"""Juanping console: `streamlit run app.py`.

The database URL comes from $JUANPING_DB_URL (default sqlite:///juanping.db);
migrations run at start-up and an empty database gets the demo seeded.
"""
from __future__ import annotations

import streamlit as st

from console import state
from console.pages import admin, login, review, selfcheck, tasks, trainer

st.set_page_config(page_title="卷评 · 法律援助案卷评查", page_icon="⚖️", layout="wide")


def main() -> None:
    state.engine()
    user = state.current_user()
    login_page = st.Page(login.render, title="登录", icon="🔑", url_path="login", default=user is None)
    if user is None:
        st.navigation([login_page]).run()
        return
    pages = {}
    if user.role == "reviewer":
        pages["tasks"] = st.Page(tasks.render, title="我的评查任务", icon="📋", url_path="tasks", default=True)
        pages["review"] = st.Page(review.render, title="案卷评查", icon="🔍", url_path="review")
    if user.role == "center_admin":
        pages["admin"] = st.Page(admin.render, title="评查会管理", icon="🗂️", url_path="sessions", default=True)
        pages["selfcheck"] = st.Page(selfcheck.render, title="自查", icon="✅", url_path="selfcheck")
    if user.role in ("trainer", "center_admin"):
        pages["trainer"] = st.Page(trainer.render, title="模型诊断", icon="📈", url_path="diagnostics",
                                   default=user.role == "trainer")
    if not pages:  # an account whose role has no page: never fall through to another role's page
        st.error("当前账号没有可访问的页面，请联系管理员。")
        if st.button("退出登录", key="norole_logout"):
            state.logout()
            st.rerun()
        st.stop()
    st.session_state["_pages"] = pages
    with st.sidebar:
        st.markdown(f"**{user.display_name}**　{state.ROLE_ZH.get(user.role, user.role)}")
        if user.unit:
            st.caption(user.unit.name)
        if st.button("退出登录", key="sidebar_logout"):
            state.logout()
            st.rerun()
    st.navigation(list(pages.values())).run()


main()
