"""The review job table: pure database functions, no HTTP (used by the app, the workers and tests).

Life of a job: ``submit`` (queued) -> ``claim`` (running, with a fresh claim token) ->
``heartbeat`` while it runs -> ``finish`` (done | failed). Only the holder of the current
claim token can heartbeat or finish, so a job is finished exactly once even when a worker
that was given up for dead comes back. ``requeue_stale`` puts running jobs whose heartbeat
stopped (their worker or the whole server died) back in the queue; after ``max_attempts``
claims such a job fails instead of looping for ever.

Concurrency: submissions race on the unique (center, sha256) constraint and the loser
reads the winner's row; claims use ``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL and
a single guarded ``UPDATE ... WHERE status = 'queued'`` elsewhere (SQLite serialises writers).
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from store.orm import ReviewJob, utcnow

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STATUSES = (QUEUED, RUNNING, DONE, FAILED)
PDF, EDOSSIER = "pdf", "edossier"
GAVE_UP = ("该文件的评查进程多次中断（崩溃、超时或服务重启），已停止重试 / "
           "the review of this file was interrupted {n} times (crash, timeout or restart); giving up")


@dataclass(frozen=True)
class Claim:
    """A job handed to one worker: what to review and the token proving the claim."""

    job_id: int
    token: str
    file_path: str
    file_name: str
    kind: str
    sha256: str
    attempts: int


def _session(engine: Engine) -> Session:
    return Session(engine, expire_on_commit=False)


# ------------------------------------------------------------------ submit and read
def submit(engine: Engine, *, center_id: int, sha256: str, file_name: str, file_path: str, kind: str,
           size_bytes: int, token_id: int | None = None) -> tuple[ReviewJob, bool]:
    """The center's job for these bytes and whether it was created now (False: it existed)."""
    existing = find(engine, center_id, sha256)
    if existing is not None:
        return existing, False
    job = ReviewJob(center_id=center_id, token_id=token_id, sha256=sha256, file_name=file_name,
                    file_path=file_path, kind=kind, size_bytes=size_bytes, status=QUEUED, attempts=0,
                    created_at=utcnow())
    try:
        with _session(engine) as s, s.begin():
            s.add(job)
        return job, True
    except IntegrityError:  # a concurrent submission of the same bytes won the race
        existing = find(engine, center_id, sha256)
        if existing is None:
            raise
        return existing, False


def find(engine: Engine, center_id: int, sha256: str) -> ReviewJob | None:
    with _session(engine) as s:
        return s.scalar(select(ReviewJob).where(ReviewJob.center_id == center_id, ReviewJob.sha256 == sha256))


def get(engine: Engine, job_id: int, center_id: int | None = None) -> ReviewJob | None:
    """The job, or None when it does not exist or belongs to another center."""
    with _session(engine) as s:
        job = s.get(ReviewJob, job_id)
    if job is None or (center_id is not None and job.center_id != center_id):
        return None
    return job


def list_jobs(engine: Engine, center_id: int, *, status: str | None = None, limit: int = 100,
              offset: int = 0) -> list[ReviewJob]:
    """A center's jobs, newest first."""
    q = select(ReviewJob).where(ReviewJob.center_id == center_id)
    if status:
        q = q.where(ReviewJob.status == status)
    with _session(engine) as s:
        return list(s.scalars(q.order_by(ReviewJob.id.desc()).limit(limit).offset(offset)))


def counts(engine: Engine) -> dict[str, int]:
    """Jobs per status (all centers)."""
    with _session(engine) as s:
        rows = s.execute(select(ReviewJob.status, func.count()).group_by(ReviewJob.status))
        return {st: 0 for st in STATUSES} | {st: int(n) for st, n in rows}


# ------------------------------------------------------------------ claiming and finishing
def claim(engine: Engine, worker: str) -> Claim | None:
    """Take the oldest queued job for ``worker``; None when the queue is empty.

    Safe under concurrency: two workers never get the same job."""
    token = secrets.token_hex(16)
    now = utcnow()
    values = dict(status=RUNNING, claim_token=token, worker=worker[:200], attempts=ReviewJob.attempts + 1,
                  started_at=now, heartbeat_at=now)
    oldest = select(ReviewJob.id).where(ReviewJob.status == QUEUED).order_by(ReviewJob.id).limit(1)
    with _session(engine) as s, s.begin():
        if engine.dialect.name == "postgresql":
            job_id = s.scalar(oldest.with_for_update(skip_locked=True))
            if job_id is None:
                return None
            s.execute(update(ReviewJob).where(ReviewJob.id == job_id).values(**values))
        else:  # one statement: the subquery and the guarded update run under SQLite's write lock
            res = s.execute(update(ReviewJob).where(ReviewJob.id == oldest.scalar_subquery(),
                                                    ReviewJob.status == QUEUED).values(**values))
            if res.rowcount != 1:
                return None
        job = s.scalar(select(ReviewJob).where(ReviewJob.claim_token == token))
        return Claim(job.id, token, job.file_path, job.file_name, job.kind, job.sha256, job.attempts)


