"""Accounts for a real deployment: centers, firms and users created, listed, disabled, reset and
imported by the command line (`juanping users`) and by a center admin's console page. Every change
is written to the audit log; a password set by somebody else must be changed at the next login."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.engine import Engine

from store.orm import ROLES, AuditEvent, Unit, User, utcnow
from store.passwords import (WeakPassword, check_new_password, hash_password, temporary_password,
                                          verify_password)
from store.dbsession import select_rows, session
from store.units_users import create_unit, create_user, get_user

ROLE_NAMES = {"reviewer": "评查人", "center_admin": "中心管理员", "trainer": "模型训练人员"}
KIND_NAMES = {"center": "法律援助中心", "firm": "律师事务所"}
# CSV columns (Chinese or English headers) of `juanping users import`
CSV_COLUMNS = {"类型": "kind", "名称": "name", "所属中心": "center", "用户名": "username", "姓名": "display_name",
               "角色": "role", "单位": "unit"}
CSV_KINDS = {"中心": "center", "法律援助中心": "center", "center": "center", "律所": "firm",
             "律师事务所": "firm", "firm": "firm", "用户": "user", "账号": "user", "user": "user"}


class AccountError(ValueError):
    """A request the account rules refuse; the message is Chinese and names what is wrong."""


@dataclass
class NewAccount:
    """A created (or reset) account and the one-time password to hand over; shown once, never stored."""

    username: str
    display_name: str
    role: str
    unit: str | None
    temporary_password: str


@dataclass
class ImportReport:
    units_created: list[str] = field(default_factory=list)
    accounts: list[NewAccount] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # existing units or users, with the reason
    errors: list[str] = field(default_factory=list)  # rows refused, with line number and reason


def audit(engine: Engine, actor: str, action: str, target: str = "", detail: str = "") -> None:
    with session(engine) as s, s.begin():
        s.add(AuditEvent(at=utcnow(), actor=actor, action=action, target=target, detail=detail))


def audit_log(engine: Engine, action: str | None = None) -> list[AuditEvent]:
    return select_rows(engine, AuditEvent, action=action)


def unit_named(engine: Engine, name: str) -> Unit | None:
    with session(engine) as s:
        return s.scalar(select(Unit).where(Unit.name == name.strip()))


def user_named(engine: Engine, username: str) -> User | None:
    with session(engine) as s:
        return s.scalar(select(User).where(User.username == username.strip()))


def ensure_unit(engine: Engine, name: str, kind: str, center: str | None = None, *, actor: str = "cli") -> Unit:
    """The unit called ``name``; created (a firm under ``center``) when missing. A name that exists
    with another kind is refused rather than silently reused."""
    name = name.strip()
    if not name:
        raise AccountError("单位名称不能为空")
    found = unit_named(engine, name)
    if found is not None:
        if found.kind != kind:
            raise AccountError(f"单位「{name}」已存在，但类型是{KIND_NAMES[found.kind]}，不是{KIND_NAMES[kind]}")
        return found
    center_id = None
    if kind == "firm" and center:
        parent = unit_named(engine, center)
        if parent is None or parent.kind != "center":
            raise AccountError(f"所属中心「{center}」不存在")
        center_id = parent.id
    unit = create_unit(engine, name, kind, center_id)
    audit(engine, actor, "unit_add", name, KIND_NAMES[kind])
    return unit


def add_account(engine: Engine, username: str, role: str, display_name: str = "", unit: str | None = None, *,
                password: str | None = None, actor: str = "cli", center: str | None = None) -> NewAccount:
    """Create a user. The unit is created when missing: a center for a center admin, a firm (under
    ``center``) for a reviewer. Without ``password`` a random one is made; either way the user must
    change it at first login, since somebody else has seen it."""
    username = username.strip()
    if not username or any(c.isspace() for c in username):
        raise AccountError("用户名不能为空，也不能含空格")
    if role not in ROLES:
        raise AccountError(f"角色须为：{'、'.join(f'{k}（{v}）' for k, v in ROLE_NAMES.items())}")
    if user_named(engine, username) is not None:
        raise AccountError(f"用户名「{username}」已存在")
    if role in ("center_admin", "reviewer") and not unit:
        raise AccountError(f"{ROLE_NAMES[role]}须指定所属单位")
    unit_row = ensure_unit(engine, unit, "center" if role == "center_admin" else "firm", center,
                           actor=actor) if unit else None
    pw = password or temporary_password()
    try:
        check_new_password(pw, username)
    except WeakPassword as exc:
        raise AccountError(str(exc)) from None
    user = create_user(engine, username, pw, role, display_name or username, unit_row.id if unit_row else None,
                       must_change_password=True)
    audit(engine, actor, "user_add", username, f"{ROLE_NAMES[role]} {unit or ''}".strip())
    return NewAccount(user.username, user.display_name, role, unit, pw)


def list_accounts(engine: Engine, center_id: int | None = None) -> list[User]:
    """Every user, or only those of a center and the firms in its area (what a center admin manages)."""
    with session(engine) as s:
        users = list(s.scalars(select(User).order_by(User.id)).unique())
    if center_id is None:
        return users
    return [u for u in users if u.unit is not None and center_id in (u.unit.id, u.unit.center_id)]


def set_active(engine: Engine, username: str, active: bool, *, actor: str = "cli") -> User:
    with session(engine) as s, s.begin():
        user = s.scalar(select(User).where(User.username == username.strip()))
        if user is None:
            raise AccountError(f"用户「{username}」不存在")
        if not active and user.username == actor:
            raise AccountError("不能停用自己的账号")
        user.active = active
    audit(engine, actor, "user_enable" if active else "user_disable", username)
    return get_user(engine, user.id)


def reset_password(engine: Engine, username: str, *, actor: str = "cli") -> NewAccount:
    """A new random password, to be changed at the next login (the old one stops working at once)."""
    pw = temporary_password()
    with session(engine) as s, s.begin():
        user = s.scalar(select(User).where(User.username == username.strip()))
        if user is None:
            raise AccountError(f"用户「{username}」不存在")
        user.password_hash = hash_password(pw)
        user.must_change_password = True
        out = NewAccount(user.username, user.display_name, user.role, user.unit.name if user.unit else None, pw)
    audit(engine, actor, "password_reset", username)
    return out


def change_password(engine: Engine, user_id: int, old: str, new: str) -> None:
    """The user's own change: the old password is required, the new one must pass the rules and differ."""
    with session(engine) as s, s.begin():
        user = s.get(User, user_id)
        if user is None or not user.active:
            raise AccountError("账号不存在或已停用")
        if not verify_password(old, user.password_hash):
            raise AccountError("原密码不正确")
        if old == new:
            raise AccountError("新密码不能与原密码相同")
        try:
            check_new_password(new, user.username)
        except WeakPassword as exc:
            raise AccountError(str(exc)) from None
        user.password_hash = hash_password(new)
        user.must_change_password = False
        user.password_changed_at = utcnow()
        name = user.username
    audit(engine, name, "password_change", name)


