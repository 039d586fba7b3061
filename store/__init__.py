"""Persistence of the peer-review console: models, migrations, repository functions.

``get_engine(url)`` returns a cached engine whose schema has been brought to
the newest Alembic revision; the URL defaults to ``$JUANPING_DB_URL`` or
``sqlite:///juanping.db``.
"""
from __future__ import annotations

import os
import sys
import threading
from typing import Callable, TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

T = TypeVar("T")
DEFAULT_URL = "sqlite:///juanping.db"
_ENGINES: dict[str, Engine] = {}
_LOCK = threading.Lock()


def db_url() -> str:
    return os.environ.get("JUANPING_DB_URL") or DEFAULT_URL


def make_engine(url: str | None = None, migrate: bool = True) -> Engine:
    """A new engine (not cached), migrated to head unless migrate=False."""
    url = url or db_url()
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # noqa: ANN001
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=5000")
            cur.close()
    if migrate:
        from store.migrate import upgrade
        upgrade(engine)
    return engine


def get_engine(url: str | None = None) -> Engine:
    """The process-wide engine for ``url`` (migrated once)."""
    url = url or db_url()
    with _LOCK:
        if url not in _ENGINES:
            _ENGINES[url] = make_engine(url)
        return _ENGINES[url]


def reset_engines() -> None:
    """Dispose cached engines (tests; simulating a restart)."""
    with _LOCK:
        for eng in _ENGINES.values():
            eng.dispose()
        _ENGINES.clear()


def opened_or_reported(url: str, opener: Callable[[str], T]) -> T | None:
    """opener(url), or None after one bilingual line on stderr saying why the database cannot be
    opened (a bad URL, a missing driver, no server): the commands exit with it, not a traceback."""
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    try:
        return opener(url)
    except (SQLAlchemyError, ArgumentError, ImportError, OSError) as exc:
        print(cannot_open(url, exc), file=sys.stderr)
        return None


def cannot_open(url: str, exc: BaseException) -> str:
    """The one-line bilingual reason a database URL could not be opened."""
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return f"{url}: 无法打开数据库 / cannot open the database ({reason})"
