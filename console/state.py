"""Session-state helpers: the engine, the logged-in user, role checks."""
from __future__ import annotations

import os
import time

import streamlit as st

from store.masking import can_unmask
from store import get_engine
from store import repo

ROLE_ZH = {"reviewer": "评查人", "center_admin": "中心管理员", "trainer": "模型训练人员"}
STATUS_ZH = {"pass": "通过", "fail": "不符合", "not_applicable": "不适用", "uncertain": "待人工复核"}
STATUS_ICON = {"pass": "✅", "fail": "❌", "not_applicable": "➖", "uncertain": "❓"}


def demo_requested() -> bool:
    """The demo is seeded only when asked for: `streamlit run app.py -- --demo` or JUANPING_DEMO=1."""
    import sys

    return "--demo" in sys.argv[1:] or os.environ.get("JUANPING_DEMO", "").strip().lower() in ("1", "true", "yes")


def engine():
    """The migrated engine for $JUANPING_DB_URL; the demo is seeded when asked for, and only into a
    database that holds nothing yet (no account, no stored review)."""
    eng = get_engine()
    if not st.session_state.get("_demo_checked"):
        from service.demo import ensure_demo
        if demo_requested() and repo.is_empty(eng):
            with st.spinner("演示模式：正在创建演示数据并用模型评查样例案卷……"):
                ensure_demo(eng)
        st.session_state["_demo_checked"] = True
    return eng


def idle_limit_s() -> float:
    """Idle time after which a login expires ($JUANPING_SESSION_IDLE_MIN, default 480 min; 0 = never)."""
    try:
        return max(0.0, float(os.environ.get("JUANPING_SESSION_IDLE_MIN", "480"))) * 60
    except ValueError:
        return 480 * 60.0


TOKEN_PARAM = "s"  # the login token in the page URL: a reload (F5) resumes the login


def _resume_from_url() -> int | None:
    """After a reload Streamlit's session state is empty: the URL's token resumes a live login."""
    from datetime import timedelta

    from store.logins import resume_login

    token = st.query_params.get(TOKEN_PARAM)
    if not token:
        return None
    uid = resume_login(engine(), token, timedelta(seconds=idle_limit_s()) if idle_limit_s() else None)
    if uid is None:
        del st.query_params[TOKEN_PARAM]
        st.session_state["_expired"] = True
        return None
    st.session_state["user_id"], st.session_state["_token"] = uid, token
    return uid


def keep_token_in_url() -> None:
    """Page navigation clears the URL's query parameters: the entry script puts the token back."""
    token = st.session_state.get("_token")
    if token and st.query_params.get(TOKEN_PARAM) != token:
        st.query_params[TOKEN_PARAM] = token


def current_user():
    """The logged-in user, or None (not logged in, idle too long, or the account is gone)."""
    uid = st.session_state.get("user_id")
    if uid is None:
        uid = _resume_from_url()
    if uid is None:
        return None
    now, last, limit = time.time(), st.session_state.get("_last_seen"), idle_limit_s()
    if last is not None and limit and now - last > limit:
        logout()
        st.session_state["_expired"] = True
        return None
    user = repo.get_user(engine(), uid)
    if user is None or user.role not in ROLE_ZH or not user.active:  # deleted or disabled meanwhile
        logout()
        return None
    st.session_state["_last_seen"] = now
    return user


def login(user) -> None:
    from store.logins import open_login

    st.session_state["user_id"] = user.id
    st.session_state["_token"] = open_login(engine(), user.id)
    keep_token_in_url()


def logout() -> None:
    from store.logins import close_login

    close_login(engine(), st.session_state.get("_token"))
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.query_params.clear()


def require(*roles: str):
    """The current user if their role is one of ``roles``; otherwise stop the page."""
    user = current_user()
    if user is None:
        if st.session_state.pop("_expired", False):
            st.warning("登录已超时，请重新登录。")
        else:
            st.warning("请先登录。")
        st.stop()
    if roles and user.role not in roles:
        need = "、".join(ROLE_ZH.get(r, r) for r in roles)
        st.error(f"当前角色（{ROLE_ZH.get(user.role, user.role)}）无权访问此页面，需要：{need}。")
        st.stop()
    return user


def unmask_toggle(user, key: str = "unmask") -> bool:
    """A '显示个人信息' switch for roles allowed to unmask; False for everyone else."""
    if not can_unmask(user.role):
        return False
    return st.toggle("显示个人信息（身份证号、电话、住址）", value=False, key=key)


def export_logged(what: str):
    """on_click of a download button: every export is in the audit log (who, what, when)."""
    def record() -> None:
        from store.accounts import audit

        user = current_user()
        audit(engine(), user.username if user else "unknown", "export", what[:200])
    return record
