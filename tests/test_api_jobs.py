"""The review API's job table (service/api/jobs.py) without HTTP: idempotent submission under
races, claims that never hand one job to two workers (SQLite and PostgreSQL), exactly-once
finishing, re-queueing of jobs whose worker died."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.api import auth, jobs
from store import make_engine
from store.orm import ReviewJob, utcnow


@pytest.fixture
def engine(tmp_path):
    return make_engine(f"sqlite:///{tmp_path / 'jobs.db'}")


def _center(engine, name: str = "南京市法律援助中心") -> int:
    return auth.center_unit(engine, name).id


def _submit(engine, center: int, n: int) -> tuple:
    return jobs.submit(engine, center_id=center, sha256=f"{n:064x}", file_name=f"f{n}.pdf",
                       file_path=f"/x/{n}.pdf", kind=jobs.PDF, size_bytes=10)


def test_submit_is_idempotent_per_center(engine):
    a, b = _center(engine), _center(engine, "无锡市法律援助中心")
    job, created = _submit(engine, a, 1)
    again, created_again = _submit(engine, a, 1)
    other, created_other = _submit(engine, b, 1)
    assert created and not created_again and again.id == job.id
    assert created_other and other.id != job.id  # another center's job of the same bytes is its own


def test_concurrent_submissions_of_the_same_bytes_make_one_job(engine):
    center = _center(engine)
    barrier = threading.Barrier(12)

    def go(_):
        barrier.wait()
        return _submit(engine, center, 7)

    with ThreadPoolExecutor(12) as pool:
        results = list(pool.map(go, range(12)))
    assert len({job.id for job, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    with Session(engine) as s:
        assert len(s.scalars(select(ReviewJob)).all()) == 1


def _claim_all(engine, workers: int) -> list[jobs.Claim]:
    barrier = threading.Barrier(workers)

    def worker(i):
        barrier.wait()
        got = []
        while (c := jobs.claim(engine, f"w{i}")) is not None:
            got.append(c)
        return got

    with ThreadPoolExecutor(workers) as pool:
        return [c for got in pool.map(worker, range(workers)) for c in got]


def test_concurrent_claims_never_share_a_job_sqlite(engine):
    center = _center(engine)
    for n in range(40):
        _submit(engine, center, n)
    claims = _claim_all(engine, 6)
    assert sorted(c.job_id for c in claims) == sorted({c.job_id for c in claims})
    assert len(claims) == 40 and jobs.counts(engine)["running"] == 40


@pytest.mark.postgres
def test_concurrent_claims_never_share_a_job_postgres(pg_url):
    """FOR UPDATE SKIP LOCKED: many workers on one PostgreSQL table, each job to exactly one."""
    engine = make_engine(pg_url)
    center = _center(engine)
    for n in range(60):
        _submit(engine, center, n)
    claims = _claim_all(engine, 8)
    ids = [c.job_id for c in claims]
    assert len(ids) == 60 and len(set(ids)) == 60
    with Session(engine) as s:
        rows = s.scalars(select(ReviewJob)).all()
    assert all(r.status == jobs.RUNNING and r.attempts == 1 for r in rows)
    assert {r.claim_token for r in rows} == {c.token for c in claims}
    # idempotent submission races on PostgreSQL too
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: _submit(engine, center, 999), range(8)))
    assert len({j.id for j, _ in results}) == 1 and sum(c for _, c in results) == 1


def test_finish_only_once_and_only_by_the_current_claim(engine):
    center = _center(engine)
    _submit(engine, center, 1)
    first = jobs.claim(engine, "w1")
    assert jobs.claim(engine, "w2") is None  # nothing else queued
    # the worker is given up for dead: its job goes back and is claimed again
    assert jobs.release(engine, "w1", max_attempts=3) == 1
    second = jobs.claim(engine, "w2")
    assert second.job_id == first.job_id and second.attempts == 2
    assert not jobs.heartbeat(engine, first)
    assert not jobs.finish(engine, first, status=jobs.DONE, contract={"score": 1})  # stale claim
    assert jobs.finish(engine, second, status=jobs.DONE, contract={"score": 90.0, "grade": "优秀"})
    assert not jobs.finish(engine, second, status=jobs.DONE, contract={"score": 10})  # not twice
    job = jobs.get(engine, first.job_id)
    assert job.status == jobs.DONE and job.score == 90.0 and job.grade == "优秀" and job.claim_token is None


def test_stale_running_jobs_are_requeued_then_given_up(engine):
    center = _center(engine)
    _submit(engine, center, 1)
    claim = jobs.claim(engine, "w1")
    assert jobs.requeue_stale(engine, lease_seconds=60, max_attempts=2) == 0  # heartbeat is fresh
    later = utcnow() + timedelta(seconds=61)
    assert jobs.requeue_stale(engine, lease_seconds=60, max_attempts=2, now=later) == 1
    assert jobs.get(engine, claim.job_id).status == jobs.QUEUED
    jobs.claim(engine, "w2")
    assert jobs.requeue_stale(engine, lease_seconds=60, max_attempts=2, now=later + timedelta(seconds=61)) == 1
    job = jobs.get(engine, claim.job_id)
    assert job.status == jobs.FAILED and job.verdict == "interrupted" and "giving up" in job.error
    assert "多次中断" in job.error


def test_jobs_of_other_centers_are_invisible(engine):
    a, b = _center(engine), _center(engine, "无锡市法律援助中心")
    job, _ = _submit(engine, a, 1)
    assert jobs.get(engine, job.id, a) is not None and jobs.get(engine, job.id, b) is None
    assert [j.id for j in jobs.list_jobs(engine, a)] == [job.id] and jobs.list_jobs(engine, b) == []


def test_tokens_are_stored_hashed_and_revocable(engine):
    token, row = auth.create_token(engine, "徐州市法律援助中心", label="办案系统")
    with Session(engine) as s:
        stored = s.get(type(row), row.id).token_hash
    assert token not in stored and stored == auth.token_hash(token)
    who = auth.authenticate(engine, token)
    assert who.center_name == "徐州市法律援助中心"
    assert auth.authenticate(engine, token + "x") is None and auth.authenticate(engine, "") is None
    assert auth.revoke_token(engine, row.id) and not auth.revoke_token(engine, row.id)
    assert auth.authenticate(engine, token) is None


def test_token_for_a_firm_is_refused(engine):
    from store import repo

    repo.create_unit(engine, "某律师事务所", "firm")
    with pytest.raises(ValueError, match="不是法律援助中心"):
        auth.create_token(engine, "某律师事务所")
