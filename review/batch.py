"""Batch review at provincial scale: every PDF under a folder, in parallel, resumable.

- ``find_pdfs(target)`` the files (``*.pdf`` by name; content is checked when reviewed).
- ``review_one(path, password)`` the per-file work (runs in a worker process or on a Dask
  worker): never raises, returns a plain dict (picklable, no Review objects).
- ``run_batch(files, store=..., workers=..., dask=...)`` hashes every file, skips those
  already reviewed with the same model version (SHA-256 + model_version in the store),
  reviews duplicates (same hash) once, runs the rest on a local process pool (default) or a
  Dask distributed cluster, and writes each result to the database in the submitting
  process as soon as it finishes (one transaction per dossier; the store upserts on a
  unique key, so a killed and re-run batch loses nothing and duplicates nothing).

Kept free of heavy imports at module level: worker processes import this module first.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["BatchReport", "FileOutcome", "error_line", "find_pdfs", "review_one", "run_batch"]

# statuses of FileOutcome
REVIEWED, FAILED, SKIPPED, DUPLICATE = "reviewed", "failed", "skipped", "duplicate"


@dataclass
class FileOutcome:
    path: str
    sha256: str
    status: str                      # reviewed | failed | skipped | duplicate
    contract: dict | None = None
    summary: str | None = None
    error: str | None = None         # one line: 'name.pdf: reason / 原因'
    elapsed: float = 0.0
    duplicate_of: str | None = None
    model_version: str | None = None


@dataclass
class BatchReport:
    outcomes: list[FileOutcome] = field(default_factory=list)
    elapsed: float = 0.0
    interrupted: bool = False

    def of(self, status: str) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def reviewed(self) -> int:
        return len(self.of(REVIEWED))

    @property
    def failed(self) -> int:
        return len(self.of(FAILED))

    @property
    def skipped(self) -> int:
        return len(self.of(SKIPPED))

    @property
    def duplicates(self) -> int:
        return len(self.of(DUPLICATE))

    def summary_line(self) -> str:
        return (f"共 {len(self.outcomes)} 份案卷：成功 {self.reviewed} 份，无法评查 {self.failed} 份，"
                f"已评查跳过 {self.skipped} 份，重复文件 {self.duplicates} 份（用时 {self.elapsed:.1f} 秒）")

    def to_json(self) -> dict:
        return {"elapsed_s": round(self.elapsed, 3), "interrupted": self.interrupted,
                "counts": {s: len(self.of(s)) for s in (REVIEWED, FAILED, SKIPPED, DUPLICATE)},
                "files": [{"path": o.path, "sha256": o.sha256, "status": o.status, "error": o.error,
                           "duplicate_of": o.duplicate_of, "elapsed_s": round(o.elapsed, 3)}
                          for o in self.outcomes]}


# ------------------------------------------------------------------ files
def find_pdfs(target: Path | str) -> list[Path]:
    """Every ``*.pdf`` (any case) under a folder, sorted; a file is returned as is."""
    target = Path(target)
    if target.is_dir():
        return sorted(p for p in target.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
    return [target]


def sha256_of(path: Path | str) -> str:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return hashlib.sha256(("unreadable:" + str(path)).encode()).hexdigest()
    return h.hexdigest()


def error_line(exc: BaseException, path: Path | str | None = None) -> str:
    """One line naming the file and the reason, English and Chinese when known."""
    from ingest.errors import DossierError

    if isinstance(exc, DossierError):
        line = str(exc)
        if exc.reason_zh and exc.reason_zh not in line:
            line += f" / {exc.reason_zh}"
    else:
        name = Path(path).name if path is not None else "?"
        detail = str(exc).replace("\n", " ").strip()
        line = f"{name}: internal error while reviewing ({type(exc).__name__}: {detail}) / 评查时发生内部错误"
    return line.replace("\n", " ").replace("\r", " ")


# ------------------------------------------------------------------ per-file work
def _init_worker(counter=None, workers: int = 0) -> None:
    """Process-pool initializer: one BLAS thread per worker, the worker pinned to its share of
    the cores (so N workers' OCR threads do not oversubscribe them), model loaded once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # a pending one is now ignored
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    if counter is not None and workers > 1 and hasattr(os, "sched_setaffinity"):
        try:
            cores = sorted(os.sched_getaffinity(0))
            with counter.get_lock():
                slot = counter.value
                counter.value += 1
            if len(cores) >= workers:
                share = len(cores) // workers
                start = (slot % workers) * share
                os.sched_setaffinity(0, set(cores[start:start + share]))
        except (OSError, ValueError):
            pass
    try:
        from models import default_classifier

        default_classifier()
    except Exception:  # noqa: BLE001 - review_one reports a missing model per file
        pass


def review_one(path: str, password: str | None = None, sha256: str | None = None,
               summary: bool = True) -> dict:
    """Review one file; never raises. Returns a dict of FileOutcome fields."""
    from models import model_version

    started = time.perf_counter()
    out = {"path": str(path), "sha256": sha256 or sha256_of(path), "model_version": model_version()}
    try:
        from review.report import review_to_json, summary_text
        from review.service import review_file

        review = review_file(Path(path), password=password)
        out.update(status=REVIEWED, contract=review_to_json(review),
                   summary=summary_text(review) if summary else None)
    except Exception as exc:  # noqa: BLE001 - one bad file never stops a batch
        out.update(status=FAILED, error=error_line(exc, path))
        from ingest.errors import DossierError

        if not isinstance(exc, DossierError):
            out["traceback"] = traceback.format_exc(limit=8)
    out["elapsed"] = time.perf_counter() - started
    return out


def _outcome(d: dict) -> FileOutcome:
    return FileOutcome(path=d["path"], sha256=d["sha256"], status=d["status"], contract=d.get("contract"),
                       summary=d.get("summary"), error=d.get("error"), elapsed=d.get("elapsed", 0.0),
                       model_version=d.get("model_version"))


# ------------------------------------------------------------------ executors
def _run_inline(todo, password, summary):
    for path, sha in todo:
        yield review_one(str(path), password, sha, summary)


def _crashed(path, sha) -> dict:
    return {"path": str(path), "sha256": sha, "status": FAILED,
            "error": f"{Path(path).name}: the review process crashed on this file (out of memory or a "
                     f"PDF engine fault) / 评查进程在处理该文件时崩溃"}


class _NoSigint:
    """Block SIGINT while worker processes are spawned: they inherit the blocked mask (so a
    Ctrl-C during their start-up cannot print a traceback) until _init_worker ignores it. In
    the parent a Ctrl-C that arrives meanwhile stays pending and is delivered on exit.

    Also hides ``__main__`` from the spawned children: under Streamlit (and AppTest)
    ``__main__`` is a page script, possibly a deleted temp file, that a spawn child would try
    to re-run; the workers only need review.batch, which they import by name."""

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


def _stop_pool(pool, clean: bool) -> None:
    if not clean:  # interrupted or broken: do not wait for files in progress
        for proc in list((getattr(pool, "_processes", None) or {}).values()):
            try:
                proc.terminate()
            except Exception:  # noqa: BLE001
                pass
    pool.shutdown(wait=clean, cancel_futures=True)


def _run_pool(todo, password, summary, workers: int):
    """Local processes (spawn: safe with torch/onnx threads), at most 2 x workers files in flight.

    If a worker dies (segfault, OOM kill) the pool breaks: the files that were in flight are
    re-run one at a time in a fresh process, so only the file that kills its process fails."""
    import multiprocessing as mp
    from collections import deque
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    ctx = mp.get_context("spawn")
    counter = ctx.Value("i", 0)
    queue = deque(todo)
    suspects: deque = deque()
    while queue or suspects:
        if suspects:
            path, sha = suspects.popleft()
            pool = ProcessPoolExecutor(max_workers=1, mp_context=ctx, initializer=_init_worker)  # all cores
            ok = False
            try:
                with _NoSigint():
                    fut = pool.submit(review_one, str(path), password, sha, summary)
                res = fut.result()
                ok = True
            except BrokenProcessPool:
                res = _crashed(path, sha)
            finally:
                _stop_pool(pool, ok)
            yield res
            continue
        n = max(1, min(workers, len(queue)))
        counter.value = 0
        pool = ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=_init_worker,
                                   initargs=(counter, n))
        inflight: dict = {}
        clean = False
        try:
            while queue or inflight:
                while queue and len(inflight) < 2 * workers:
                    path, sha = queue.popleft()
                    with _NoSigint():
                        fut = pool.submit(review_one, str(path), password, sha, summary)
                    inflight[fut] = (path, sha)
                done, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
                broken = False
                for fut in done:
                    item = inflight.pop(fut)
                    try:
                        res = fut.result()
                    except BrokenProcessPool:
                        broken = True
                        suspects.append(item)
                        continue
                    yield res
                if broken:
                    suspects.extend(inflight.values())
                    inflight.clear()
                    print(f"评查进程异常退出，逐份重试 {len(suspects)} 份案卷 / a worker process died, "
                          f"retrying its files one by one", file=sys.stderr)
                    break
            else:
                clean = True
        finally:
            _stop_pool(pool, clean)