def _csv_rows(text: str) -> list[dict]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    return [{CSV_COLUMNS.get((k or "").strip(), (k or "").strip()): (v or "").strip() for k, v in row.items()}
            for row in reader]


def import_csv(engine: Engine, text: str, *, actor: str = "cli") -> ImportReport:
    """Centers, firms and users from one CSV (columns 类型,名称,所属中心,用户名,姓名,角色,单位). Rows
    are applied in order (centers before the firms that name them); existing units and users are
    skipped, bad rows reported with their line number, and nothing half-written."""
    report = ImportReport()
    roles = {v: k for k, v in ROLE_NAMES.items()} | {k: k for k in ROLES}
    for line, row in enumerate(_csv_rows(text), start=2):
        kind = CSV_KINDS.get(row.get("kind", ""))
        try:
            if kind in ("center", "firm"):
                if unit_named(engine, row.get("name", "")) is not None:
                    report.skipped.append(f"第 {line} 行：单位「{row['name']}」已存在")
                    continue
                ensure_unit(engine, row.get("name", ""), kind, row.get("center") or None, actor=actor)
                report.units_created.append(row["name"])
            elif kind == "user":
                if user_named(engine, row.get("username", "")) is not None:
                    report.skipped.append(f"第 {line} 行：用户「{row['username']}」已存在")
                    continue
                role = roles.get(row.get("role", ""))
                if role is None:
                    raise AccountError(f"未知角色「{row.get('role', '')}」")
                report.accounts.append(add_account(engine, row.get("username", ""), role, row.get("display_name", ""),
                                                   row.get("unit") or row.get("name") or None,
                                                   center=row.get("center") or None, actor=actor))
            else:
                raise AccountError(f"未知类型「{row.get('kind', '')}」（应为 中心 / 律师事务所 / 用户）")
        except AccountError as exc:
            report.errors.append(f"第 {line} 行：{exc}")
    return report
