"""Center tokens of the review API: created by `juanping tokens create`, shown once, stored hashed.

A token is 32 random bytes, so a plain SHA-256 of it is a safe and indexable stored form
(slow password hashes are for guessable secrets). Each token belongs to one center (a
``units`` row of kind ``center``); a request sees only its center's jobs.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from store import repo
from store.orm import ApiToken, Unit, utcnow

TOKEN_PREFIX = "jp_"


@dataclass(frozen=True)
class Principal:
    """Who is calling: the center and the token used."""

    center_id: int
    center_name: str
    token_id: int


def token_hash(token: str) -> str:
    return hashlib.sha256(token.strip().encode("utf-8")).hexdigest()


def center_unit(engine: Engine, name: str) -> Unit:
    """The center named ``name``, created when missing; ValueError when the name is a law firm."""
    name = name.strip()
    if not name:
        raise ValueError("中心名称不能为空 / the center name is empty")
    with Session(engine, expire_on_commit=False) as s:
        unit = s.scalar(select(Unit).where(Unit.name == name))
    if unit is None:
        try:
            return repo.create_unit(engine, name, "center")
        except IntegrityError:  # created concurrently
            return center_unit(engine, name)
    if unit.kind != "center":
        raise ValueError(f"“{name}”是律师事务所，不是法律援助中心 / “{name}” is a firm, not a center")
    return unit


def create_token(engine: Engine, center_name: str, label: str = "") -> tuple[str, ApiToken]:
    """A new token for the center (created if needed): the plain token (show it once) and its row."""
    unit = center_unit(engine, center_name)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(center_id=unit.id, token_hash=token_hash(token), label=label, created_at=utcnow())
    with Session(engine, expire_on_commit=False) as s, s.begin():
        s.add(row)
    return token, row


def authenticate(engine: Engine, token: str | None) -> Principal | None:
    """The caller behind a bearer token; None for a missing, unknown or revoked one."""
    if not token or not token.strip():
        return None
    with Session(engine) as s:
        row = s.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token)))
        if row is None or row.revoked_at is not None:
            return None
        return Principal(row.center_id, row.center.name, row.id)


def list_tokens(engine: Engine) -> list[ApiToken]:
    with Session(engine, expire_on_commit=False) as s:
        return list(s.scalars(select(ApiToken).order_by(ApiToken.id)).unique())


def revoke_token(engine: Engine, token_id: int) -> bool:
    """Revoke a token by id; False when there is no such active token."""
    with Session(engine) as s, s.begin():
        row = s.get(ApiToken, token_id)
        if row is None or row.revoked_at is not None:
            return False
        row.revoked_at = utcnow()
        return True
