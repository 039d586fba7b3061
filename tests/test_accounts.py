"""Accounts for a real deployment: `juanping users` on an empty database makes the first
administrator, who logs into the console, must change the password, creates a reviewer; the
reviewer logs in and changes the password. No demo account exists there. Rules, audit, CSV import."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from store import accounts, make_engine, repo
from store.passwords import WeakPassword, check_new_password, hash_password, verify_password

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


def juanping_users(db: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), "users", *args, "--db", db], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def one_time_password(out: str) -> str:
    return re.search(r"one-time password: (\S+)", out).group(1)


def app(db: str, monkeypatch) -> AppTest:
    monkeypatch.setenv("JUANPING_DB_URL", db)
    monkeypatch.delenv("JUANPING_DEMO", raising=False)
    from store import reset_engines

    reset_engines()
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()


def log_in(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="login_user").input(username)
    at.text_input(key="login_pw").input(password)
    return at.button[0].click().run()


def change_password(at: AppTest, old: str, new: str) -> AppTest:
    at.text_input(key="pw_old").input(old)
    at.text_input(key="pw_new").input(new)
    at.text_input(key="pw_again").input(new)
    return at.button[0].click().run()


def texts(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in list(at.error) + list(at.warning) + list(at.info) + list(at.success))


def first_admin_to_reviewer(db: str, monkeypatch) -> None:
    res = juanping_users(db, "add", "zhou", "--role", "center_admin", "--name", "周主任", "--unit", "苏州市法律援助中心")
    assert res.returncode == 0, res.stderr
    temp = one_time_password(res.stdout)
    eng = make_engine(db)
    assert {u.username for u in repo.users(eng)} == {"zhou"}  # no demo account was seeded
    assert repo.authenticate(eng, "admin", "juanping2026") is None

    at = app(db, monkeypatch)
    at = log_in(at, "zhou", temp)
    assert not at.exception
    assert [t.value for t in at.title] == ["修改密码"] and "首次登录须先修改密码" in texts(at)
    at = change_password(at, temp, "short1")
    assert "至少" in texts(at)  # the rule is shown, nothing changed
    at = change_password(at, temp, "Gusu2026pass")
    assert not at.exception and "账号管理" not in [t.value for t in at.title]
    from conftest import render_page

    admin = next(u for u in repo.users(eng) if u.username == "zhou")
    assert not admin.must_change_password
    page = render_page("users", admin.id)
    assert [t.value for t in page.title] == ["账号管理"]
    page.text_input(key="acc_user").input("wang")
    page.text_input(key="acc_name").input("王律师")
    page.text_input(key="acc_newfirm").input("江苏明德律师事务所")
    page = page.button[0].click().run()
    assert not page.exception, page.exception
    shown = texts(page)
    assert "一次性密码" in shown
    reviewer_pw = re.search(r"一次性密码：(\S+)", shown).group(1)
    reviewer = next(u for u in repo.users(eng) if u.username == "wang")
    assert reviewer.role == "reviewer" and reviewer.unit.name == "江苏明德律师事务所"
    assert reviewer.unit.center_id == admin.unit.id

    at = app(db, monkeypatch)
    at = log_in(at, "wang", reviewer_pw)
    assert [t.value for t in at.title] == ["修改密码"]
    at = change_password(at, reviewer_pw, "Mingde2026x")
    assert not at.exception and "密码已修改" in texts(at)
    assert [t.value for t in render_page("tasks", reviewer.id).title] == ["我的评查任务"]  # the console opens up
    assert repo.authenticate(eng, "wang", "Mingde2026x").id == reviewer.id
    assert repo.authenticate(eng, "wang", reviewer_pw) is None
    actions = [(e.actor, e.action, e.target) for e in accounts.audit_log(eng)]
    assert ("zhou", "user_add", "wang") in actions and ("wang", "password_change", "wang") in actions


@pytest.mark.slow
def test_first_administrator_on_empty_sqlite(tmp_path, monkeypatch):
    first_admin_to_reviewer(f"sqlite:///{tmp_path / 'fresh.db'}", monkeypatch)


@pytest.mark.postgres
def test_first_administrator_on_empty_postgres(pg_url, monkeypatch):
    first_admin_to_reviewer(pg_url, monkeypatch)


def test_empty_database_without_demo_says_how_to_start(tmp_path, monkeypatch):
    at = app(f"sqlite:///{tmp_path / 'e.db'}", monkeypatch)
    assert "juanping users add" in texts(at)
    assert not repo.has_accounts(make_engine(f"sqlite:///{tmp_path / 'e.db'}"))


def test_demo_only_when_asked_and_only_into_an_empty_database(tmp_path, monkeypatch):
    from service import demo

    db = f"sqlite:///{tmp_path / 'd.db'}"
    eng = make_engine(db)
    accounts.add_account(eng, "zhou", "center_admin", "周主任", "苏州市法律援助中心")
    assert demo.ensure_demo(eng) is None  # a database with an account gets no demo
    assert {u.username for u in repo.users(eng)} == {"zhou"}
    eng2 = make_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    from store.results import ResultStore

    ResultStore(f"sqlite:///{tmp_path / 'cli.db'}").record_failure(tmp_path / "x.pdf", "bad")
    assert not repo.is_empty(eng2)  # CLI results stored: not empty either


def test_disabled_account_cannot_log_in_and_is_logged_out(tmp_path):
    eng = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    accounts.add_account(eng, "zhou", "center_admin", "周主任", "某中心", password="Strong2026pw")
    accounts.add_account(eng, "li", "reviewer", "李律师", "某律所", center="某中心", password="Strong2026pw")
    assert repo.authenticate(eng, "li", "Strong2026pw") is not None
    accounts.set_active(eng, "li", False, actor="zhou")
    assert repo.authenticate(eng, "li", "Strong2026pw") is None
    with pytest.raises(accounts.AccountError, match="自己"):
        accounts.set_active(eng, "zhou", False, actor="zhou")
    from conftest import render_page
    import os

    os.environ["JUANPING_DB_URL"] = f"sqlite:///{tmp_path / 'a.db'}"
    try:
        from store import reset_engines

        reset_engines()
        li = next(u for u in repo.users(eng) if u.username == "li")
        at = render_page("tasks", li.id)
        assert "请先登录" in texts(at)
    finally:
        os.environ.pop("JUANPING_DB_URL")


def test_reset_password_requires_a_change_and_old_one_stops(tmp_path):
    eng = make_engine(f"sqlite:///{tmp_path / 'r.db'}")
    accounts.add_account(eng, "zhou", "center_admin", "周主任", "某中心", password="Strong2026pw")
    new = accounts.reset_password(eng, "zhou", actor="cli")
    assert repo.authenticate(eng, "zhou", "Strong2026pw") is None
    user = repo.authenticate(eng, "zhou", new.temporary_password)
    assert user.must_change_password
    with pytest.raises(accounts.AccountError, match="原密码不正确"):
        accounts.change_password(eng, user.id, "wrong", "Another2026pw")
    with pytest.raises(accounts.AccountError, match="不能与原密码相同"):
        accounts.change_password(eng, user.id, new.temporary_password, new.temporary_password)


@pytest.mark.parametrize("pw,rule", [("abc123", "至少"), ("abcdefghij", "字母和数字"), ("zhou2026abc", "用户名"),
                                     ("juanping2026", "已公开")])
def test_password_rules(pw, rule):
    with pytest.raises(WeakPassword, match=rule):
        check_new_password(pw, "zhou")


def test_argon2_hashes_and_legacy_scrypt_rehashed_at_login(tmp_path):
    stored = hash_password("Strong2026pw")
    assert stored.startswith("$argon2id$") and verify_password("Strong2026pw", stored)
    assert not verify_password("strong2026pw", stored)
    import hashlib

    salt = bytes(16)
    legacy = f"scrypt$16384$8$1${salt.hex()}${hashlib.scrypt(b'Old2025pass', salt=salt, n=16384, r=8, p=1, dklen=32).hex()}"
    eng = make_engine(f"sqlite:///{tmp_path / 'l.db'}")
    u = repo.create_user(eng, "old", "x", "trainer")
    with repo.session(eng) as s, s.begin():
        s.get(type(u), u.id).password_hash = legacy
    assert repo.authenticate(eng, "old", "Old2025pass").id == u.id
    assert repo.get_user(eng, u.id).password_hash.startswith("$argon2id$")  # upgraded at login
    assert repo.authenticate(eng, "old", "Old2025pass") is not None


def test_csv_import_centers_firms_users(tmp_path):
    db = f"sqlite:///{tmp_path / 'csv.db'}"
    csv_text = ("类型,名称,所属中心,用户名,姓名,角色,单位\n"
                "中心,无锡市法律援助中心,,,,,\n"
                "律师事务所,无锡锡成律师事务所,无锡市法律援助中心,,,,\n"
                "用户,,,wu,吴主任,中心管理员,无锡市法律援助中心\n"
                "用户,,无锡市法律援助中心,li,李律师,评查人,无锡锡成律师事务所\n"
                "用户,,,li,李律师,评查人,无锡锡成律师事务所\n"
                "律师事务所,某律所,不存在的中心,,,,\n"
                "部门,x,,,,,\n")
    path = tmp_path / "accounts.csv"
    path.write_text(csv_text, encoding="gb18030")  # saved by Excel on Chinese Windows
    out = tmp_path / "pw.csv"
    res = juanping_users(db, "import", str(path), "--out", str(out))
    assert res.returncode == 1  # two bad rows reported
    assert "第 7 行" in res.stderr and "第 8 行" in res.stderr and "已存在" in res.stderr
    assert "新建单位 2 个，账号 2 个" in res.stdout
    eng = make_engine(db)
    by = {u.username: u for u in repo.users(eng)}
    assert by["wu"].role == "center_admin" and by["li"].unit.name == "无锡锡成律师事务所"
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 3 and all(repo.authenticate(eng, r.split(",")[0], r.split(",")[-1]) for r in rows[1:])
    listed = juanping_users(db, "list")
    assert "吴主任" in listed.stdout and "待改密码" in listed.stdout