def _dask_client(dask):
    from distributed import Client

    if isinstance(dask, Client):
        return dask, False
    return Client(dask, timeout="30s"), True


def _run_dask(todo, password, summary, dask):
    """The same per-file work on a Dask distributed cluster; results come back as they finish."""
    from distributed import as_completed

    client, own = _dask_client(dask)
    try:
        paths = [str(p) for p, _ in todo]
        shas = [sha for _, sha in todo]
        futures = client.map(review_one, paths, [password] * len(paths), shas, [summary] * len(paths),
                             pure=False, key=[f"juanping-review-{sha[:16]}-{i}" for i, sha in enumerate(shas)])
        where = {f.key: (p, s) for f, p, s in zip(futures, paths, shas)}
        for fut in as_completed(futures):
            try:
                yield fut.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker (KilledWorker) fails this file only
                path, sha = where[fut.key]
                yield {"path": path, "sha256": sha, "status": FAILED,
                       "error": f"{Path(path).name}: Dask worker failed ({type(exc).__name__}: {exc}) "
                                f"/ 分布式评查节点出错".replace("\n", " ")}
            finally:
                fut.release()
    finally:
        if own:
            client.close()


# ------------------------------------------------------------------ the batch
def _progress(total: int, enabled: bool | None):
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                               TimeRemainingColumn)

    console = Console(stderr=True)
    if enabled is None:
        enabled = console.is_terminal
    return Progress(TextColumn("评查"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    TimeRemainingColumn(), TextColumn("{task.description}"), console=console,
                    disable=not enabled, transient=False)


def _json_dest(json_out: Path, path: Path, root: Path | None, single: bool) -> Path:
    if single:
        return json_out
    try:
        rel = path.resolve().relative_to(root.resolve()) if root else Path(path.name)
    except ValueError:
        rel = Path(path.name)
    return json_out / rel.with_suffix(".json")


def run_batch(files: Iterable[Path | str], *, store=None, workers: int | None = None,
              password: str | None = None, dask=None, json_out: Path | str | None = None,
              root: Path | str | None = None, summaries: bool = False, rereview: bool = False,
              progress: bool | None = None,
              on_outcome: Callable[[FileOutcome], None] | None = None) -> BatchReport:
    """Review many files; each finished result is written to ``store`` at once.

    workers: local processes (default os.cpu_count(); 1 = in this process).
    dask: a scheduler address ('tcp://host:8786') or a distributed.Client; then the work
    runs on the cluster and ``workers`` is ignored.
    json_out: folder for one contract JSON per file (the folder layout under ``root`` kept);
    for a single file and no ``root``, the JSON file itself.
    rereview: review again even when the store has a result for the same model version.
    on_outcome: called in this process for every outcome (printing, tests).
    KeyboardInterrupt stops the batch; everything already written stays, and a re-run
    picks up the rest (report.interrupted is set and the exception re-raised).
    """
    from models import model_version

    started = time.perf_counter()
    files = [Path(f) for f in files]
    report = BatchReport()
    single = root is None and len(files) == 1  # json_out is then the JSON file itself
    json_dir = Path(json_out) if json_out else None
    root_dir = Path(root) if root else None
    version = model_version()
    done_before = store.reviewed(version) if (store is not None and not rereview) else {}

    def emit(o: FileOutcome) -> None:
        report.outcomes.append(o)
        if json_dir and o.contract is not None and o.status in (REVIEWED, SKIPPED):
            dest = _json_dest(json_dir, Path(o.path), root_dir, single)
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_name(dest.name + ".tmp")
            tmp.write_text(json.dumps(o.contract, ensure_ascii=False, indent=2), encoding="utf-8")
            os.replace(tmp, dest)
        if on_outcome:
            on_outcome(o)

    # hash, skip already reviewed, collapse duplicates
    todo: list[tuple[Path, str]] = []
    first_of: dict[str, Path] = {}
    dups: list[FileOutcome] = []
    for path in files:
        sha = sha256_of(path)
        if sha in first_of:
            dups.append(FileOutcome(str(path), sha, DUPLICATE, duplicate_of=str(first_of[sha])))
            continue
        first_of[sha] = path
        if sha in done_before:
            emit(FileOutcome(str(path), sha, SKIPPED, contract=done_before[sha], model_version=version))
            continue
        todo.append((path, sha))
    for d in dups:
        emit(d)

    workers = workers or os.cpu_count() or 1
    if dask is not None:
        results = _run_dask(todo, password, summaries, dask)
    elif workers <= 1 or len(todo) <= 1:
        results = _run_inline(todo, password, summaries)
    else:
        results = _run_pool(todo, password, summaries, workers)

    bar = _progress(len(todo), progress)
    try:
        with bar:
            task = bar.add_task("", total=len(todo))
            for res in results:
                o = _outcome(res)
                if store is not None:
                    if o.status == REVIEWED:
                        store.save_contract(Path(o.path), o.contract, sha256=o.sha256,
                                            model_version=o.model_version or version)
                    else:
                        store.record_failure(Path(o.path), o.error or "failed", sha256=o.sha256,
                                             model_version=o.model_version or version)
                emit(o)
                bar.update(task, advance=1, description=Path(o.path).name)
    except KeyboardInterrupt:
        report.interrupted = True
        close = getattr(results, "close", None)
        if close:
            try:
                close()
            except Exception:  # noqa: BLE001
                pass
        raise
    finally:
        report.elapsed = time.perf_counter() - started
    return report
