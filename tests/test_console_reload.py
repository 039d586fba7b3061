"""F5 keeps a reviewer logged in and on the same task: the login token and the task travel in the
page URL; logout, idle timeout and a disabled account end the login."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store import accounts, make_engine, repo
from store.logins import close_login, open_login, resume_login

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    monkeypatch.setenv("JUANPING_DB_URL", url)
    monkeypatch.delenv("JUANPING_DEMO", raising=False)
    from store import reset_engines

    reset_engines()
    eng = make_engine(url)
    accounts.add_account(eng, "zhou", "center_admin", "周主任", "某市法律援助中心", password="Gusu2026pass")
    accounts.add_account(eng, "wang", "reviewer", "王律师", "某律师事务所", center="某市法律援助中心",
                         password="Mingde2026x")
    for name, pw in (("zhou", "Gusu2026pass"), ("wang", "Mingde2026x")):  # first-login change done
        u = repo.authenticate(eng, name, pw)
        accounts.change_password(eng, u.id, pw, pw + "Z")
    return eng


def fresh(params: dict | None = None) -> AppTest:
    """A new browser load of the app (what F5 does: Streamlit's session state is gone)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def test_reload_keeps_the_login(db):
    at = fresh()
    at.text_input(key="login_user").input("zhou")
    at.text_input(key="login_pw").input("Gusu2026passZ")
    at = at.button[0].click().run()
    assert not at.exception and titles(at) == ["评查会管理"]
    token = at.query_params["s"]
    token = token[0] if isinstance(token, list) else token
    assert token and len(token) > 30
    again = fresh({"s": token})  # F5
    assert not again.exception and titles(again) == ["评查会管理"]
    assert fresh({"s": token + "x"}).title[0].value == "卷评 · 法律援助案卷评查"  # a forged token: login page


def test_logout_idle_and_disabled_end_the_login(db, monkeypatch):
    wang = next(u for u in repo.users(db) if u.username == "wang")
    token = open_login(db, wang.id)
    assert titles(fresh({"s": token})) == ["我的评查任务"]
    close_login(db, token)  # logout
    assert resume_login(db, token, None) is None
    assert titles(fresh({"s": token}))[0] == "卷评 · 法律援助案卷评查"

    token = open_login(db, wang.id)
    from datetime import timedelta

    assert resume_login(db, token, timedelta(minutes=5)) == wang.id
    with repo.session(db) as s, s.begin():  # an hour without a request
        from sqlalchemy import update

        from store.orm import ConsoleLogin, utcnow
        s.execute(update(ConsoleLogin).values(last_seen_at=utcnow() - timedelta(hours=1)))
    assert resume_login(db, token, timedelta(minutes=5)) is None

    token = open_login(db, wang.id)
    accounts.set_active(db, "wang", False, actor="zhou")
    assert resume_login(db, token, None) is None


def _two_tasks(db, tmp_path, monkeypatch) -> tuple[int, list[int]]:
    """(reviewer id, task ids) of two draft tasks of 王律师 in a new session."""
    from service import demo

    monkeypatch.setenv("JUANPING_DATA_DIR", str(tmp_path / "data"))
    pdfs = demo.generated_corpus(tmp_path / "corpus", n=2, seed=5)
    wang = next(u for u in repo.users(db) if u.username == "wang")
    admin = next(u for u in repo.users(db) if u.username == "zhou")
    rs = repo.create_review_session(db, "导航评查会", admin.id, sample_rate=1.0, seed=3)
    from store.orm import Assignment

    ids = [repo.add_dossier(db, pdf, demo.truth_only(pdf)[0], session_id=rs.id).id for pdf in pdfs]
    with repo.session(db) as s, s.begin():
        s.add_all([Assignment(session_id=rs.id, dossier_id=i, reviewer_id=wang.id, status="draft") for i in ids])
    return wang.id, sorted(a.id for a in repo.assignments(db, reviewer_id=wang.id))


def test_next_item_next_dossier_and_the_item_stays_open(db, tmp_path, monkeypatch):
    from conftest import render_page

    uid, tasks = _two_tasks(db, tmp_path, monkeypatch)
    at = render_page("review", uid, assignment_id=tasks[0])
    assert not at.exception and at.selectbox(key="review_pick").value == tasks[0]
    at = at.button(key="next_item").click().run()  # 下一项: the first undecided item opens
    first = at.session_state["open_item"]
    assert first and any(e.label.startswith(("❓", "❌", "✅", "➖")) and f" {first} " in e.label and e.proto.expanded
                         for e in at.expander)
    at = at.button(key=f"save_{tasks[0]}_{first}").click().run()  # accept it
    assert at.session_state["open_item"] == first  # still open after saving
    assert first in repo.effective_decisions(db, tasks[0])
    at = at.button(key="next_item").click().run()
    assert at.session_state["open_item"] != first  # the next undecided one
    at = at.button(key="next_dossier").click().run()  # 下一份
    assert at.selectbox(key="review_pick").value == tasks[1] and at.query_params["task"] in (str(tasks[1]), [str(tasks[1])])


def test_a_task_link_survives_reload(db, tmp_path, monkeypatch):
    """The review page writes the task into the URL; a reload with it opens the same task."""
    from service import demo

    monkeypatch.setenv("JUANPING_DATA_DIR", str(tmp_path / "data"))
    pdfs = demo.generated_corpus(tmp_path / "corpus", n=2, seed=5)
    wang = next(u for u in repo.users(db) if u.username == "wang")
    admin = next(u for u in repo.users(db) if u.username == "zhou")
    rs = repo.create_review_session(db, "F5评查会", admin.id, sample_rate=1.0, seed=3)
    ids = []
    for pdf in pdfs:
        c, v = demo.truth_only(pdf)
        ids.append(repo.add_dossier(db, pdf, c, session_id=rs.id, model_version=v).id)
    repo.draw_session_sample(db, rs.id)
    from store.orm import Assignment

    with repo.session(db) as s, s.begin():
        tasks = [Assignment(session_id=rs.id, dossier_id=i, reviewer_id=wang.id, status="draft") for i in ids]
        s.add_all(tasks)
    second = max(a.id for a in repo.assignments(db, reviewer_id=wang.id))
    token = open_login(db, wang.id)
    at = fresh({"s": token})
    at.selectbox(key="task_pick").select_index(1).run()
    at = at.button(key="open_task").click().run()
    assert not at.exception
    assert titles(at) == ["案卷评查"] and at.selectbox(key="review_pick").value == second
    task = at.query_params["task"]
    again = fresh({"s": token, "task": task[0] if isinstance(task, list) else task})  # F5 on the review page
    assert not again.exception
    assert titles(again) == ["案卷评查"] and again.selectbox(key="review_pick").value == second
