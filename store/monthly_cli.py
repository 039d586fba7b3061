"""`juanping subsidy` and `juanping letters`: the period's subsidy statement and the month's 提醒函.

They only parse arguments and call store.documents; every bad input (unknown period,
a month without failed items, a database that cannot be opened) is one line in Chinese and
English and exit code 2 (1 when there is nothing to issue).
"""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

DEFAULT_DB = "sqlite:///juanping.db"


def _fail(msg: str, code: int = 2) -> int:
    print(msg, file=sys.stderr)
    return code


def open_db(url: str):
    """A migrated engine, or a one-line reason why not. A missing SQLite file is an error here:
    a statement from an empty, newly created database would silently be empty."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from store import cannot_open, make_engine

    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:") \
                and not Path(parsed.database).is_file():
            return None, f"{url}: 数据库文件不存在 / database file not found"
        return make_engine(url), None
    except (SQLAlchemyError, ArgumentError, ImportError, OSError, ValueError) as exc:
        return None, cannot_open(url, exc)


def cmd_subsidy(args: argparse.Namespace) -> int:
    from store.documents import write_statement
    from store.reporting_period import PeriodError, parse_period
    from store.subsidy_rules import load_rules

    try:
        period, rules = parse_period(args.period), load_rules(args.scheme)
    except (PeriodError, ValueError) as exc:
        return _fail(str(exc))
    engine, err = open_db(args.db)
    if err:
        return _fail(err)
    st, path = write_statement(engine, period, rules, Path(args.out or "."))
    if not st.rows and not st.held:
        print(f"{period.zh}没有已评查的案卷，补贴表为空 / no reviewed dossiers in {period.label}", file=sys.stderr)
    print(f"{path}：发放 {len(st.rows)} 件，合计 {st.total:,.2f} 元；暂缓 {len(st.held)} 件（{rules.label}）")
    return 0


def cmd_letters(args: argparse.Namespace) -> int:
    from store.documents import write_month_letters
    from store.letters import NothingToIssue
    from store.reporting_period import PeriodError, parse_month

    try:
        month = parse_month(args.month)
        today = date.fromisoformat(args.date) if args.date else None
    except (PeriodError, ValueError) as exc:
        return _fail(str(exc))
    engine, err = open_db(args.db)
    if err:
        return _fail(err)
    try:
        written = write_month_letters(engine, month, Path(args.out), args.center, today)
    except NothingToIssue as exc:
        return _fail(str(exc), 1)
    for w in written:
        print(f"{w.letter.number}　{w.letter.firm.name}：{w.points} 个问题，回复期限 {w.letter.due_on} -> {w.path}")
    return 0


def add_monthly_parsers(sub) -> None:
    sub_ = sub.add_parser("subsidy", help="办案补贴明细表（按期间、律所、律师，XLSX）")
    sub_.add_argument("--period", required=True, help="2026Q4, 2026-11 or 2026")
    sub_.add_argument("--db", default=DEFAULT_DB, help=f"database URL (default {DEFAULT_DB})")
    sub_.add_argument("--out", default=None, help="XLSX file, or a folder for 办案补贴_<period>.xlsx (default .)")
    sub_.add_argument("--scheme", default="default", help="subsidy scheme in store/data/subsidy.yaml "
                                                           "(e.g. default, jiangsu_suzhou)")
    sub_.set_defaults(func=cmd_subsidy)
    let = sub.add_parser("letters", help="出具当月提醒函（每所一份，编号不变，DOCX）")
    let.add_argument("--month", required=True, help="e.g. 2026-11")
    let.add_argument("--db", default=DEFAULT_DB, help=f"database URL (default {DEFAULT_DB})")
    let.add_argument("--out", required=True, help="folder for 提醒函_<律所>_<年月>.docx")
    let.add_argument("--center", default=None, help="issuing center (default: store/data/letters.yaml)")
    let.add_argument("--date", default=None, help="issue date of new letters, YYYY-MM-DD (default today)")
    let.set_defaults(func=cmd_letters)
