"""Run queued jobs: local worker processes that claim jobs from the database, or a Dask dispatcher.

Each worker process loops: sweep stale jobs back to the queue (a dead server's or worker's),
claim the oldest queued job, review it (service.api.runner) while a thread renews its lease,
record the result (only if the claim is still its own). Workers die with the server (Linux
parent-death signal, and a parent check between jobs), so a killed server leaves only stale
leases, which the next server re-queues. The supervisor thread in the server restarts a
worker that died and kills one whose file ran past the time budget plus a grace period.
"""
from __future__ import annotations

import os
import socket
import sys
import threading
import time
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from service.api import jobs
from service.api.runner import INTERNAL_ERROR, JobResult, run_review
from service.api.settings import ApiSettings


def worker_name(pid: int | None = None) -> str:
    return f"{socket.gethostname()}:{pid or os.getpid()}"


def log(message: str) -> None:
    print(f"[juanping serve] {message}", file=sys.stderr, flush=True)


class Sweeper:
    """Re-queues stale jobs at most once per heartbeat interval (it is a cheap UPDATE, but not free)."""

    def __init__(self, settings: ApiSettings):
        self.settings, self.last = settings, 0.0

    def __call__(self, engine: Engine) -> None:
        if time.monotonic() - self.last >= self.settings.heartbeat_seconds:
            self.last = time.monotonic()
            n = jobs.requeue_stale(engine, self.settings.lease_seconds, self.settings.max_attempts)
            if n:
                log(f"{n} 个中断的任务已重新排队或终止 / {n} interrupted job(s) re-queued or given up")


class Heartbeat:
    """Context manager: renew the lease of some claims every ``interval`` seconds in a thread."""

    def __init__(self, engine: Engine, claims: list[jobs.Claim] | None, interval: float):
        self.engine, self.claims, self.interval = engine, claims if claims is not None else [], interval
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True, name="juanping-heartbeat")

    def _run(self) -> None:
        while not self.stop.wait(self.interval):
            for claim in list(self.claims):
                try:
                    jobs.heartbeat(self.engine, claim)
                except Exception as exc:  # noqa: BLE001 - the lease may lapse; the job is then re-run
                    log(f"heartbeat failed / 续租失败: {exc}")

    def __enter__(self) -> Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join(5)


def record(engine: Engine, claim: jobs.Claim, result: JobResult) -> None:
    if not jobs.finish(engine, claim, **result.as_kwargs()):
        log(f"job {claim.job_id}: result dropped, the claim was lost (lease expired) / 任务已被重新分配，结果未写入")
        return
    try:
        jobs.publish(engine, claim.job_id)
    except Exception as exc:  # noqa: BLE001 - the job's own result is recorded; the console copy can wait
        log(f"job {claim.job_id}: not copied to the console's table / 未写入控制台案卷表: {exc}")


# ------------------------------------------------------------------ local worker processes
def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent (the server) dies."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # other systems: the parent check in the loop still ends the worker between jobs


def worker_main(settings: ApiSettings, slot: int, busy_since, parent_pid: int) -> None:
    """A worker process: claim, review, record, until the server goes away."""
    from service.batch_worker import init_worker
    from store import make_engine

    _die_with_parent()
    if os.getppid() != parent_pid:
        return
    init_worker(slot=slot, workers=settings.workers)
    engine = make_engine(settings.db_url, migrate=False)
    sweep, me = Sweeper(settings), worker_name()
    while os.getppid() == parent_pid:
        try:
            sweep(engine)
            claim = jobs.claim(engine, me)
        except Exception as exc:  # noqa: BLE001 - database briefly unavailable: try again
            log(f"cannot claim a job / 无法领取任务: {exc}")
            claim = None
        if claim is None:
            time.sleep(settings.poll_seconds)
            continue
        busy_since.value = time.time()
        try:
            with Heartbeat(engine, [claim], settings.heartbeat_seconds):
                result = run_review(claim.file_path, claim.kind, claim.file_name, settings.time_budget)
            record(engine, claim, result)
        except Exception as exc:  # noqa: BLE001 - the lease lapses and another attempt is made
            log(f"job {claim.job_id}: cannot record the result / 无法写入结果: {exc}")
        finally:
            busy_since.value = 0.0


@dataclass
class _Slot:
    proc: object = None
    busy_since: object = None


