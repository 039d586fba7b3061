"""账号管理：a center admin creates, disables and resets the accounts of the center and of the
firms in its area (reviewers are lawyers of those firms). One-time passwords are shown once."""
from __future__ import annotations

import streamlit as st

from console import state
from store import accounts, repo


def _center_id(user) -> int | None:
    if user.unit is None:
        return None
    return user.unit.id if user.unit.kind == "center" else user.unit.center_id


def _firms(eng, center_id: int) -> list[str]:
    return [u.name for u in repo.units(eng, "firm") if u.center_id == center_id]


def _create(eng, user, center) -> None:
    st.subheader("新建账号")
    firms = _firms(eng, center.id)
    with st.form("acc_new", clear_on_submit=True):
        username = st.text_input("用户名", key="acc_user")
        name = st.text_input("姓名", key="acc_name")
        role = st.selectbox("角色", ["reviewer", "center_admin"], format_func=accounts.ROLE_NAMES.get, key="acc_role")
        firm = st.selectbox("所属律师事务所（评查人）", firms, index=None, placeholder="请选择律师事务所",
                            key="acc_firm")
        new_firm = st.text_input("或新建律师事务所（本中心辖区）", key="acc_newfirm")
        ok = st.form_submit_button("创建")
    if not ok:
        return
    unit = center.name if role == "center_admin" else ((new_firm or "").strip() or firm)
    try:
        acc = accounts.add_account(eng, username or "", role, name or "", unit, center=center.name,
                                   actor=user.username)
    except accounts.AccountError as exc:
        st.error(str(exc))
        return
    st.session_state["_acc_shown"] = acc
    st.rerun()


def _manage(eng, user, people) -> None:
    st.subheader("账号列表")
    st.dataframe([{"用户名": u.username, "姓名": u.display_name, "角色": accounts.ROLE_NAMES.get(u.role, "其他"),
                   "单位": u.unit.name if u.unit else "—", "状态": "正常" if u.active else "已停用",
                   "待改密码": "是" if u.must_change_password else "否"} for u in people],
                 hide_index=True, width="stretch")
    names = [u.username for u in people if u.username != user.username]
    if not names:
        return
    who = st.selectbox("选择账号", names, index=None, placeholder="请选择账号", key="acc_pick")
    if who is None:
        return
    target = next(u for u in people if u.username == who)
    c1, c2 = st.columns(2)
    try:
        if c1.button("启用" if not target.active else "停用", key="acc_toggle"):
            accounts.set_active(eng, who, not target.active, actor=user.username)
            st.rerun()
        if c2.button("重置密码", key="acc_reset"):
            st.session_state["_acc_shown"] = accounts.reset_password(eng, who, actor=user.username)
            st.rerun()
    except accounts.AccountError as exc:
        st.error(str(exc))


def render() -> None:
    user = state.require("center_admin")
    st.title("账号管理")
    eng = state.engine()
    center_id = _center_id(user)
    center = next((u for u in repo.units(eng, "center") if u.id == center_id), None)
    if center is None:
        st.error("当前管理员账号未关联法律援助中心，无法管理账号。")
        return
    st.caption(f"管理范围：{center.name}及其辖区律师事务所")
    shown = st.session_state.pop("_acc_shown", None)
    if shown is not None:
        st.success(f"账号 {shown.username}（{shown.display_name}）的一次性密码：{shown.temporary_password}　"
                   "请当面或通过安全渠道告知本人；此密码只显示这一次，首次登录须修改。")
    _create(eng, user, center)
    _manage(eng, user, accounts.list_accounts(eng, center.id))
