"""Password login with a lockout: every attempt is recorded (login_events), and too many
failures in a short window lock the user name, so a password cannot be guessed by trying quickly."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.engine import Engine

from store.dbsession import as_utc, session
from store.orm import LoginEvent, User, utcnow
from store.passwords import hash_password, needs_rehash, verify_password

MAX_FAILED_LOGINS = 5         # failed attempts in the window that lock an account
LOCKOUT_MINUTES = 15          # the window, and how long the lock lasts after the last failure


class LoginLocked(ValueError):
    """Too many failed attempts for this user name: even the right password is refused for now."""


def authenticate(engine: Engine, username: str, password: str) -> User | None:
    """The user for a right password; every attempt is recorded (login_events). After
    MAX_FAILED_LOGINS failures within LOCKOUT_MINUTES the name is locked (LoginLocked), so a
    password cannot be guessed by trying quickly."""
    name = username.strip()
    now = utcnow()
    since = now - timedelta(minutes=LOCKOUT_MINUTES)
    wait = 0
    with session(engine) as s, s.begin():
        failed = list(s.scalars(select(LoginEvent.at).where(
            LoginEvent.username == name, LoginEvent.ok.is_(False), LoginEvent.at >= since)))
        user, ok = None, False
        if len(failed) >= MAX_FAILED_LOGINS:
            last = max(as_utc(t) for t in failed)
            wait = max(1, int((last + timedelta(minutes=LOCKOUT_MINUTES) - now).total_seconds() // 60) + 1)
        else:
            user = s.scalar(select(User).where(User.username == name))
            ok = user is not None and user.active and verify_password(password, user.password_hash)
            if ok and needs_rehash(user.password_hash):  # scrypt of an earlier release -> argon2id
                user.password_hash = hash_password(password)
        s.add(LoginEvent(username=name, ok=ok, at=now))  # the refused attempt is logged too
    if wait:
        raise LoginLocked(f"登录失败次数过多，该账号已暂时锁定，请约 {wait} 分钟后再试")
    return user if ok else None


def login_events(engine: Engine, username: str | None = None) -> list[LoginEvent]:
    """The login audit trail, newest first."""
    with session(engine) as s:
        q = select(LoginEvent).order_by(LoginEvent.id.desc())
        if username is not None:
            q = q.where(LoginEvent.username == username)
        return list(s.scalars(q))
