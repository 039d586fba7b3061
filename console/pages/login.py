"""登录"""
from __future__ import annotations

import streamlit as st

from console import state
from store import repo


def render() -> None:
    st.title("卷评 · 法律援助案卷评查")
    eng = state.engine()
    user = state.current_user()
    if user is not None:
        st.success(f"已登录：{user.display_name}（{state.ROLE_ZH.get(user.role, user.role)}）")
        if st.button("退出登录", key="logout"):
            state.logout()
            st.rerun()
        return
    with st.form("login_form"):
        username = st.text_input("用户名", key="login_user")
        password = st.text_input("密码", type="password", key="login_pw")
        ok = st.form_submit_button("登录")
    if ok:
        try:
            user = repo.authenticate(eng, username or "", password or "")
        except repo.LoginLocked as exc:
            st.error(str(exc))
            return
        if user is None:
            st.error("用户名或密码错误。")
        else:
            state.login(user)
            st.rerun()
    if state.demo_requested():
        st.caption("演示模式：账号 reviewer1 / reviewer2 / admin / trainer，初始密码见 console/README.md。")
    elif not repo.has_accounts(eng):
        st.info("尚无任何账号。请在服务器上用命令行创建第一个管理员：\n\n"
                "`juanping users add 用户名 --role center_admin --name 姓名 --unit 法律援助中心名称 --db 数据库地址`")
