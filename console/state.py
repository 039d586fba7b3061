"""Session-state helpers: the engine, the logged-in user, role checks."""
from __future__ import annotations

import streamlit as st

from review.masking import can_unmask
from review.persistence import get_engine
from review.persistence import repo

ROLE_ZH = {"reviewer": "评查人", "center_admin": "中心管理员", "trainer": "模型训练人员"}
STATUS_ZH = {"pass": "通过", "fail": "不符合", "not_applicable": "不适用", "uncertain": "待人工复核"}
STATUS_ICON = {"pass": "✅", "fail": "❌", "not_applicable": "➖", "uncertain": "❓"}


def engine():
    """The migrated engine for $JUANPING_DB_URL; the demo is seeded on first start."""
    eng = get_engine()
    if not st.session_state.get("_demo_checked"):
        from review.persistence.demo import ensure_demo
        if repo.is_empty(eng):
            with st.spinner("首次启动：正在创建演示数据并用模型评查样例案卷……"):
                ensure_demo(eng)
        st.session_state["_demo_checked"] = True
    return eng


def current_user():
    uid = st.session_state.get("user_id")
    if uid is None:
        return None
    return repo.get_user(engine(), uid)


def login(user) -> None:
    st.session_state["user_id"] = user.id


def logout() -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]


def require(*roles: str):
    """The current user if their role is one of ``roles``; otherwise stop the page."""
    user = current_user()
    if user is None:
        st.warning("请先登录。")
        st.stop()
    if roles and user.role not in roles:
        st.error("当前角色无权访问此页面。")
        st.stop()
    return user


def unmask_toggle(user, key: str = "unmask") -> bool:
    """A '显示个人信息' switch for roles allowed to unmask; False for everyone else."""
    if not can_unmask(user.role):
        return False
    return st.toggle("显示个人信息（身份证号、电话、住址）", value=False, key=key)