@dataclass
class ProcessWorkers:
    """``settings.workers`` local processes, supervised by a thread of the server."""

    settings: ApiSettings
    engine: Engine
    slots: list[_Slot] = field(default_factory=list)

    def __post_init__(self) -> None:
        import multiprocessing as mp

        self.ctx = mp.get_context("spawn")
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._supervise, daemon=True, name="juanping-supervisor")

    def start(self) -> ProcessWorkers:
        self.slots = [_Slot(busy_since=self.ctx.RawValue("d", 0.0)) for _ in range(self.settings.workers)]
        for i in range(len(self.slots)):
            self._spawn(i)
        self.thread.start()
        return self

    def _spawn(self, i: int) -> None:
        from service.workers import NoSigint

        slot = self.slots[i]
        slot.busy_since.value = 0.0
        slot.proc = self.ctx.Process(target=worker_main, args=(self.settings, i, slot.busy_since, os.getpid()),
                                     daemon=True, name=f"juanping-worker-{i}")
        with NoSigint():
            slot.proc.start()

    def _supervise(self) -> None:
        limit = (self.settings.time_budget or 0) and self.settings.time_budget + self.settings.kill_grace
        while not self.stopping.wait(1.0):
            for i, slot in enumerate(self.slots):
                since = slot.busy_since.value
                hung = bool(limit and since and time.time() - since > limit)
                if slot.proc.is_alive() and not hung:
                    continue
                log(f"worker {i} {'ran past the time budget' if hung else 'died'}, restarting / 评查进程重启")
                slot.proc.kill()
                slot.proc.join(5)
                self._release(slot.proc.pid)
                if not self.stopping.is_set():
                    self._spawn(i)

    def _release(self, pid: int) -> None:
        try:
            jobs.release(self.engine, worker_name(pid), self.settings.max_attempts)
        except Exception as exc:  # noqa: BLE001 - the lease will lapse instead
            log(f"cannot re-queue the job of worker {pid}: {exc}")

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(5)
        for slot in self.slots:
            slot.proc.kill()
        for slot in self.slots:
            slot.proc.join(5)
            self._release(slot.proc.pid)


# ------------------------------------------------------------------ Dask
@dataclass
class DaskDispatcher:
    """Claims jobs in a server thread and runs them on a Dask cluster (service.batch_executors' client helper);
    as many in flight as the cluster has threads. Upload paths must be visible to the Dask workers."""

    settings: ApiSettings
    engine: Engine

    def __post_init__(self) -> None:
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True, name="juanping-dask")
        self.inflight: dict = {}
        self.me = f"{worker_name()}:dask"

    def start(self) -> DaskDispatcher:
        from service.batch_executors import dask_client

        self.client, self.own = dask_client(self.settings.dask)
        self.thread.start()
        return self

    def _fill(self, capacity: int) -> None:
        while len(self.inflight) < capacity:
            claim = jobs.claim(self.engine, self.me)
            if claim is None:
                return
            fut = self.client.submit(run_review, claim.file_path, claim.kind, claim.file_name,
                                     self.settings.time_budget, pure=False, key=f"juanping-job-{claim.token}")
            self.inflight[fut] = claim

    def _collect(self) -> None:
        for fut in [f for f in self.inflight if f.done()]:
            claim = self.inflight.pop(fut)
            try:
                result = fut.result()
            except Exception as exc:  # noqa: BLE001 - a lost Dask worker fails this job only
                result = JobResult(jobs.FAILED, error=f"{claim.file_name}: 分布式评查节点出错 / Dask worker failed "
                                                      f"({type(exc).__name__}: {exc})".replace("\n", " "),
                                   verdict=INTERNAL_ERROR)
            record(self.engine, claim, result)
            fut.release()

    def _run(self) -> None:
        sweep = Sweeper(self.settings)
        with Heartbeat(self.engine, None, self.settings.heartbeat_seconds) as beat:
            while not self.stopping.wait(self.settings.poll_seconds):
                try:
                    sweep(self.engine)
                    capacity = max(1, sum(self.client.nthreads().values()))
                    self._fill(capacity)
                    beat.claims[:] = list(self.inflight.values())
                    self._collect()
                except Exception as exc:  # noqa: BLE001 - keep dispatching; leases cover lost work
                    log(f"Dask dispatcher: {exc}")

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(10)
        for fut in list(self.inflight):
            fut.cancel()
        jobs.release(self.engine, self.me, self.settings.max_attempts)
        if self.own:
            self.client.close()


def start_workers(settings: ApiSettings, engine: Engine):
    """The job runner the settings ask for (None when this server only accepts jobs)."""
    if settings.dask:
        return DaskDispatcher(settings, engine).start()
    if settings.workers > 0:
        return ProcessWorkers(settings, engine).start()
    return None
