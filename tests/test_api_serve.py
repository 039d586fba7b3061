"""Acceptance check of issue 11: `juanping serve` (a real uvicorn subprocess on 127.0.0.1) takes 50
concurrent submissions (mostly duplicates by SHA-256) with no lost or duplicated job, and survives a
SIGKILL with jobs in flight: on restart the interrupted jobs are re-queued and every job ends done
exactly once."""
from __future__ import annotations

import os
import random
import signal
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from api_helpers import SAMPLES, free_port, start_serve, variant, wait_healthy, wait_jobs
from service.api import auth
from store import make_engine
from store.orm import ReviewJob

LEASE = "2"  # seconds: a dead server's running jobs are re-queued this soon after the restart


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead too
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def _rows(engine) -> list[ReviewJob]:
    with Session(engine) as s:
        return list(s.scalars(select(ReviewJob).order_by(ReviewJob.id)))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def setup(request, tmp_path):
    db = f"sqlite:///{tmp_path / 'serve.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    engine = make_engine(db)
    token, _ = auth.create_token(engine, "江苏省法律援助中心")
    files = list(SAMPLES) + [variant(p, tmp_path / f"v{i}_{p.name}", i) for i, p in enumerate(SAMPLES, 1)]
    return db, engine, token, files, tmp_path


def _submit(base: str, token: str, path) -> tuple[int, dict]:
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as c:
        r = c.post("/v1/jobs", files={"file": (path.name, path.read_bytes(), "application/pdf")})
        return r.status_code, r.json()


@pytest.mark.slow
def test_concurrent_submissions_and_restart_with_jobs_in_flight(setup):
    db, engine, token, files, tmp = setup
    assert len(SAMPLES) == 5 and len(files) == 10
    port, log = free_port(), tmp / "serve.log"
    base = f"http://127.0.0.1:{port}"
    server = start_serve(db, tmp / "data", port, log, "--workers", "2", "--lease", LEASE)
    try:
        wait_healthy(base, proc=server)
        # 50 concurrent submissions of 10 distinct files
        todo = files * 5
        random.Random(11).shuffle(todo)
        with ThreadPoolExecutor(25) as pool:
            answers = list(pool.map(lambda p: (p, *_submit(base, token, p)), todo))
        assert all(code in (200, 201) for _, code, _ in answers), [a[1:] for a in answers if a[1] not in (200, 201)]
        ids_by_sha = defaultdict(set)
        for _, code, body in answers:
            ids_by_sha[body["sha256"]].add(body["id"])
        assert len(ids_by_sha) == 10 and all(len(ids) == 1 for ids in ids_by_sha.values())  # no duplicated job
        assert sum(code == 201 for _, code, _ in answers) == 10  # each distinct file created exactly once
        assert len(_rows(engine)) == 10  # and nothing else in the table

        # more distinct files, then SIGKILL while they are running/queued
        more = [variant(p, tmp / f"w{i}_{p.name}", 100 + i) for i, p in enumerate(SAMPLES + SAMPLES[:1], 1)]
        with ThreadPoolExecutor(6) as pool:
            late = list(pool.map(lambda p: _submit(base, token, p), more))
        assert all(code == 201 for code, _ in late)
        deadline = time.monotonic() + 30
        while not any(r.status == "running" for r in _rows(engine)) and time.monotonic() < deadline:
            time.sleep(0.05)
        server.send_signal(signal.SIGKILL)
        server.wait(10)
        in_flight = [r for r in _rows(engine) if r.status in ("running", "queued")]
        running = [r for r in in_flight if r.status == "running"]
        assert running, "no job was running when the server was killed"
        worker_pids = {int(r.worker.rsplit(":", 1)[1]) for r in running}
        time.sleep(0.5)
        assert not any(_alive(pid) for pid in worker_pids), "worker processes outlived the killed server"

        server = start_serve(db, tmp / "data", port, log, "--workers", "2", "--lease", LEASE)
        wait_healthy(base, proc=server)
        all_ids = [r.id for r in _rows(engine)]
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30) as c:
            final = wait_jobs(c, base, all_ids, timeout=120)
            again = _submit(base, token, more[0])  # idempotent across the restart
            assert again[0] == 200 and again[1]["id"] == late[0][1]["id"]
            contract = c.get(f"/v1/jobs/{running[0].id}/contract").json()
        assert {v["status"] for v in final.values()} == {"done"}, {i: v["error"] for i, v in final.items()}
        rows = _rows(engine)
        assert len(rows) == 16 and len({r.sha256 for r in rows}) == 16
        assert all(r.finished_at and r.contract and r.claim_token is None for r in rows)
        assert all(r.attempts >= 2 for r in rows if r.id in {x.id for x in running})  # re-run after the kill
        assert all(r.attempts == 1 for r in rows if r.id not in {x.id for x in in_flight})
        assert contract["file"] == running[0].file_name and contract["contract_version"] == 2
        assert "result dropped" not in log.read_text(errors="replace")  # no job was finished twice
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(30)
            except Exception:  # noqa: BLE001
                server.kill()
