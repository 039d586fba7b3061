"""Console logins that survive a reload: a random token per browser login, kept in the page URL
(Streamlit forgets its session state on F5), stored only as a SHA-256, ended by logout, by idling
longer than the idle limit, or at an absolute expiry."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.engine import Engine

from store.orm import ConsoleLogin, User, utcnow
from store.dbsession import as_utc, session

MAX_AGE = timedelta(hours=12)  # a login ends after a working day, whatever the activity
TOUCH_EVERY = timedelta(seconds=60)  # last_seen is written at most this often


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_login(engine: Engine, user_id: int) -> str:
    token = secrets.token_urlsafe(32)
    now = utcnow()
    with session(engine) as s, s.begin():
        s.add(ConsoleLogin(token_sha256=_digest(token), user_id=user_id, created_at=now, last_seen_at=now,
                           expires_at=now + MAX_AGE))
    return token


def resume_login(engine: Engine, token: str, idle: timedelta | None) -> int | None:
    """The user id of a live login (not revoked, not expired, not idle too long, account active)."""
    if not token or len(token) > 200:
        return None
    now = utcnow()
    with session(engine) as s, s.begin():
        row = s.scalar(select(ConsoleLogin).where(ConsoleLogin.token_sha256 == _digest(token)))
        if row is None or row.revoked_at is not None or as_utc(row.expires_at) <= now:
            return None
        if idle and now - as_utc(row.last_seen_at) > idle:
            row.revoked_at = now
            return None
        user = s.get(User, row.user_id)
        if user is None or not user.active:
            return None
        if now - as_utc(row.last_seen_at) > TOUCH_EVERY:
            row.last_seen_at = now
        return row.user_id


def close_login(engine: Engine, token: str | None) -> None:
    if not token:
        return
    with session(engine) as s, s.begin():
        row = s.scalar(select(ConsoleLogin).where(ConsoleLogin.token_sha256 == _digest(token)))
        if row is not None and row.revoked_at is None:
            row.revoked_at = utcnow()
