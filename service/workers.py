"""A process pool in which every file has a time budget: one file per worker at a time.

``concurrent.futures.ProcessPoolExecutor`` cannot stop one task: a file that hangs inside a
PDF engine or OCR holds its worker for ever, and a worker that dies breaks the whole pool.
Here the parent knows which file each worker has and since when, so it

- kills a worker whose file ran ``budget + grace`` seconds (the worker's own alarm, see
  service.time_budget.time_limit, normally stops the file at ``budget`` with a clean message; the
  kill is for code that never returns to Python) and starts a fresh one;
- reports a worker that died (segfault, OOM kill) as that one file's failure;
- stops every worker when the batch ends or is interrupted.

Workers are spawned (safe with torch/onnx threads) and ignore Ctrl-C, which is the parent's.
"""
from __future__ import annotations

import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

KILL_GRACE = 15.0  # seconds past the budget before the worker is killed


class NoSigint:
    """Block SIGINT while worker processes are spawned: they inherit the blocked mask (so a
    Ctrl-C during their start-up cannot print a traceback) until service.batch_worker.init_worker
    ignores it. In the parent a Ctrl-C that arrives meanwhile stays pending and is delivered on exit.

    Also hides ``__main__`` from the spawned children: under Streamlit (and AppTest)
    ``__main__`` is a page script, possibly a deleted temp file, that a spawn child would try
    to re-run; the workers only need the service modules, which they import by name."""

    def __enter__(self):
        import signal
        import types

        self._old = None
        if hasattr(signal, "pthread_sigmask"):
            self._old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        self._main = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        return self

    def __exit__(self, *exc):
        import signal

        if self._main is not None:
            sys.modules["__main__"] = self._main
        if self._old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, self._old)


def _serve(conn, slot: int, workers: int, task: Callable, args: tuple) -> None:
    """Worker process: review each (path, sha) received, send the result dict back."""
    from service.batch_worker import init_worker

    init_worker(slot=slot, workers=workers)
    try:
        conn.send("ready")  # the budget counts from here: spawning and loading the model are not the file's
        while True:
            msg = conn.recv()
            if msg is None:
                return
            path, sha = msg
            conn.send(task(path, *args, sha=sha))
    except (EOFError, BrokenPipeError, ConnectionError, KeyboardInterrupt):
        return  # the parent is gone or stopping: nothing to report to


@dataclass
class _Worker:
    proc: object
    conn: object
    slot: int
    ready: bool = False
    item: tuple[str, str] | None = None
    started: float = 0.0


class BudgetPool:
    """``workers`` processes running ``task(path, *args, sha=sha) -> dict`` with a time budget."""

    def __init__(self, workers: int, task: Callable, args: tuple = (), budget: float | None = None,
                 grace: float = KILL_GRACE, on_failure: Callable[[str, str, str], dict] | None = None):
        import multiprocessing as mp

        self.ctx = mp.get_context("spawn")
        self.n = max(1, workers)
        self.task, self.args = task, args
        self.budget, self.grace = budget, grace
        self.on_failure = on_failure  # (path, sha, kind: 'crashed' | 'timeout') -> result dict
        self.pool: list[_Worker] = []

    def _start(self, slot: int) -> _Worker:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_serve, args=(child, slot, self.n, self.task, self.args), daemon=True)
        with NoSigint():
            proc.start()
        child.close()
        return _Worker(proc, parent, slot)

    def _replace(self, w: _Worker) -> None:
        self._kill(w)
        self.pool[self.pool.index(w)] = self._start(w.slot)

    @staticmethod
    def _kill(w: _Worker) -> None:
        try:
            w.proc.kill()
            w.proc.join(5)
        except Exception:  # noqa: BLE001 - already gone
            pass
        w.conn.close()

    def _failure(self, w: _Worker, kind: str) -> dict:
        path, sha = w.item
        return self.on_failure(path, sha, kind) if self.on_failure else {"path": path, "sha256": sha,
                                                                         "status": "failed", "error": kind}

    def run(self, todo: list[tuple[Path | str, str]]) -> Iterator[dict]:
        """Result dicts as files finish (not in input order)."""
        from multiprocessing.connection import wait

        queue = deque((str(p), s) for p, s in todo)
        self.pool = [self._start(i) for i in range(min(self.n, len(queue)))]
        try:
            while queue or any(w.item for w in self.pool):
                self._dispatch(queue)
                busy = [w for w in self.pool if w.item]
                starting = [w for w in self.pool if not w.ready]
                timeout = None
                if self.budget and busy:
                    limit = self.budget + self.grace
                    timeout = max(0.05, min(w.started + limit for w in busy) - time.monotonic())
                wait([w.conn for w in busy + starting] + [w.proc.sentinel for w in busy + starting], timeout)
                for w in starting:
                    self._greet(w)
                done = []
                for w in busy:
                    result = self._collect(w)
                    if result is not None:
                        w.item = None
                        done.append(result)
                self._dispatch(queue)  # feed the workers before the caller stores these results
                yield from done
        finally:
            self.close()

    def _dispatch(self, queue: deque) -> None:
        """Send the next file to every ready, idle worker."""
        for w in self.pool:
            if w.ready and w.item is None and queue:
                w.item, w.started = queue.popleft(), time.monotonic()
                w.conn.send(w.item)

    def _greet(self, w: _Worker) -> None:
        """Mark a started worker ready once it says so; one that died starting is started again."""
        try:
            if w.conn.poll():
                w.ready = w.conn.recv() == "ready"
                return
        except (EOFError, OSError):
            pass
        if not w.proc.is_alive():
            self._replace(w)

    def _collect(self, w: _Worker) -> dict | None:
        """The worker's result, a failure if it died or ran out of time, None while it works."""
        try:
            if w.conn.poll():
                return w.conn.recv()
        except (EOFError, OSError):
            pass
        else:
            if w.proc.is_alive():
                if self.budget and time.monotonic() - w.started > self.budget + self.grace:
                    res = self._failure(w, "timeout")
                    self._replace(w)
                    return res
                return None
        res = self._failure(w, "crashed")
        self._replace(w)
        return res

    def close(self) -> None:
        """Stop every worker: idle ones are asked to exit, busy ones are killed."""
        for w in self.pool:
            if w.item is None:
                try:
                    w.conn.send(None)
                except (OSError, ValueError):
                    pass
            else:
                w.proc.kill()
        for w in self.pool:
            w.proc.join(5)
            if w.proc.is_alive():
                w.proc.kill()
            w.conn.close()
        self.pool = []
