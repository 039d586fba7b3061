"""Schema via Alembic, repository round trips, restart safety, the CLI ResultStore."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from service import demo
from store import make_engine, repo
from store.migrate import upgrade
from test_migrations import HEAD

TABLES = {"units", "users", "review_sessions", "dossiers", "assignments", "decisions",
          "document_corrections", "adjudications", "login_events", "alembic_version"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return demo.generated_corpus(tmp_path_factory.mktemp("pcorpus"), n=3, seed=21)


@pytest.fixture
def seeded(tmp_path, corpus, monkeypatch):
    monkeypatch.setenv("JUANPING_DATA_DIR", str(tmp_path / "data"))
    url = f"sqlite:///{tmp_path / 'p.db'}"
    eng = make_engine(url)
    info = demo.seed_demo(eng, corpus, demo.truth_only)
    return url, eng, info


def test_migration_creates_schema_and_is_idempotent(tmp_path):
    eng = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    assert TABLES <= set(inspect(eng).get_table_names())
    upgrade(eng)  # second run is a no-op
    with eng.connect() as c:
        assert c.execute(text("select version_num from alembic_version")).scalar() == HEAD


def test_upgrade_collapses_duplicate_cli_rows_to_the_newest(tmp_path):
    """A database written before migration 0002 may hold the same file twice: the upgrade keeps
    the newest row, and afterwards the unique index refuses a second one."""
    from sqlalchemy.exc import IntegrityError

    eng = make_engine(f"sqlite:///{tmp_path / 'old.db'}", migrate=False)
    upgrade(eng, "0001")
    insert = text("insert into dossiers (batch, sampled, file_name, file_path, sha256, pages, model_version,"
                  " status, created_at) values ('cli', 0, :n, :n, 'abc', 1, 'v1', 'reviewed', '2026-01-01')")
    with eng.begin() as c:
        for name in ("old.pdf", "new.pdf"):
            c.execute(insert, {"n": name})
    upgrade(eng)
    with eng.connect() as c:
        assert c.execute(text("select file_name from dossiers")).scalars().all() == ["new.pdf"]
    with pytest.raises(IntegrityError), eng.begin() as c:
        c.execute(insert, {"n": "again.pdf"})


def test_passwords_are_salted_hashes(seeded):
    _, eng, _ = seeded
    u = repo.authenticate(eng, "reviewer1", demo.DEMO_PASSWORD)
    assert u is not None and u.role == "reviewer" and u.unit is not None
    assert demo.DEMO_PASSWORD not in u.password_hash and u.password_hash.startswith("$argon2id$")
    assert repo.authenticate(eng, "reviewer1", "nope") is None
    assert repo.hash_password("x") != repo.hash_password("x")


def test_demo_seed_shape(seeded):
    _, eng, info = seeded
    assert len(repo.units(eng, "center")) == 2 and len(repo.units(eng, "firm")) == 4
    ds = repo.dossiers(eng, session_id=info["session_id"])
    assert len(ds) == 3 and all(d.contract and d.sha256 and d.pages for d in ds)
    for a in repo.assignments(eng, session_id=info["session_id"]):
        assert a.reviewer.unit_id not in (a.dossier.firm_id, a.dossier.center_id)


def test_decisions_survive_a_restart(seeded):
    url, eng, info = seeded
    a = repo.assignments(eng, reviewer_id=info["users"]["reviewer1"])[0]
    with pytest.raises(ValueError):
        repo.record_decision(eng, a.id, "MD-14", "override", user_id=1, new_status="fail", reason="  ")
    repo.record_decision(eng, a.id, "MD-14", "override", user_id=1, new_status="fail", reason="未见回访")
    repo.record_decision(eng, a.id, "MD-01", "accept", user_id=1)
    repo.add_correction(eng, a.dossier_id, 3, 3, "application", "identity", 1)
    eng.dispose()
    fresh = make_engine(url)  # a new process on the same file
    dec = repo.effective_decisions(fresh, a.id)
    assert dec["MD-14"].new_status == "fail" and dec["MD-14"].reason == "未见回访" and dec["MD-01"].action == "accept"
    draft = repo.get_assignment(fresh, a.id)
    assert draft.status == "draft" and draft.score == repo.assignment_result(fresh, a.id)[0]
    assert len(repo.corrections(fresh, a.dossier_id)) == 1


def test_latest_decision_wins_and_submit_locks(seeded):
    _, eng, info = seeded
    a = repo.assignments(eng, reviewer_id=info["users"]["reviewer2"])[0]
    base = repo.assignment_result(eng, a.id)[0]
    repo.record_decision(eng, a.id, "MD-13", "override", user_id=2, new_status="fail", reason="缺结案报告")
    assert repo.assignment_result(eng, a.id)[1] == "不合格"
    repo.record_decision(eng, a.id, "MD-13", "accept", user_id=2)
    assert repo.assignment_result(eng, a.id)[0] == base
    assert len(repo.decision_history(eng, a.id)) == 2
    with pytest.raises(ValueError):
        repo.submit_assignment(eng, a.id, " ")
    done = repo.submit_assignment(eng, a.id, "李律师")
    assert done.status == "submitted" and done.signed_at is not None and done.score == base
    with pytest.raises(ValueError):
        repo.record_decision(eng, a.id, "MD-01", "accept", user_id=2)


def test_session_sample_and_assignment_in_db(seeded, corpus):
    _, eng, info = seeded
    rs = repo.create_review_session(eng, "测试评查会", info["users"]["admin"], sample_rate=0.3, seed=4)
    firms = repo.units(eng, "firm")
    for i, pdf in enumerate(corpus):
        c, v = demo.truth_only(pdf)
        repo.add_dossier(eng, pdf, c, firm_id=firms[i % 4].id, center_id=firms[i % 4].center_id,
                         session_id=rs.id, model_version=v)
    first = repo.draw_session_sample(eng, rs.id)
    assert first == repo.draw_session_sample(eng, rs.id) and len(first) >= 1
    made = repo.assign_session(eng, rs.id)
    assert len(made) == 2 * len(first)
    assert repo.assign_session(eng, rs.id) == []  # nothing new to assign
    assert repo.session_progress(eng, rs.id)["assignments"] == len(made)
    # the sample is fixed once reviewers have tasks: no orphan tasks on dossiers dropped from it
    with pytest.raises(repo.ResampleRefused, match="不能重新抽样"):
        repo.draw_session_sample(eng, rs.id)
    assert repo.withdraw_open_assignments(eng, rs.id) == len(made)
    assert repo.assignments(eng, session_id=rs.id) == []
    assert repo.draw_session_sample(eng, rs.id) == first


def test_session_names_unique_within_a_center(seeded):
    _, eng, info = seeded
    repo.create_review_session(eng, "2026年第四季度交叉评查", info["users"]["admin"])
    with pytest.raises(ValueError, match="已有名为"):
        repo.create_review_session(eng, " 2026年第四季度交叉评查 ", info["users"]["admin"])


def test_corrected_documents_overlay():
    contract = {"pages": 6, "documents": [{"type": "cover", "first_page": 1, "last_page": 1},
                                          {"type": "application", "first_page": 2, "last_page": 4},
                                          {"type": "decision", "first_page": 5, "last_page": 6}]}

    class Fix:
        first_page, last_page, new_type = 3, 4, "identity"

    docs = repo.corrected_documents(contract, [Fix()])
    assert [(d["type"], d["first_page"], d["last_page"]) for d in docs] == [
        ("cover", 1, 1), ("application", 2, 2), ("identity", 3, 4), ("decision", 5, 6)]


def test_result_store_api_on_the_schema(tmp_path, corpus):
    from store.results import ResultStore
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    store = ResultStore(url)
    contract, _ = demo.truth_only(corpus[0])
    store.save(corpus[0], None, contract)
    store.save(corpus[0], None, contract)  # same file and model: one row
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"junk")
    store.record_failure(bad, ValueError("not a PDF"))
    rows = ResultStore(url).all()
    assert sorted((r.file_name, r.status) for r in rows) == sorted([("bad.pdf", "failed"), (corpus[0].name, "reviewed")])
    assert next(r for r in rows if r.status == "failed").error == "not a PDF"


def test_migrations_match_the_models(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from store.orm import Base
    eng = make_engine(f"sqlite:///{tmp_path / 'diff.db'}")
    with eng.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_a_failed_review_is_shown_as_a_failure_not_replaced_by_the_truth(tmp_path, monkeypatch):
    """The console must never show the generator's truth as the model's output."""
    import shutil

    import service.review_file
    from service.demo import model_contract

    pdf = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.pdf"))[0]
    copy = tmp_path / pdf.name
    shutil.copy(pdf, copy)
    shutil.copy(pdf.with_name(pdf.stem + ".truth.json"), tmp_path / (pdf.stem + ".truth.json"))

    def broken(path, *a, **kw):
        raise RuntimeError("model missing")

    monkeypatch.setattr(service.review_file, "review_file", broken)
    with pytest.raises(RuntimeError, match="model missing"):
        model_contract(copy)


def test_login_locks_after_repeated_failures_and_keeps_an_audit_trail(seeded):
    """10 wrong passwords in a few seconds used to be followed by a working login: now the name is
    locked after MAX_FAILED_LOGINS failures, even for the right password, and every attempt is logged."""
    _, eng, info = seeded
    assert repo.authenticate(eng, "admin", demo.DEMO_PASSWORD) is not None
    for _ in range(repo.MAX_FAILED_LOGINS):
        assert repo.authenticate(eng, "admin", "wrong") is None
    with pytest.raises(repo.LoginLocked, match="锁定"):
        repo.authenticate(eng, "admin", demo.DEMO_PASSWORD)
    assert repo.authenticate(eng, "reviewer1", demo.DEMO_PASSWORD) is not None  # other names unaffected
    events = repo.login_events(eng, "admin")
    assert len(events) == repo.MAX_FAILED_LOGINS + 2 and [e.ok for e in events][-1] is True


def test_exports_keep_every_label_and_no_personal_data(seeded, corpus):
    """The trainer's decision log keeps accepts and adjudications, not only overrides; training
    rows leave the system without the client's name or ID number."""
    _, eng, info = seeded
    rs = repo.create_review_session(eng, "导出测试", info["users"]["admin"], sample_rate=1.0, seed=3)
    c, v = demo.truth_only(corpus[0])
    d = repo.add_dossier(eng, corpus[0], c, session_id=rs.id, model_version=v)
    repo.draw_session_sample(eng, rs.id)
    tasks = repo.assign_session(eng, rs.id)
    assert tasks
    a = tasks[0]
    repo.record_decision(eng, a.id, "MD-01", "accept", user_id=a.reviewer_id)
    repo.record_decision(eng, a.id, "MD-02", "override", user_id=a.reviewer_id, new_status="fail",
                         reason=f"受援人{c['case']['client']}的申请表缺页")
    repo.adjudicate(eng, rs.id, d.id, "MD-02", "pass", info["users"]["admin"], reason="申请表在第3页")
    log = repo.decision_log(eng)
    assert {r["action"] for r in log} >= {"accept", "override", "adjudicate"}
    assert all(c["case"]["client"] not in r["reason"] for r in log)
    repo.add_correction(eng, d.id, 2, 2, "toc", "application", info["users"]["admin"])
    page = f"法律援助申请表\n申请人：{c['case']['client']} 身份证号 110101199003071234 电话 13912345678"
    rows = repo.correction_training_rows(eng, lambda path, p: page)
    assert rows and all(c["case"]["client"] not in r["text"] and "110101199003071234" not in r["text"]
                        and "13912345678" not in r["text"] for r in rows)
    assert "〔受援人〕" in rows[0]["text"]


def test_an_added_deduction_above_the_items_maximum_is_refused_not_clamped(seeded, corpus):
    _, eng, info = seeded
    rs = repo.create_review_session(eng, "扣分上限", info["users"]["admin"], sample_rate=1.0, seed=5)
    c, v = demo.truth_only(corpus[1])
    repo.add_dossier(eng, corpus[1], c, session_id=rs.id, model_version=v)
    repo.draw_session_sample(eng, rs.id)
    a = repo.assign_session(eng, rs.id)[0]
    with pytest.raises(ValueError, match="最高扣分"):
        repo.record_decision(eng, a.id, "BD-05", "add_deduction", user_id=a.reviewer_id, points=99, reason="空白页")
    repo.record_decision(eng, a.id, "BD-05", "add_deduction", user_id=a.reviewer_id, points=1, reason="空白页")
