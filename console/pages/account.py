"""修改密码：every user's own page; the only page shown while a password set by somebody else
(first login, reset by an admin) has not been changed yet."""
from __future__ import annotations

import streamlit as st

from console import state
from store import accounts
from store.passwords import MIN_LENGTH


def render() -> None:
    user = state.require()
    st.title("修改密码")
    if user.must_change_password:
        st.warning("您的密码由管理员设置，首次登录须先修改密码后才能使用其他功能。")
    with st.form("pw_form", clear_on_submit=True):
        old = st.text_input("原密码", type="password", key="pw_old")
        new = st.text_input(f"新密码（至少 {MIN_LENGTH} 位，含字母和数字）", type="password", key="pw_new")
        again = st.text_input("再次输入新密码", type="password", key="pw_again")
        ok = st.form_submit_button("确认修改")
    if not ok:
        return
    if new != again:
        st.error("两次输入的新密码不一致。")
        return
    try:
        accounts.change_password(state.engine(), user.id, old or "", new or "")
    except accounts.AccountError as exc:
        st.error(str(exc))
        return
    st.session_state["_pw_changed"] = True
    st.rerun()