def heartbeat(engine: Engine, claim: Claim) -> bool:
    """Renew the claim's lease; False when the job is no longer this claim's."""
    with _session(engine) as s, s.begin():
        res = s.execute(update(ReviewJob).where(ReviewJob.id == claim.job_id, ReviewJob.claim_token == claim.token,
                                                ReviewJob.status == RUNNING).values(heartbeat_at=utcnow()))
        return res.rowcount == 1


def finish(engine: Engine, claim: Claim, *, status: str, contract: dict | None = None, error: str | None = None,
           verdict: str | None = None, model_version: str | None = None) -> bool:
    """Record the result once: False (nothing written) when the claim is no longer current."""
    if status not in (DONE, FAILED):
        raise ValueError(status)
    values = dict(status=status, contract=contract, error=error, verdict=verdict, model_version=model_version,
                  score=(contract or {}).get("score"), grade=(contract or {}).get("grade"),
                  finished_at=utcnow(), claim_token=None)
    with _session(engine) as s, s.begin():
        res = s.execute(update(ReviewJob).where(ReviewJob.id == claim.job_id, ReviewJob.claim_token == claim.token,
                                                ReviewJob.status == RUNNING).values(**values))
        return res.rowcount == 1


def requeue_stale(engine: Engine, lease_seconds: float, max_attempts: int, now: datetime | None = None) -> int:
    """Running jobs whose heartbeat is older than the lease (their worker or server died): back to
    the queue, or failed after ``max_attempts`` claims. Returns how many were touched."""
    cutoff = (now or utcnow()) - timedelta(seconds=lease_seconds)
    return _give_back(engine, max_attempts, ReviewJob.heartbeat_at < cutoff)


def release(engine: Engine, worker: str, max_attempts: int) -> int:
    """The same for the running jobs of a worker known to be gone (no waiting for the lease)."""
    return _give_back(engine, max_attempts, ReviewJob.worker == worker[:200])


def _give_back(engine: Engine, max_attempts: int, which) -> int:
    running = (ReviewJob.status == RUNNING, which)
    with _session(engine) as s, s.begin():
        failed = s.execute(update(ReviewJob).where(*running, ReviewJob.attempts >= max_attempts).values(
            status=FAILED, claim_token=None, finished_at=utcnow(), verdict="interrupted",
            error=GAVE_UP.format(n=max_attempts))).rowcount
        requeued = s.execute(update(ReviewJob).where(*running, ReviewJob.attempts < max_attempts).values(
            status=QUEUED, claim_token=None, worker=None)).rowcount
    return failed + requeued


# ------------------------------------------------------------------ results into the console's table
API_BATCH = "接口提交"  # the console's self-check batch under which the API's reviews appear


def publish(engine: Engine, job_id: int) -> bool:
    """Copy a finished job's review into the ``dossiers`` table (batch 接口提交, the job's center), so the
    console, subsidy statements and monthly letters see what case software submitted. Once per job
    and model version; files that are not dossiers or could not be read are not published."""
    from store.orm import DossierRow
    from store.dossier_rows import contract_columns

    with _session(engine) as s, s.begin():
        job = s.get(ReviewJob, job_id)
        if job is None or job.status != DONE or not job.contract:
            return False
        seen = s.scalar(select(func.count(DossierRow.id)).where(
            DossierRow.batch == API_BATCH, DossierRow.sha256 == job.sha256, DossierRow.center_id == job.center_id,
            DossierRow.model_version == job.model_version))
        if seen:
            return False
        s.add(DossierRow(batch=API_BATCH, file_name=job.file_name, file_path=job.file_path, sha256=job.sha256,
                      center_id=job.center_id, model_version=job.model_version, status="reviewed",
                      **contract_columns(job.contract)))
    return True
