"""Database sessions and row queries the repository modules (store.repo) share: every write
is its own committed transaction, so a closed browser or a restarted app loses nothing that
was clicked."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session


def session(engine: Engine) -> Session:
    """A session whose loaded rows stay readable after commit (the console reads them later)."""
    return Session(engine, expire_on_commit=False)


def select_rows(engine: Engine, model, **equal) -> list:
    """Rows of `model` in id order, filtered by column == value for every value that is not None."""
    with session(engine) as s:
        q = select(model).order_by(model.id)
        for column, value in equal.items():
            if value is not None:
                q = q.where(getattr(model, column) == value)
        return list(s.scalars(q).unique())


def as_utc(t: datetime) -> datetime:
    """SQLite returns naive datetimes for timezone-aware columns: they are UTC."""
    return t if t.tzinfo is not None else t.replace(tzinfo=timezone.utc)
