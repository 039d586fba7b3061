"""Centers, firms and their users: created, read and listed (store.accounts manages them for a
real deployment; store.login_lockout checks their passwords)."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from store.dbsession import select_rows, session
from store.orm import ROLES, DossierRow, Unit, User
from store.passwords import hash_password


def create_unit(engine: Engine, name: str, kind: str, center_id: int | None = None) -> Unit:
    if kind not in ("center", "firm"):
        raise ValueError(kind)
    with session(engine) as s, s.begin():
        unit = Unit(name=name, kind=kind, center_id=center_id)
        s.add(unit)
    return unit


def create_user(engine: Engine, username: str, password: str, role: str, display_name: str = "",
                unit_id: int | None = None, must_change_password: bool = False) -> User:
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    with session(engine) as s, s.begin():
        user = User(username=username, display_name=display_name or username, role=role, unit_id=unit_id,
                    password_hash=hash_password(password), must_change_password=must_change_password)
        s.add(user)
    return get_user(engine, user.id)


def get_user(engine: Engine, user_id: int) -> User | None:
    with session(engine) as s:
        return s.get(User, user_id)


def units(engine: Engine, kind: str | None = None) -> list[Unit]:
    return select_rows(engine, Unit, kind=kind or None)  # an empty kind filters nothing


def users(engine: Engine, role: str | None = None) -> list[User]:
    return select_rows(engine, User, role=role or None)


def is_empty(engine: Engine) -> bool:
    """No account and no stored dossier: the only database the demo may be seeded into."""
    with session(engine) as s:
        return not s.scalar(select(func.count(User.id))) and not s.scalar(select(func.count(DossierRow.id)))


def has_accounts(engine: Engine) -> bool:
    with session(engine) as s:
        return bool(s.scalar(select(func.count(User.id))))
