"""`juanping users`: accounts from the command line (the first administrator among them).

    juanping users add USERNAME --role center_admin --name 周主任 --unit 苏州市法律援助中心 [--db URL]
    juanping users list | disable USERNAME | enable USERNAME | reset-password USERNAME
    juanping users import accounts.csv [--out passwords.csv]

One-time passwords are printed once (or written to --out) and must be changed at first login.
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

DEFAULT_DB = "sqlite:///juanping.db"


def _engine(url: str):
    from store import make_engine, opened_or_reported

    engine = opened_or_reported(url, make_engine)
    if engine is None:
        raise SystemExit(1)  # the reason is on stderr
    return engine


def _show(acc, done: str = "已创建账号") -> None:
    from store.accounts import ROLE_NAMES

    print(f"{done} {acc.username}（{acc.display_name}，{ROLE_NAMES[acc.role]}，{acc.unit or '无单位'}）\n"
          f"  一次性密码 / one-time password: {acc.temporary_password}\n  首次登录须修改密码 / must be changed at first login")


def _write_passwords(path: Path, accounts) -> None:
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(["用户名", "姓名", "角色", "单位", "一次性密码"])
        for a in accounts:
            w.writerow([a.username, a.display_name, a.role, a.unit or "", a.temporary_password])


def run(args: argparse.Namespace) -> int:
    from store import accounts

    eng = _engine(args.db)
    try:
        if args.action == "add":
            _show(accounts.add_account(eng, args.username, args.role, args.name or "", args.unit,
                                       center=args.center, password=args.password))
        elif args.action == "list":
            for u in accounts.list_accounts(eng):
                state = "" if u.active else "（已停用）"
                must = "，待改密码" if u.must_change_password else ""
                print(f"{u.username}\t{u.display_name}\t{accounts.ROLE_NAMES.get(u.role, u.role)}\t"
                      f"{u.unit.name if u.unit else '-'}{state}{must}")
        elif args.action in ("disable", "enable"):
            accounts.set_active(eng, args.username, args.action == "enable")
            print(f"{args.username}: 已{'启用' if args.action == 'enable' else '停用'}")
        elif args.action == "reset-password":
            _show(accounts.reset_password(eng, args.username), "已重置密码")
        elif args.action == "import":
            path = Path(args.csv)
            try:
                text = path.read_text(encoding="utf-8-sig")
            except UnicodeDecodeError:
                text = path.read_text(encoding="gb18030")  # saved from Excel on Chinese Windows
            except OSError as exc:
                print(f"{path}: 无法读取 / cannot read ({exc.strerror})", file=sys.stderr)
                return 2
            rep = accounts.import_csv(eng, text)
            for line in rep.skipped + rep.errors:
                print(line, file=sys.stderr)
            if rep.accounts:
                if args.out:
                    _write_passwords(Path(args.out), rep.accounts)
                    print(f"一次性密码已写入 {args.out}（请妥善保管并分发后删除）")
                else:
                    for acc in rep.accounts:
                        _show(acc)
            print(f"新建单位 {len(rep.units_created)} 个，账号 {len(rep.accounts)} 个；跳过 {len(rep.skipped)} 行，"
                  f"错误 {len(rep.errors)} 行")
            return 1 if rep.errors else 0
    except accounts.AccountError as exc:
        print(f"{exc} / refused", file=sys.stderr)
        return 2
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="juanping users", description="账号管理（中心、律所、用户）")
    p.add_argument("--db", default=DEFAULT_DB, help=f"database URL (default {DEFAULT_DB})")
    sub = p.add_subparsers(dest="action", required=True)
    db = argparse.ArgumentParser(add_help=False)  # --db after the action as well as before it
    db.add_argument("--db", default=argparse.SUPPRESS, help=f"database URL (default {DEFAULT_DB})")
    add = sub.add_parser("add", help="新建账号（首个管理员也用它创建）", parents=[db])
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=["center_admin", "reviewer", "trainer"])
    add.add_argument("--name", help="姓名（显示名）")
    add.add_argument("--unit", help="所属单位：中心管理员为法律援助中心，评查人为律师事务所（不存在则创建）")
    add.add_argument("--center", help="新建律所时其所属的法律援助中心")
    add.add_argument("--password", help="初始密码（默认随机生成；首次登录须修改）")
    sub.add_parser("list", help="列出账号", parents=[db])
    for action, text in (("disable", "停用账号"), ("enable", "启用账号"), ("reset-password", "重置密码")):
        sub.add_parser(action, help=text, parents=[db]).add_argument("username")
    imp = sub.add_parser("import", help="从 CSV 导入中心、律所与账号（列：类型,名称,所属中心,用户名,姓名,角色,单位）",
                         parents=[db])
    imp.add_argument("csv")
    imp.add_argument("--out", help="把一次性密码写入此 CSV，而不是打印")
    return p


def main(argv: list[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
