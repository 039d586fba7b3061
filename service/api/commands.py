"""`juanping serve` and `juanping tokens`: argument parsing only; the work is in app.py and auth.py."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from service.api import settings as api_settings
from service.api.settings import (DEFAULT_DB_URL, DEFAULT_HOST, DEFAULT_MAX_UPLOAD_MB, DEFAULT_PORT, ApiSettings,
                                 default_data_dir)


def _open_engine(url: str):
    """The migrated database, or None after printing why it cannot be opened."""
    from store import make_engine, opened_or_reported

    return opened_or_reported(url, make_engine)


def cmd_serve(args: argparse.Namespace) -> int:
    from service.api.app import serve

    settings = ApiSettings(db_url=args.db, data_dir=Path(args.data_dir), workers=args.workers, dask=args.dask,
                           max_upload_bytes=int(args.max_upload_mb * 1024 * 1024),
                           time_budget=args.time_budget or None, lease_seconds=args.lease)
    if _open_engine(settings.db_url) is None or (settings.dask and not _dask_reachable(settings.dask)):
        return 2
    serve(settings, args.host, args.port)
    return 0


def _dask_reachable(address: str) -> bool:
    """Whether the Dask scheduler answers (checked before serving, so a typo is a clear error)."""
    try:
        from distributed import Client

        Client(address, timeout=f"{api_settings.DASK_CONNECT_TIMEOUT}s").close()
        return True
    except (OSError, TimeoutError, ValueError, ImportError) as exc:
        print(f"{address}: 无法连接 Dask 调度器 / cannot reach the Dask scheduler ({exc})".replace("\n", " "),
              file=sys.stderr)
        return False


def cmd_tokens(args: argparse.Namespace) -> int:
    from service.api import auth

    engine = _open_engine(args.db)
    if engine is None:
        return 2
    if args.action == "create":
        try:
            token, row = auth.create_token(engine, args.center, label=args.label or "")
        except ValueError as exc:
            print(str(exc), file=sys.stderr)
            return 2
        print(f"已为“{args.center}”创建令牌（编号 {row.id}），只显示这一次，请妥善保存 / token {row.id} created for "
              f"'{args.center}'; it is shown only once:", file=sys.stderr)
        print(token)
        return 0
    if args.action == "revoke":
        if auth.revoke_token(engine, args.id):
            print(f"令牌 {args.id} 已吊销 / token {args.id} revoked")
            return 0
        print(f"没有有效的令牌 {args.id} / no active token {args.id}", file=sys.stderr)
        return 1
    for row in auth.list_tokens(engine):
        state = "已吊销 revoked" if row.revoked_at else "有效 active"
        print(f"{row.id}\t{row.center.name}\t{row.label}\t{row.created_at:%Y-%m-%d %H:%M}\t{state}")
    return 0


def add_api_parsers(sub, time_budget_default: float) -> None:
    """Register `serve` and `tokens` on the `juanping` subparsers."""
    srv = sub.add_parser("serve", help="启动评查 HTTP 接口 / start the review HTTP API")
    srv.add_argument("--db", default=DEFAULT_DB_URL, help=f"database URL (default {DEFAULT_DB_URL}; postgresql+psycopg://...)")
    srv.add_argument("--host", default=DEFAULT_HOST, help=f"listen address (default {DEFAULT_HOST})")
    srv.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    srv.add_argument("--workers", type=int, default=2, help="local review processes (default 2; 0 = accept jobs only)")
    srv.add_argument("--dask", default=None, metavar="ADDRESS", help="review on a Dask cluster, e.g. tcp://scheduler:8786")
    srv.add_argument("--data-dir", default=str(default_data_dir()),
                     help="where uploads are kept (default $JUANPING_DATA_DIR or ./data)")
    srv.add_argument("--max-upload-mb", type=float, default=DEFAULT_MAX_UPLOAD_MB,
                     help=f"largest accepted file in MB (default {DEFAULT_MAX_UPLOAD_MB})")
    srv.add_argument("--time-budget", type=float, default=time_budget_default, metavar="SECONDS",
                     help=f"seconds per file (default {time_budget_default:g}; 0 = no limit)")
    srv.add_argument("--lease", type=float, default=ApiSettings.lease_seconds, metavar="SECONDS",
                     help="a running job without heartbeat this long is re-queued (default %(default)g)")
    srv.set_defaults(func=cmd_serve)

    tok = sub.add_parser("tokens", help="管理评查接口的中心令牌 / API tokens of the centers")
    tok.add_argument("--db", default=DEFAULT_DB_URL, help=f"database URL (default {DEFAULT_DB_URL})")
    acts = tok.add_subparsers(dest="action", required=True)
    new = acts.add_parser("create", help="为中心创建令牌（只显示一次）/ create a token, printed once")
    new.add_argument("center", help="法律援助中心名称 / center name (created if missing)")
    new.add_argument("--label", default="", help="备注，如对接系统名称 / a note, e.g. the calling system")
    acts.add_parser("list", help="列出令牌 / list tokens")
    rev = acts.add_parser("revoke", help="吊销令牌 / revoke a token")
    rev.add_argument("id", type=int)
    tok.set_defaults(func=cmd_tokens)
