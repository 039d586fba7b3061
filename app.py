"""Juanping console: `streamlit run app.py`.

The database URL comes from $JUANPING_DB_URL (default sqlite:///juanping.db);
migrations run at start-up; the demo is seeded only when asked for (`-- --demo` or
JUANPING_DEMO=1) into an empty database.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from console import state
from console.pages import account, admin, login, review, selfcheck, tasks, trainer, users
from console.pages import letters as letters_page, subsidy as subsidy_page

st.set_page_config(page_title="卷评 · 法律援助案卷评查", page_icon="⚖️", layout="wide")
st.html(f"<style>{(Path(__file__).parent / 'console' / 'zh.css').read_text(encoding='utf-8')}</style>")


def main() -> None:
    state.engine()
    user = state.current_user()
    state.keep_token_in_url()
    login_page = st.Page(login.render, title="登录", icon="🔑", url_path="login", default=user is None)
    if user is None:
        st.navigation([login_page]).run()
        return
    password_page = st.Page(account.render, title="修改密码", icon="🔒", url_path="password",
                            default=user.must_change_password)
    if user.must_change_password:  # a password somebody else set: nothing else until it is changed
        st.navigation([password_page]).run()
        return
    pages = {}
    if user.role == "reviewer":
        pages["tasks"] = st.Page(tasks.render, title="我的评查任务", icon="📋", url_path="tasks", default=True)
        pages["review"] = st.Page(review.render, title="案卷评查", icon="🔍", url_path="review")
    if user.role == "center_admin":
        pages["admin"] = st.Page(admin.render, title="评查会管理", icon="🗂️", url_path="sessions", default=True)
        pages["selfcheck"] = st.Page(selfcheck.render, title="自查", icon="✅", url_path="selfcheck")
        pages["letters"] = st.Page(letters_page.render, title="月度提醒函", icon="✉️", url_path="letters")
        pages["subsidy"] = st.Page(subsidy_page.render, title="办案补贴", icon="💴", url_path="subsidy")
    if user.role in ("trainer", "center_admin"):
        pages["trainer"] = st.Page(trainer.render, title="模型诊断", icon="📈", url_path="diagnostics",
                                   default=user.role == "trainer")
    if user.role == "center_admin":
        pages["users"] = st.Page(users.render, title="账号管理", icon="👥", url_path="users")
    if pages:
        pages["password"] = password_page
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
        if st.session_state.pop("_pw_changed", False):
            st.success("密码已修改。")
        if st.button("退出登录", key="sidebar_logout"):
            state.logout()
            st.rerun()
    st.navigation(list(pages.values())).run()


main()
