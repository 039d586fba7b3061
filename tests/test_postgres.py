"""The store, migrations, sessions and batch resume on a real PostgreSQL server (not SQLite)."""
from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from service import demo
from store import make_engine, repo
from test_migrations import HEAD

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return demo.generated_corpus(tmp_path_factory.mktemp("pgcorpus"), n=3, seed=21)


def test_migrations_from_empty_and_idempotent(pg_url):
    eng = make_engine(pg_url)
    assert eng.dialect.name == "postgresql"
    assert {"dossiers", "assignments", "decisions", "login_events"} <= set(inspect(eng).get_table_names())
    make_engine(pg_url)  # a second start runs no migration again
    with eng.connect() as c:
        assert c.execute(text("select version_num from alembic_version")).scalar() == HEAD


def test_session_flow_on_postgres(pg_url, corpus, tmp_path, monkeypatch):
    """Seed, sample, assign, decide, rescore, lock-out: the console's repository on PostgreSQL."""
    monkeypatch.setenv("JUANPING_DATA_DIR", str(tmp_path / "data"))
    eng = make_engine(pg_url)
    info = demo.seed_demo(eng, corpus, demo.truth_only)
    rs = repo.create_review_session(eng, "PG评查会", info["users"]["admin"], sample_rate=1.0, seed=4)
    with pytest.raises(ValueError, match="已有名为"):
        repo.create_review_session(eng, "PG评查会", info["users"]["admin"])
    c, v = demo.truth_only(corpus[0])
    repo.add_dossier(eng, corpus[0], c, session_id=rs.id, model_version=v)
    assert repo.draw_session_sample(eng, rs.id)
    tasks = repo.assign_session(eng, rs.id)
    a = tasks[0]
    repo.record_decision(eng, a.id, "MD-02", "override", user_id=a.reviewer_id, new_status="fail", reason="缺申请表")
    assert repo.effective_decisions(eng, a.id)["MD-02"].new_status == "fail"
    with pytest.raises(repo.ResampleRefused):
        repo.draw_session_sample(eng, rs.id)
    for _ in range(repo.MAX_FAILED_LOGINS):
        assert repo.authenticate(eng, "admin", "wrong") is None
    with pytest.raises(repo.LoginLocked):
        repo.authenticate(eng, "admin", demo.DEMO_PASSWORD)


def test_cli_store_upsert_and_batch_resume_on_postgres(pg_url, corpus):
    """The CLI's store upserts on the partial unique index (ON CONFLICT): a re-run batch keeps one
    row per file and skips what is done."""
    from service.batch import run_batch
    from store.results import ResultStore

    store = ResultStore(pg_url)
    first = run_batch(corpus, store=store, workers=1, progress=False)
    again = run_batch(corpus, store=ResultStore(pg_url), workers=1, progress=False)
    assert first.reviewed == len(corpus) and again.reviewed == 0
    assert len(ResultStore(pg_url).all()) == len(corpus)
